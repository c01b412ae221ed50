import { addDays, newcombe95, wilson95 } from '@trackrecord/domain';
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
export interface RetentionGroup {
  readonly people: number;
  readonly stayed: number;
  readonly retention: number | null;
  readonly interval: readonly [number, number] | null;
}

export interface InterventionOutcome {
  /** Days after the reference day (the intervention, else the first flag) a person must still be employed. */
  readonly horizonDays: number;
  readonly asOf: string;
  /** Fewer people than this in either group and no difference is stated. */
  readonly minimumPerGroup: number;
  readonly intervened: RetentionGroup;
  readonly notIntervened: RetentionGroup;
  /** Intervened retention − not intervened, with Newcombe's 95% interval; null below the minimum. */
  readonly difference: number | null;
  readonly differenceInterval: readonly [number, number] | null;
  /** Flagged people whose horizon has not ended by `asOf`: left out. */
  readonly tooRecent: number;
  /** Interventions on people never flagged: not compared (there is no flag to compare from). */
  readonly unflaggedInterventions: number;
}

const group = (stayed: number, people: number): RetentionGroup => ({
  people,
  stayed,
  retention: people > 0 ? stayed / people : null,
  interval: wilson95(stayed, people),
});

/**
 * Does an intervention keep people? Among people flagged at risk within the scope (a
 * `risk_high` alert raised about them, or flagged in the current risk row, from its week), those
 * with an intervention against those without one: the share still
 * employed `horizonDays` after the intervention (or, without one, after the first flag), counting
 * only people whose horizon has ended by `asOf`. Comparable means flagged by the same model rules;
 * the groups are not matched further, so the difference is an association, not a proven effect.
 */
export async function interventionOutcome(
  db: Kysely<Database>,
  scope: ReadScope,
  options: { asOf: string; horizonDays?: number; minimumPerGroup?: number },
): Promise<InterventionOutcome> {
  const horizon = options.horizonDays ?? 90;
  if (!Number.isInteger(horizon) || horizon < 7 || horizon > 730) {
    throw new RangeError(`horizonDays must be a whole number from 7 to 730, got ${horizon}`);
  }
  const minimum = options.minimumPerGroup ?? 5;
  const asOf = options.asOf.slice(0, 10);
  const [alerts, risks, interventions, people] = await Promise.all([
    scoped(db, scope, 'alerts', { join: 'inner' })
      .select(['alerts.employee_id', 'alerts.raised_at'])
      .where('alerts.kind', '=', 'risk_high')
      .execute(),
    scoped(db, scope, 'retention_risk', { join: 'inner' })
      .select(['retention_risk.employee_id', 'retention_risk.week_start'])
      .where('retention_risk.flagged', '=', true)
      .execute(),
    scoped(db, scope, 'interventions', { join: 'inner' })
      .select(['interventions.employee_id', 'interventions.at'])
      .execute(),
    scoped(db, scope, 'people').select(['employee_id', 'left_at']).execute(),
  ]);
  const firstFlag = new Map<string, string>();
  const flag = (id: string, day: string) => {
    const known = firstFlag.get(id);
    if (known === undefined || day < known) firstFlag.set(id, day);
  };
  for (const a of alerts) flag(a.employee_id, a.raised_at.slice(0, 10));
  for (const r of risks) flag(r.employee_id, r.week_start.slice(0, 10));
  const leftAt = new Map(people.map((p) => [p.employee_id, p.left_at?.slice(0, 10) ?? null]));
  const firstIntervention = new Map<string, string>();
  let unflagged = 0;
  for (const i of [...interventions].sort((a, b) => a.at.localeCompare(b.at))) {
    const day = i.at.slice(0, 10);
    if (!firstFlag.has(i.employee_id)) {
      unflagged++;
      continue;
    }
    // The current risk row gives the latest flagged week, not the first: an intervention before it
    // still followed a flag the person most likely had, so any intervention on a flagged person counts.
    if (!firstIntervention.has(i.employee_id)) firstIntervention.set(i.employee_id, day);
  }
  let tooRecent = 0;
  const counts = { intervened: [0, 0], notIntervened: [0, 0] };
  for (const [id, flagged] of firstFlag) {
    if (!leftAt.has(id)) continue;
    const from = firstIntervention.get(id) ?? flagged;
    const end = addDays(from, horizon);
    if (end > asOf) {
      tooRecent++;
      continue;
    }
    const left = leftAt.get(id) ?? null;
    const stayed = left === null || left >= end;
    const c = firstIntervention.has(id) ? counts.intervened : counts.notIntervened;
    c[0] = (c[0] as number) + (stayed ? 1 : 0);
    c[1] = (c[1] as number) + 1;
  }
  const [is, ip] = counts.intervened as [number, number];
  const [ns, np] = counts.notIntervened as [number, number];
  const enough = ip >= minimum && np >= minimum;
  return {
    horizonDays: horizon,
    asOf,
    minimumPerGroup: minimum,
    intervened: group(is, ip),
    notIntervened: group(ns, np),
    difference: enough ? is / ip - ns / np : null,
    differenceInterval: enough ? newcombe95(is, ip, ns, np) : null,
    tooRecent,
    unflaggedInterventions: unflagged,
  };
}
