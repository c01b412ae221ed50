import { interventionLandmark, type LandmarkGroup, type LandmarkOutcome } from '@trackrecord/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { type ReadScope, scoped } from '../scope.ts';
import type { InterventionRow } from './table.ts';

/** The interventions on a person, oldest first (empty when out of the scope). */
export async function interventionsOf(
  db: Kysely<Database>,
  scope: ReadScope,
  employeeId: string,
): Promise<InterventionRow[]> {
  return scoped(db, scope, 'interventions', { join: 'inner' })
    .selectAll('interventions')
    .where('interventions.employee_id', '=', employeeId)
    .orderBy('interventions.at')
    .orderBy('interventions.position')
    .execute();
}

/** One group of flagged people: how many, how many stayed, and the share with its interval. */
export type RetentionGroup = LandmarkGroup;

export interface InterventionOutcome extends LandmarkOutcome {
  /** Interventions on people never flagged: not compared (there is no flag to compare from). */
  readonly unflaggedInterventions: number;
}

/**
 * Does an intervention keep people? The landmark comparison (domain `interventionLandmark`)
 * over the people within the scope the published retention model ever flagged: each one's
 * first flagged week from the kept flag history (`read.retention_predictions`), their
 * interventions (`read.interventions`) and when they left (`read.people`). Intervened means an
 * intervention within `graceDays` of the flag; people who left within it are in neither group;
 * both groups are followed `followUpDays` from the flag.
 */
export async function interventionOutcome(
  db: Kysely<Database>,
  scope: ReadScope,
  options: { asOf: string; followUpDays?: number; graceDays?: number; minimumPerGroup?: number },
): Promise<InterventionOutcome> {
  const [flags, interventions, people] = await Promise.all([
    scoped(db, scope, 'retention_predictions', { join: 'inner' })
      .select(['retention_predictions.employee_id'])
      .select((eb) => eb.fn.min('retention_predictions.week_start').as('first_flag'))
      .where('retention_predictions.flagged', '=', true)
      .groupBy('retention_predictions.employee_id')
      .execute(),
    scoped(db, scope, 'interventions', { join: 'inner' })
      .select(['interventions.employee_id', 'interventions.at'])
      .execute(),
    scoped(db, scope, 'people').select(['employee_id', 'left_at']).execute(),
  ]);
  const leftAt = new Map(people.map((p) => [p.employee_id, p.left_at]));
  const byPerson = new Map<string, string[]>();
  for (const i of interventions) {
    const list = byPerson.get(i.employee_id) ?? [];
    list.push(i.at);
    byPerson.set(i.employee_id, list);
  }
  const flagged = new Set(flags.map((f) => f.employee_id));
  let unflagged = 0;
  for (const [id, list] of byPerson) if (!flagged.has(id)) unflagged += list.length;
  const outcome = interventionLandmark(
    flags
      .filter((f) => leftAt.has(f.employee_id))
      .map((f) => ({
        personId: f.employee_id,
        firstFlag: String(f.first_flag),
        interventions: byPerson.get(f.employee_id) ?? [],
        leftOn: leftAt.get(f.employee_id) ?? null,
      })),
    {
      asOf: options.asOf,
      ...(options.followUpDays !== undefined ? { followUpDays: options.followUpDays } : {}),
      ...(options.graceDays !== undefined ? { graceDays: options.graceDays } : {}),
      ...(options.minimumPerGroup !== undefined ? { minimumPerGroup: options.minimumPerGroup } : {}),
    },
  );
  return { ...outcome, unflaggedInterventions: unflagged };
}
