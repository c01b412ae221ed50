import { type Kysely, sql } from 'kysely';
import type { Database } from '../database.ts';
import {
  checkMonth,
  checkMonthRange,
  type MonthRange,
  type ReadScope,
  scoped,
  scopeFilter,
} from '../scope.ts';
import type { EligibilityRow, RetentionModelQualityRow, RetentionRiskRow, ScoreRow } from './table.ts';

/**
 * Reads of what the `evaluations` projection writes: composite scores, eligibility verdicts and
 * retention risk, each within a reader's scope.
 */

// ——— scores ———

/** One person's monthly scores over the range, oldest first; empty when out of scope. */
export async function personScores(
  db: Kysely<Database>,
  scope: ReadScope,
  employeeId: string,
  range: MonthRange,
): Promise<ScoreRow[]> {
  checkMonthRange(range);
  return scoped(db, scope, 'scores')
    .selectAll('scores')
    .where('scores.employee_id', '=', employeeId)
    .where('scores.month', '>=', range.from)
    .where('scores.month', '<=', range.to)
    .orderBy('scores.month')
    .execute();
}

/** The score of each listed person for one month (for a dataloader); people out of scope are absent. */
export async function scoresForPeople(
  db: Kysely<Database>,
  scope: ReadScope,
  employeeIds: readonly string[],
  month: string,
): Promise<ScoreRow[]> {
  checkMonth(month);
  if (employeeIds.length === 0) return Promise.resolve([]);
  return scoped(db, scope, 'scores')
    .selectAll('scores')
    .where('scores.employee_id', 'in', [...employeeIds])
    .where('scores.month', '=', month)
    .orderBy('scores.employee_id')
    .execute();
}

/** The month's scores within the scope, best first, optionally at least `minScore`. */
export async function monthScores(
  db: Kysely<Database>,
  scope: ReadScope,
  month: string,
  options: { minScore?: number; limit?: number } = {},
): Promise<ScoreRow[]> {
  checkMonth(month);
  const limit = options.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new RangeError(`limit must be from 1 to 1000, got ${limit}`);
  }
  let query = scoped(db, scope, 'scores').selectAll('scores').where('scores.month', '=', month);
  if (options.minScore !== undefined) query = query.where('scores.score', '>=', options.minScore);
  return query.orderBy('scores.score', 'desc').orderBy('scores.employee_id').limit(limit).execute();
}

/** The latest scored month of each listed person, with its breakdown (for a dataloader). */
export async function latestScoresFor(
  db: Kysely<Database>,
  scope: ReadScope,
  employeeIds: readonly string[],
): Promise<ScoreRow[]> {
  if (employeeIds.length === 0) return [];
  return scoped(db, scope, 'scores')
    .selectAll('scores')
    .where('scores.employee_id', 'in', [...employeeIds])
    .distinctOn('scores.employee_id')
    .orderBy('scores.employee_id')
    .orderBy('scores.month', 'desc')
    .execute();
}

// ——— eligibility ———

/** The verdicts of each listed person for their next levels (for a dataloader and one person alike). */
export async function eligibilityForPeople(
  db: Kysely<Database>,
  scope: ReadScope,
  employeeIds: readonly string[],
): Promise<EligibilityRow[]> {
  if (employeeIds.length === 0) return Promise.resolve([]);
  return scoped(db, scope, 'eligibility')
    .selectAll('eligibility')
    .where('eligibility.employee_id', 'in', [...employeeIds])
    .orderBy('eligibility.employee_id')
    .orderBy('eligibility.track')
    .execute();
}

export interface EligibilityFilter {
  /** Only fully eligible (true) or not yet eligible (false) verdicts. */
  readonly eligible?: boolean;
  readonly toLevel?: string;
  /** Verdicts missing at most this many requirements ("close" candidates). */
  readonly maxUnmet?: number;
}

/** Verdicts within the scope matching the filter, closest to eligible first. */
export async function eligibilityList(
  db: Kysely<Database>,
  scope: ReadScope,
  filter: EligibilityFilter,
  limit = 100,
): Promise<EligibilityRow[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new RangeError(`limit must be from 1 to 1000, got ${limit}`);
  }
  if (filter.maxUnmet !== undefined && (!Number.isInteger(filter.maxUnmet) || filter.maxUnmet < 0)) {
    throw new RangeError(`maxUnmet must be a whole number ≥ 0, got ${filter.maxUnmet}`);
  }
  let query = scoped(db, scope, 'eligibility').selectAll('eligibility');
  if (filter.eligible !== undefined) query = query.where('eligibility.eligible', '=', filter.eligible);
  if (filter.toLevel) query = query.where('eligibility.to_level', '=', filter.toLevel);
  if (filter.maxUnmet !== undefined) {
    const max = filter.maxUnmet;
    query = query.where((eb) => eb(eb('eligibility.required', '-', eb.ref('eligibility.met')), '<=', max));
  }
  return query
    .orderBy((eb) => eb('eligibility.required', '-', eb.ref('eligibility.met')))
    .orderBy('eligibility.employee_id')
    .orderBy('eligibility.track')
    .limit(limit)
    .execute();
}

// ——— retention risk ———

export type RiskBand = RetentionRiskRow['band'];
const BANDS: readonly RiskBand[] = ['low', 'medium', 'high'];

/** The risk of each listed person (for a dataloader and one person alike); out of scope: absent. */
export async function retentionRiskForPeople(
  db: Kysely<Database>,
  scope: ReadScope,
  employeeIds: readonly string[],
): Promise<RetentionRiskRow[]> {
  if (employeeIds.length === 0) return Promise.resolve([]);
  return scoped(db, scope, 'retention_risk')
    .selectAll('retention_risk')
    .where('retention_risk.employee_id', 'in', [...employeeIds])
    .orderBy('retention_risk.employee_id')
    .execute();
}

/** People within the scope at the given risk bands (all when none), flagged and riskiest first. */
export async function retentionRiskList(
  db: Kysely<Database>,
  scope: ReadScope,
  filter: { bands?: readonly RiskBand[]; flagged?: boolean },
  limit = 100,
): Promise<RetentionRiskRow[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new RangeError(`limit must be from 1 to 1000, got ${limit}`);
  }
  for (const band of filter.bands ?? []) {
    if (!BANDS.includes(band)) throw new RangeError(`risk band must be low, medium or high, got ${band}`);
  }
  let query = scoped(db, scope, 'retention_risk').selectAll('retention_risk');
  if (filter.bands && filter.bands.length > 0)
    query = query.where('retention_risk.band', 'in', [...filter.bands]);
  if (filter.flagged !== undefined) query = query.where('retention_risk.flagged', '=', filter.flagged);
  return query
    .orderBy('retention_risk.flagged', 'desc')
    .orderBy((eb) => eb.fn.coalesce('retention_risk.risk', eb.lit(0)), 'desc')
    .orderBy('retention_risk.employee_id')
    .limit(limit)
    .execute();
}

/** Quality figures of every published retention model version, newest first. */
export async function retentionModelQuality(db: Kysely<Database>): Promise<RetentionModelQualityRow[]> {
  return db
    .withSchema('read')
    .selectFrom('retention_model_quality')
    .selectAll()
    .orderBy('position', 'desc')
    .execute();
}

export interface FairnessCounts {
  readonly branchId: string;
  /** People employed at some time in the model's window (active, or left within it). */
  readonly people: number;
  /** Of them, flagged under the model: flagged now, in a week of the flag history, or by a `risk_high` alert raised under it. */
  readonly flagged: number;
  /** Departures within the window, and those of them voluntary. */
  readonly left: number;
  readonly voluntaryLeft: number;
  /** Departures within the window flagged before they left. */
  readonly flaggedLeft: number;
}

/**
 * Per branch within the scope, how a retention model version's flags fall: everyone employed in
 * its window [`from`, `to`) (the publication date of this version up to the next one's, or
 * open), flagged under it — the current risk row (`read.retention_risk`) under that model and
 * version is flagged, a week of its kept flag history (`read.retention_predictions`) was, or a
 * `risk_high` alert (`read.alerts`, evidence `<id> v<version>`) was raised about them — and
 * whether they left within the window (`read.people`), flagged before leaving. Departed people
 * have no risk row any more, so their flags come from the flag history and the alerts.
 */
export async function retentionFairness(
  db: Kysely<Database>,
  scope: ReadScope,
  model: { id: string; version: number; from: string; to: string | null },
): Promise<FairnessCounts[]> {
  const filter = scopeFilter(scope);
  const scopeSql = filter ? sql`AND ${sql.ref(filter.column)} = ${filter.value}` : sql``;
  const from = model.from.slice(0, 10);
  const to = model.to?.slice(0, 10) ?? null;
  const ref = `${model.id} v${model.version}`;
  const { rows } = await sql<{
    branch_id: string;
    people: string;
    flagged: string;
    left: string;
    voluntary_left: string;
    flagged_left: string;
  }>`
    WITH pop AS (
      SELECT people.employee_id, people.branch_id,
             people.status = 'departed' AND substr(people.left_at, 1, 10) >= ${from}
               AND (${to}::text IS NULL OR substr(people.left_at, 1, 10) < ${to}) AS left_in_window,
             coalesce(people.left_voluntary, false) AS voluntary,
             substr(people.left_at, 1, 10) AS left_on
        FROM read.people
       WHERE (people.status = 'active' OR substr(people.left_at, 1, 10) >= ${from})
         AND (${to}::text IS NULL OR substr(people.hired_at, 1, 10) < ${to})
         ${scopeSql}
    ), flags AS (
      SELECT employee_id, min(substr(at, 1, 10)) AS first_on FROM (
        SELECT employee_id, week_start AS at FROM read.retention_risk
         WHERE flagged AND model_id = ${model.id} AND model_version = ${model.version}
        UNION ALL
        SELECT employee_id, week_start AS at FROM read.retention_predictions
         WHERE flagged AND model_id = ${model.id} AND model_version = ${model.version}
        UNION ALL
        SELECT employee_id, raised_at AS at FROM read.alerts
         WHERE kind = 'risk_high' AND evidence_ref = ${ref}
      ) f GROUP BY employee_id
    )
    SELECT pop.branch_id,
           count(*) AS people,
           count(flags.employee_id) AS flagged,
           count(*) FILTER (WHERE pop.left_in_window) AS left,
           count(*) FILTER (WHERE pop.left_in_window AND pop.voluntary) AS voluntary_left,
           count(*) FILTER (WHERE pop.left_in_window AND flags.first_on <= pop.left_on) AS flagged_left
      FROM pop LEFT JOIN flags ON flags.employee_id = pop.employee_id
     GROUP BY pop.branch_id
     ORDER BY pop.branch_id`.execute(db);
  return rows.map((r) => ({
    branchId: r.branch_id,
    people: Number(r.people),
    flagged: Number(r.flagged),
    left: Number(r.left),
    voluntaryLeft: Number(r.voluntary_left),
    flaggedLeft: Number(r.flagged_left),
  }));
}

/** A past weekly prediction whose outcome window has closed, with what happened. */
export interface ResolvedPrediction {
  readonly employeeId: string;
  readonly branchId: string;
  readonly managerId: string | null;
  readonly weekStart: string;
  readonly risk: number;
  readonly flagged: boolean;
  /** The person left voluntarily within the horizon after the week's end. */
  readonly left: boolean;
}

/**
 * The flag history of one model version within the scope (`read.retention_predictions`), split
 * into predictions whose outcome window (the week's end + the horizon) closed by `today` —
 * each with whether its person then left voluntarily within it — and the count still open.
 * Branch and manager are the person's current ones (`read.people`).
 */
export async function resolvedPredictions(
  db: Kysely<Database>,
  scope: ReadScope,
  model: { id: string; version: number },
  today: string,
): Promise<{ resolved: ResolvedPrediction[]; pending: number }> {
  const filter = scopeFilter(scope);
  const scopeSql = filter ? sql`AND ${sql.ref(filter.column)} = ${filter.value}` : sql``;
  const { rows } = await sql<{
    employee_id: string;
    branch_id: string;
    manager_id: string | null;
    week_start: string;
    risk: number;
    flagged: boolean;
    left: boolean;
    resolved: boolean;
  }>`
    SELECT p.employee_id, people.branch_id, people.manager_id, p.week_start, p.risk, p.flagged,
           coalesce(people.left_voluntary, false)
             AND substr(people.left_at, 1, 10)::date > p.week_start::date + 6
             AND substr(people.left_at, 1, 10)::date <= p.week_start::date + 6 + p.horizon_days AS left,
           p.week_start::date + 6 + p.horizon_days <= ${today}::date AS resolved
      FROM read.retention_predictions p
      JOIN read.people ON people.employee_id = p.employee_id
     WHERE p.model_id = ${model.id} AND p.model_version = ${model.version} ${scopeSql}
     ORDER BY p.week_start, p.employee_id`.execute(db);
  const resolved: ResolvedPrediction[] = [];
  let pending = 0;
  for (const r of rows) {
    if (!r.resolved) {
      pending++;
      continue;
    }
    resolved.push({
      employeeId: r.employee_id,
      branchId: r.branch_id,
      managerId: r.manager_id,
      weekStart: r.week_start,
      risk: r.risk,
      flagged: r.flagged,
      left: r.left,
    });
  }
  return { resolved, pending };
}
