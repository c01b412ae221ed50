import { type Kysely, sql } from 'kysely';
import type { Database } from '../database.ts';
import { type ReadScope, scoped } from '../scope.ts';
import type { PromotionReview, PromotionVote } from './table.ts';

/** One review with its votes (in the order cast); `undefined` when unknown or out of scope. */
export async function promotionReview(
  db: Kysely<Database>,
  scope: ReadScope,
  reviewId: string,
): Promise<{ review: PromotionReview; votes: PromotionVote[] } | undefined> {
  const q = scoped(db, scope, 'promotion_reviews')
    .selectAll('promotion_reviews')
    .where('promotion_reviews.review_id', '=', reviewId);
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
  db: Kysely<Database>,
  scope: ReadScope,
  employeeId: string,
): Promise<PromotionReview[]> {
  const q = scoped(db, scope, 'promotion_reviews')
    .selectAll('promotion_reviews')
    .where('promotion_reviews.employee_id', '=', employeeId);
  return q.orderBy('promotion_reviews.nominated_position').execute();
}

/** The most reviews one list answers. */
export const MAX_REVIEWS = 200;
const REVIEW_STATES = ['nominated', 'open', 'decided'] as const;

function scopedReviews(db: Kysely<Database>, scope: ReadScope) {
  return scoped(db, scope, 'promotion_reviews').selectAll('promotion_reviews');
}

/**
 * Reviews within the scope, newest first: by nomination, or (`decided: true`) only decided
 * reviews by decision. `state` keeps one state (nominated, open or decided).
 */
export async function promotionReviews(
  db: Kysely<Database>,
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

/** What a page of reviews is filtered by (every filter optional). */
export interface ReviewFilter {
  /** One state: nominated, open or decided. */
  readonly state?: PromotionReview['status'];
  /** Open reviews whose committee holds this member and that they have not voted on yet. */
  readonly awaitingVoteOf?: string;
  /** Reviews whose committee holds this member. */
  readonly member?: string;
  /** Part of the candidate's name (Chinese or romanised), their id, or the review id. */
  readonly search?: string;
  /** Only decisions that went against the eligibility verdict or the majority. */
  readonly overridden?: boolean;
}
export interface ReviewPage {
  readonly rows: PromotionReview[];
  /** How many reviews match the filter in all. */
  readonly total: number;
  /** Pass as `after` for the next page; null on the last page. */
  readonly next: string | null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A page of reviews within the scope and filter, newest first: by nomination, or with
 * `order: 'decided'` (decided reviews only) by decision. Keyset paging on the position the
 * list is ordered by (each review's nomination and decision are events of their own, so the
 * positions are unique): `after` is the `next` of the page before.
 */
export async function reviewPage(
  db: Kysely<Database>,
  scope: ReadScope,
  filter: ReviewFilter,
  options: { order?: 'nominated' | 'decided'; limit?: number; after?: string | null } = {},
): Promise<ReviewPage> {
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_REVIEWS) {
    throw new RangeError(`first must be from 1 to ${MAX_REVIEWS}, got ${limit}`);
  }
  if (filter.state && !REVIEW_STATES.includes(filter.state)) {
    throw new RangeError(`state must be nominated, open or decided, got ${filter.state}`);
  }
  if (options.after != null && !/^\d+$/.test(options.after)) {
    throw new RangeError(`after must be the next cursor of a page, got ${options.after}`);
  }
  const column =
    options.order === 'decided'
      ? 'promotion_reviews.decided_position'
      : 'promotion_reviews.nominated_position';
  let q = scopedReviews(db, scope);
  if (options.order === 'decided') q = q.where('promotion_reviews.status', '=', 'decided');
  if (filter.state) q = q.where('promotion_reviews.status', '=', filter.state);
  if (filter.member) q = q.where(sql<boolean>`${filter.member} = ANY(promotion_reviews.committee)`);
  if (filter.awaitingVoteOf) {
    const member = filter.awaitingVoteOf;
    q = q
      .where('promotion_reviews.status', '=', 'open')
      .where(sql<boolean>`${member} = ANY(promotion_reviews.committee)`)
      .where(
        sql<boolean>`NOT EXISTS (SELECT 1 FROM read.promotion_votes v WHERE v.review_id = promotion_reviews.review_id AND v.member_id = ${member})`,
      );
  }
  if (filter.overridden) q = q.where('promotion_reviews.override_code', 'is not', null);
  const search = filter.search?.trim();
  if (search) {
    const like = `%${escapeLike(search)}%`;
    q = q.where(
      sql<boolean>`(people.name ILIKE ${like} OR to_jsonb(people) ->> 'name_en' ILIKE ${like} OR promotion_reviews.employee_id ILIKE ${like} OR promotion_reviews.review_id ILIKE ${like})`,
    );
  }
  const { count } = await q
    .clearSelect()
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  let paged = q;
  if (options.after != null) paged = paged.where(column, '<', options.after);
  const rows = await paged
    .orderBy(column, 'desc')
    .limit(limit + 1)
    .execute();
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  const cursor = last
    ? options.order === 'decided'
      ? last.decided_position
      : last.nominated_position
    : null;
  return { rows: page, total: Number(count), next: more && cursor != null ? String(cursor) : null };
}

/** Reviews by id (for a dataloader), in the order asked; `undefined` where unknown or out of scope. */
export async function promotionReviewsByIds(
  db: Kysely<Database>,
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
  db: Kysely<Database>,
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
  db: Kysely<Database>,
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
