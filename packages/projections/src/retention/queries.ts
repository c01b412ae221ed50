import { type Kysely, sql } from 'kysely';
import type { Database } from '../database.ts';
import { type ReadScope, scoped, scopeFilter } from '../scope.ts';
import type { RetentionModelQualityRow, RetentionRiskRow } from './table.ts';

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
  /** Of them, flagged under the model: flagged now, or a `risk_high` alert raised under it. */
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
 * version is flagged, or a `risk_high` alert (`read.alerts`, evidence `<id> v<version>`) was
 * raised about them — and whether they left within the window (`read.people`), flagged before
 * leaving. Departed people have no risk row any more, so their flags come from the alerts.
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
