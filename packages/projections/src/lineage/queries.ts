import type { Kysely } from 'kysely';
import type { ReadScope } from '../people/queries.ts';
import type { PeopleDb } from '../people/table.ts';
import { scopeFilter } from '../scope.ts';
import type { LineageDb, LineageFlag } from './table.ts';

type Db = LineageDb & PeopleDb;

/**
 * What must be reviewed because a sale was reversed or corrected: by person (all their flags),
 * by sale, or by kind, newest correction first.
 */
export async function lineageFlags(
  db: Kysely<Db>,
  scope: ReadScope,
  filter: { employeeId?: string; saleId?: string; kind?: LineageFlag['kind'] } = {},
): Promise<LineageFlag[]> {
  let q = db
    .withSchema('read')
    .selectFrom('lineage_flags')
    .leftJoin('people', 'people.employee_id', 'lineage_flags.employee_id')
    .selectAll('lineage_flags');
  if (filter.employeeId) q = q.where('lineage_flags.employee_id', '=', filter.employeeId);
  if (filter.saleId) q = q.where('lineage_flags.sale_id', '=', filter.saleId);
  if (filter.kind) q = q.where('lineage_flags.kind', '=', filter.kind);
  const scoped = scopeFilter(scope);
  if (scoped) q = q.where(scoped.column, '=', scoped.value);
  return q.orderBy('lineage_flags.correction_position', 'desc').orderBy('lineage_flags.flag_id').execute();
}

/** Whether a decision rests on evidence that counted a sale reversed or corrected since. */
export async function decisionFlags(db: Kysely<Db>, reviewId: string): Promise<LineageFlag[]> {
  return db
    .withSchema('read')
    .selectFrom('lineage_flags')
    .selectAll()
    .where('kind', '=', 'decision')
    .where('ref', '=', reviewId)
    .orderBy('correction_position')
    .execute();
}
