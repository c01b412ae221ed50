import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { type ReadScope, scoped } from '../scope.ts';
import type { Feedback360Row } from './table.ts';

/** The most feedback rows one person's list answers. */
export const MAX_FEEDBACK = 200;

/**
 * 360 feedback about each listed person, newest first, at most `first` per person (one
 * statement for any number of people); people out of scope have none.
 */
export async function feedbackForPeople(
  db: Kysely<Database>,
  scope: ReadScope,
  employeeIds: readonly string[],
  first = 50,
): Promise<Feedback360Row[]> {
  if (!Number.isInteger(first) || first < 1 || first > MAX_FEEDBACK) {
    throw new RangeError(`first must be from 1 to ${MAX_FEEDBACK}, got ${first}`);
  }
  if (employeeIds.length === 0) return [];
  const ranked = scoped(db, scope, 'feedback_360')
    .selectAll('feedback_360')
    .select((eb) =>
      eb.fn
        .agg<number>('row_number')
        .over((o) =>
          o
            .partitionBy('feedback_360.employee_id')
            .orderBy('feedback_360.at', 'desc')
            .orderBy('feedback_360.position', 'desc'),
        )
        .as('n'),
    )
    .where('feedback_360.employee_id', 'in', [...employeeIds]);
  const rows = await db
    .selectFrom(ranked.as('ranked'))
    .selectAll()
    .where('n', '<=', first)
    .orderBy('employee_id')
    .orderBy('n')
    .execute();
  return rows.map(({ n: _n, ...row }) => row);
}
