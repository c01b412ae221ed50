import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { checkMonth, checkMonthRange, type MonthRange, type ReadScope, scoped } from '../scope.ts';
import type { ScoreRow } from './table.ts';

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
