import type { Kysely } from 'kysely';
import type { Projection } from '../runner/projection.ts';
import { upsert } from '../support.ts';
import type { NewPerson, PeopleDb } from './table.ts';

const EVENT_TYPES = [
  'EmployeeHired',
  'EmployeeTransferred',
  'RankChanged',
  'ProbationPassed',
  'ProbationFailed',
  'EmployeeLeft',
  'PersonalDataRedacted',
] as const;

/** Organisation and people, from the career events of `employee-<id>` streams. */
export const peopleProjection: Projection<PeopleDb, (typeof EVENT_TYPES)[number]> = {
  name: 'people',
  version: '2',
  tables: ['people'],
  eventTypes: EVENT_TYPES,
  async apply(db: Kysely<PeopleDb>, events) {
    // Folded in memory, then written with one multi-row upsert: the rows each event's own
    // statement would have left, in one round trip instead of one per event.
    const parsed = events.map(({ event, position }) => ({ event, position: position.toString() }));
    const referenced = new Set<string>();
    for (const { event } of parsed) {
      if (
        event.type === 'EmployeeTransferred' ||
        event.type === 'RankChanged' ||
        event.type === 'ProbationPassed' ||
        event.type === 'ProbationFailed' ||
        event.type === 'EmployeeLeft' ||
        event.type === 'PersonalDataRedacted'
      )
        referenced.add(event.data.employeeId);
    }
    const rows = new Map<string, NewPerson>();
    if (referenced.size > 0) {
      for (const row of await db
        .selectFrom('people')
        .selectAll()
        .where('employee_id', 'in', [...referenced])
        .execute())
        rows.set(row.employee_id, row);
    }
    const changed = new Set<string>();
    const update = (employeeId: string, position: string, values: Partial<NewPerson>) => {
      const row = rows.get(employeeId);
      if (!row) return; // hired before this read model's history: nothing to update
      Object.assign(row, values, { updated_position: position });
      changed.add(employeeId);
    };
    for (const { event, position } of parsed) {
      switch (event.type) {
        case 'EmployeeHired': {
          const d = event.data;
          rows.set(d.employeeId, {
            employee_id: d.employeeId,
            name: d.name,
            name_en: d.nameEn ?? null,
            branch_id: d.branchId,
            team_id: d.teamId,
            region_id: d.regionId,
            manager_id: d.managerId,
            level: d.level,
            track: d.track,
            status: 'active',
            probation: d.probationEnd ? 'on_probation' : 'none',
            probation_end: d.probationEnd,
            hired_at: d.hiredAt,
            left_at: null,
            left_voluntary: null,
            recruiting_fit: d.recruitingFit,
            updated_position: position,
          });
          changed.add(d.employeeId);
          break;
        }
        case 'EmployeeTransferred':
          update(event.data.employeeId, position, {
            branch_id: event.data.toBranchId,
            team_id: event.data.toTeamId,
            manager_id: event.data.managerId,
          });
          break;
        case 'RankChanged':
          update(event.data.employeeId, position, { level: event.data.toLevel, track: event.data.track });
          break;
        case 'ProbationPassed':
          update(event.data.employeeId, position, { probation: 'passed' });
          break;
        case 'ProbationFailed':
          update(event.data.employeeId, position, { probation: 'failed' });
          break;
        case 'EmployeeLeft':
          update(event.data.employeeId, position, {
            status: 'departed',
            left_at: event.data.leftAt,
            left_voluntary: event.data.voluntary,
          });
          break;
        case 'PersonalDataRedacted': {
          // The store has overwritten the name in the hire event (a rebuild reads it redacted);
          // the row written before says so now too, with the words the event names.
          const erased = (field: string) =>
            event.data.erased.find((e) => e.eventType === 'EmployeeHired' && e.field === field)?.value;
          const name = erased('name');
          const nameEn = erased('nameEn');
          update(event.data.employeeId, position, {
            ...(name ? { name } : {}),
            ...(nameEn ? { name_en: nameEn } : {}),
          });
          break;
        }
        default: {
          const unhandled: never = event;
          throw new Error(
            `people projection received ${JSON.stringify(unhandled)}, which it does not handle`,
          );
        }
      }
    }
    await upsert(
      db,
      'people',
      [...changed].sort().map((id) => rows.get(id) as NewPerson),
      ['employee_id'],
    );
  },
};
