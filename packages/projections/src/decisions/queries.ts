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

/** The most reviews one list answers. */
export const MAX_REVIEWS = 200;
const REVIEW_STATES = ['nominated', 'open', 'decided'] as const;

function scopedReviews(db: Kysely<Db>, scope: ReadScope) {
  let q = db
    .withSchema('read')
    .selectFrom('promotion_reviews')
    .leftJoin('people', 'people.employee_id', 'promotion_reviews.employee_id')
    .selectAll('promotion_reviews');
  const filter = scopeFilter(scope);
  if (filter) q = q.where(filter.column, '=', filter.value);
  return q;
}

/**
 * Reviews within the scope, newest first: by nomination, or (`decided: true`) only decided
 * reviews by decision. `state` keeps one state (nominated, open or decided).
 */
export async function promotionReviews(
  db: Kysely<Db>,
  scope: ReadScope,
  options: { state?: PromotionReview['status']; decided?: boolean; limit?: number } = {},
): Promise<PromotionReview[]> {
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_REVIEWS) {
    throw new RangeError(`first must be from 1 to ${MAX_REVIEWS}, got ${limit}`);
  }
  if (options.state && !REVIEW_STATES.includes(options.state)) {
    throw new RangeError(`state must be nominated, open or decided, got ${options.state}`);
  }
  let q = scopedReviews(db, scope);
  if (options.state) q = q.where('promotion_reviews.status', '=', options.state);
  if (options.decided) {
    q = q
      .where('promotion_reviews.status', '=', 'decided')
      .orderBy('promotion_reviews.decided_position', 'desc');
  }
  return q
    .orderBy('promotion_reviews.nominated_position', 'desc')
    .orderBy('promotion_reviews.review_id')
    .limit(limit)
    .execute();
}

/** Reviews by id (for a dataloader), in the order asked; `undefined` where unknown or out of scope. */
export async function promotionReviewsByIds(
  db: Kysely<Db>,
  scope: ReadScope,
  reviewIds: readonly string[],
): Promise<(PromotionReview | undefined)[]> {
  if (reviewIds.length === 0) return [];
  const rows = await scopedReviews(db, scope)
    .where('promotion_reviews.review_id', 'in', [...reviewIds])
    .execute();
  const by = new Map(rows.map((r) => [r.review_id, r]));
  return reviewIds.map((id) => by.get(id));
}

/** The reviews about each listed person, newest nomination first (for a dataloader). */
export async function reviewsForPeople(
  db: Kysely<Db>,
  scope: ReadScope,
  employeeIds: readonly string[],
): Promise<PromotionReview[]> {
  if (employeeIds.length === 0) return [];
  return scopedReviews(db, scope)
    .where('promotion_reviews.employee_id', 'in', [...employeeIds])
    .orderBy('promotion_reviews.employee_id')
    .orderBy('promotion_reviews.nominated_position', 'desc')
    .execute();
}

/**
 * The votes of each listed review, in the order cast (for a dataloader). The caller passes
 * only reviews it has already read within the viewer's scope.
 */
export async function votesForReviews(
  db: Kysely<Db>,
  reviewIds: readonly string[],
): Promise<PromotionVote[]> {
  if (reviewIds.length === 0) return [];
  return db
    .withSchema('read')
    .selectFrom('promotion_votes')
    .selectAll()
    .where('review_id', 'in', [...reviewIds])
    .orderBy('review_id')
    .orderBy('position')
    .execute();
}
