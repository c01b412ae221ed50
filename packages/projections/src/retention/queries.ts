import type { Kysely } from 'kysely';
import type { ReadScope } from '../people/queries.ts';
import type { PeopleDb } from '../people/table.ts';
import { scopeFilter } from '../scope.ts';
import type { RetentionDb, RetentionModelQualityRow, RetentionRiskRow } from './table.ts';

type Db = RetentionDb & PeopleDb;
export type RiskBand = RetentionRiskRow['band'];
const BANDS: readonly RiskBand[] = ['low', 'medium', 'high'];

function scoped(db: Kysely<Db>, scope: ReadScope) {
  let query = db
    .withSchema('read')
    .selectFrom('retention_risk')
    .leftJoin('people', 'people.employee_id', 'retention_risk.employee_id')
    .selectAll('retention_risk');
  const filter = scopeFilter(scope);
  if (filter) query = query.where(filter.column, '=', filter.value);
  return query;
}

/** The risk of each listed person (for a dataloader and one person alike); out of scope: absent. */
export async function retentionRiskForPeople(
  db: Kysely<Db>,
  scope: ReadScope,
  employeeIds: readonly string[],
): Promise<RetentionRiskRow[]> {
  if (employeeIds.length === 0) return Promise.resolve([]);
  return scoped(db, scope)
    .where('retention_risk.employee_id', 'in', [...employeeIds])
    .orderBy('retention_risk.employee_id')
    .execute();
}

/** People within the scope at the given risk bands (all when none), flagged and riskiest first. */
export async function retentionRiskList(
  db: Kysely<Db>,
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
  let query = scoped(db, scope);
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
export async function retentionModelQuality(db: Kysely<Db>): Promise<RetentionModelQualityRow[]> {
  return db
    .withSchema('read')
    .selectFrom('retention_model_quality')
    .selectAll()
    .orderBy('position', 'desc')
    .execute();
}
