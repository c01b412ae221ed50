import type { Kysely } from 'kysely';
import { parseRecorded } from '../runner/parse.ts';
import type { Projection } from '../runner/projection.ts';
import type { PeopleDb } from './table.ts';

const EVENT_TYPES = [
  'EmployeeHired',
  'EmployeeTransferred',
  'RankChanged',
  'ProbationPassed',
  'ProbationFailed',
  'EmployeeLeft',
] as const;

/** Organisation and people, from the career events of `employee-<id>` streams. */
export const peopleProjection: Projection<PeopleDb> = {
  name: 'people',
  version: '1',
  tables: ['people'],
  eventTypes: EVENT_TYPES,
  async apply(db: Kysely<PeopleDb>, events) {
    for (const recorded of events) {
      const event = parseRecorded(recorded);
      const position = recorded.position.toString();
      const update = (employeeId: string, values: Partial<PeopleDb['people']>) =>
        db
          .updateTable('people')
          .set({ ...values, updated_position: position })
          .where('employee_id', '=', employeeId)
          .execute();
      switch (event.type) {
        case 'EmployeeHired': {
          const d = event.data;
          const row = {
            employee_id: d.employeeId,
            name: d.name,
            branch_id: d.branchId,
            team_id: d.teamId,
            region_id: d.regionId,
            manager_id: d.managerId,
            level: d.level,
            track: d.track,
            status: 'active' as const,
            probation: d.probationEnd ? ('on_probation' as const) : ('none' as const),
            probation_end: d.probationEnd,
            hired_at: d.hiredAt,
            left_at: null,
            left_voluntary: null,
            recruiting_fit: d.recruitingFit,
            updated_position: position,
          };
          await db
            .insertInto('people')
            .values(row)
            .onConflict((oc) => oc.column('employee_id').doUpdateSet(row))
            .execute();
          break;
        }
        case 'EmployeeTransferred':
          await update(event.data.employeeId, {
            branch_id: event.data.toBranchId,
            team_id: event.data.toTeamId,
            manager_id: event.data.managerId,
          });
          break;
        case 'RankChanged':
          await update(event.data.employeeId, { level: event.data.toLevel, track: event.data.track });
          break;
        case 'ProbationPassed':
          await update(event.data.employeeId, { probation: 'passed' });
          break;
        case 'ProbationFailed':
          await update(event.data.employeeId, { probation: 'failed' });
          break;
        case 'EmployeeLeft':
          await update(event.data.employeeId, {
            status: 'departed',
            left_at: event.data.leftAt,
            left_voluntary: event.data.voluntary,
          });
          break;
        default:
          throw new Error(`people projection received ${event.type}, which it does not handle`);
      }
    }
  },
};
