import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { type ReadScope, scoped } from '../scope.ts';
import type { LineageFlag } from './table.ts';

/** The most flags one read returns. */
export const MAX_LINEAGE_FLAGS = 500;

/**
 * What must be reviewed because a sale was reversed or corrected or a payment refunded: by
 * person (all their flags), by sale, or by kind, newest correction first (at most `limit`).
 */
export async function lineageFlags(
  db: Kysely<Database>,
  scope: ReadScope,
  filter: { employeeId?: string; saleId?: string; kind?: LineageFlag['kind'] } = {},
  limit: number = MAX_LINEAGE_FLAGS,
): Promise<LineageFlag[]> {
  let q = scoped(db, scope, 'lineage_flags').selectAll('lineage_flags');
  if (filter.employeeId) q = q.where('lineage_flags.employee_id', '=', filter.employeeId);
  if (filter.saleId) q = q.where('lineage_flags.sale_id', '=', filter.saleId);
  if (filter.kind) q = q.where('lineage_flags.kind', '=', filter.kind);
  return q
    .orderBy('lineage_flags.correction_position', 'desc')
    .orderBy('lineage_flags.flag_id')
    .limit(limit)
    .execute();
}

/** Whether a decision rests on evidence that counted a sale reversed or corrected (or a payment refunded) since, by any path. */
export async function decisionFlags(db: Kysely<Database>, reviewId: string): Promise<LineageFlag[]> {
  return db
    .withSchema('read')
    .selectFrom('lineage_flags')
    .selectAll()
    .where('kind', '=', 'decision')
    .where('ref', '=', reviewId)
    .orderBy('correction_position')
    .execute();
}

/**
 * The flags of each listed review's decision, oldest correction first (for a dataloader). The
 * caller passes only reviews it has already read within the viewer's scope.
 */
export async function decisionFlagsFor(
  db: Kysely<Database>,
  reviewIds: readonly string[],
): Promise<LineageFlag[]> {
  if (reviewIds.length === 0) return [];
  return db
    .withSchema('read')
    .selectFrom('lineage_flags')
    .selectAll()
    .where('kind', '=', 'decision')
    .where('ref', 'in', [...reviewIds])
    .orderBy('ref')
    .orderBy('correction_position')
    .orderBy('flag_id')
    .execute();
}

/** Every flag about each listed person, newest correction first (for a dataloader); scoped by the person. */
export async function lineageFlagsForPeople(
  db: Kysely<Database>,
  scope: ReadScope,
  employeeIds: readonly string[],
): Promise<LineageFlag[]> {
  if (employeeIds.length === 0) return [];
  const q = scoped(db, scope, 'lineage_flags')
    .selectAll('lineage_flags')
    .where('lineage_flags.employee_id', 'in', [...employeeIds]);
  return q
    .orderBy('lineage_flags.employee_id')
    .orderBy('lineage_flags.correction_position', 'desc')
    .orderBy('lineage_flags.flag_id')
    .execute();
}
