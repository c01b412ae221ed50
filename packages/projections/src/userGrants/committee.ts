import { roundOf } from '@trackrecord/domain';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../database.ts';

/**
 * Committee membership per review, as a grant. HR chooses a review's committee (`ReviewOpened`
 * on `review-<id>`): that event, with its position, IS the grant of each member — the
 * candidate's record, for that review — and the review's decision (`PromotionDecided`) ends
 * it. A review's committee is chosen once and never replaced, so these two events are the
 * whole period. A member is named by their employee id (or, for staff outside the sales
 * organisation, their sign-in subject), the way votes name them; a user holds the grant when
 * their linked employee (or their subject) is on the committee. Read from
 * `read.promotion_reviews`; nothing is copied, so a grant never disagrees with its review.
 */
export interface CommitteeGrantRow extends ReviewGrant {
  /** The member: an employee id (or a sign-in subject). */
  readonly member: string;
}

/** What a review's committee grant is, whoever the member: the review, its candidate, its period. */
export interface ReviewGrant {
  readonly review_id: string;
  /** The candidate: whose record the grant opens. */
  readonly employee_id: string;
  readonly to_level: string;
  /** The promotion round (`YYYY-Qn`) of the nomination. */
  readonly round: string;
  /** `ReviewOpened`: business time and global position. */
  readonly granted_at: string;
  readonly granted_position: string;
  /** `PromotionDecided`: business time and position; null while the review is open. */
  readonly revoked_at: string | null;
  readonly revoked_position: string | null;
}

interface Row {
  member: string;
  review_id: string;
  employee_id: string;
  to_level: string;
  nominated_at: string;
  opened_at: string;
  opened_position: string | null;
  decided_at: string | null;
  decided_position: string | null;
}

const toGrant = (r: Row): CommitteeGrantRow => ({
  member: r.member,
  ...toReviewGrant(r),
});
const toReviewGrant = (r: Omit<Row, 'member'>): ReviewGrant => ({
  review_id: r.review_id,
  employee_id: r.employee_id,
  to_level: r.to_level,
  round: roundOf(r.nominated_at),
  granted_at: r.opened_at,
  granted_position: String(r.opened_position ?? '0'),
  revoked_at: r.decided_at,
  revoked_position: r.decided_position === null ? null : String(r.decided_position),
});

/**
 * The committee grants of `members`, in force now (the review open), or on `day` (`YYYY-MM-DD`,
 * the end of that day in UTC: opened on or before it, not decided by then) — the same rule as
 * `usersWithGrants` — in the order the committees were chosen.
 */
export async function committeeGrants(
  db: Kysely<Database>,
  members: readonly string[],
  options: { day?: string } = {},
): Promise<CommitteeGrantRow[]> {
  if (members.length === 0) return [];
  const end = options.day ? `${options.day}T23:59:59.999Z` : null;
  const inForce = end
    ? sql`opened_at::timestamptz <= ${end}::timestamptz
          AND (decided_at IS NULL OR decided_at::timestamptz > ${end}::timestamptz)`
    : sql`status = 'open'`;
  const { rows } = await sql<Row>`
    SELECT m.member, r.review_id, r.employee_id, r.to_level, r.nominated_at, r.opened_at,
           r.opened_position, r.decided_at, r.decided_position
      FROM read.promotion_reviews r
      CROSS JOIN LATERAL unnest(r.committee) AS m(member)
     WHERE r.opened_at IS NOT NULL
       AND r.committee && ${sql.val([...members])}::text[]
       AND m.member = ANY(${sql.val([...members])}::text[])
       AND ${inForce}
     ORDER BY r.opened_position, r.review_id, m.member`.execute(db);
  return rows.map(toGrant);
}

/**
 * The committee grant in force now that opens `candidate`'s record to `member`: a review of
 * the candidate, open, whose committee names the member (the latest chosen, if several).
 */
export async function committeeGrantFor(
  db: Kysely<Database>,
  member: string,
  candidate: string,
): Promise<CommitteeGrantRow | undefined> {
  const { rows } = await sql<Row>`
    SELECT ${member}::text AS member, review_id, employee_id, to_level, nominated_at, opened_at,
           opened_position, decided_at, decided_position
      FROM read.promotion_reviews
     WHERE employee_id = ${candidate} AND status = 'open' AND ${member}::text = ANY(committee)
     ORDER BY opened_position DESC NULLS LAST
     LIMIT 1`.execute(db);
  return rows[0] ? toGrant(rows[0]) : undefined;
}

/**
 * The committee grant of each review asked for, whoever the member (for the access log, which
 * names the review a read was allowed by); a review not yet opened has none.
 */
export async function reviewGrants(
  db: Kysely<Database>,
  reviewIds: readonly string[],
): Promise<Map<string, ReviewGrant>> {
  if (reviewIds.length === 0) return new Map();
  const { rows } = await sql<Omit<Row, 'member'>>`
    SELECT review_id, employee_id, to_level, nominated_at, opened_at, opened_position, decided_at,
           decided_position
      FROM read.promotion_reviews
     WHERE review_id = ANY(${sql.val([...reviewIds])}::text[]) AND opened_at IS NOT NULL`.execute(db);
  return new Map(rows.map((r) => [r.review_id, toReviewGrant(r)]));
}
