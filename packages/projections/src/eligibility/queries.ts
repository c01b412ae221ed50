import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { type ReadScope, scoped } from '../scope.ts';
import type { EligibilityRow } from './table.ts';

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
