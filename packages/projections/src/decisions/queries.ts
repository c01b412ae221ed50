import type { Kysely } from 'kysely';
import type { ReadScope } from '../people/queries.ts';
import type { PeopleDb } from '../people/table.ts';
import { scopeFilter } from '../scope.ts';
import type { DecisionsDb, PromotionReview, PromotionVote } from './table.ts';

type Db = DecisionsDb & PeopleDb;

/** One review with its votes (in the order cast); `undefined` when unknown or out of scope. */
export async function promotionReview(
  db: Kysely<Db>,
  scope: ReadScope,
  reviewId: string,
): Promise<{ review: PromotionReview; votes: PromotionVote[] } | undefined> {
  let q = db
    .withSchema('read')
    .selectFrom('promotion_reviews')
    .leftJoin('people', 'people.employee_id', 'promotion_reviews.employee_id')
    .selectAll('promotion_reviews')
    .where('promotion_reviews.review_id', '=', reviewId);
  const filter = scopeFilter(scope);
  if (filter) q = q.where(filter.column, '=', filter.value);
  const review = await q.executeTakeFirst();
  if (!review) return undefined;
  const votes = await db
    .withSchema('read')
    .selectFrom('promotion_votes')
    .selectAll()
    .where('review_id', '=', reviewId)
    .orderBy('position')
    .execute();
  return { review, votes };
}

/** A person's reviews, oldest nomination first: their promotion history for auditors. */
export async function promotionHistory(
  db: Kysely<Db>,
  scope: ReadScope,
  employeeId: string,
): Promise<PromotionReview[]> {
  let q = db
    .withSchema('read')
    .selectFrom('promotion_reviews')
    .leftJoin('people', 'people.employee_id', 'promotion_reviews.employee_id')
    .selectAll('promotion_reviews')
    .where('promotion_reviews.employee_id', '=', employeeId);
  const filter = scopeFilter(scope);
  if (filter) q = q.where(filter.column, '=', filter.value);
  return q.orderBy('promotion_reviews.nominated_position').execute();
}
