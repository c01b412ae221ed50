import type { Database } from '@trackrecord/projections';
import { type Kysely, sql } from 'kysely';
import type { DecidedReview } from './whatIfHistory.ts';

/**
 * What the what-if reads from the read models besides the fold: the decided reviews (to judge
 * again), every month's recorded target progress and the alerts raised (to count warnings as
 * raised), and when people were employed (to count retention flags of a month).
 */

/** Every decided promotion review, in decision order. */
export async function decidedReviews(db: Kysely<Database>): Promise<DecidedReview[]> {
  const rows = await db
    .withSchema('read')
    .selectFrom('promotion_reviews')
    .select([
      'review_id',
      'employee_id',
      'from_level',
      'to_level',
      'track',
      'outcome',
      'decided_at',
      'evidence_position',
      'decided_position',
      'policy_versions',
    ])
    .where('outcome', 'is not', null)
    .where('decided_position', 'is not', null)
    .where('evidence_position', 'is not', null)
    .orderBy('decided_position')
    .execute();
  return rows.map((r) => ({
    reviewId: r.review_id,
    employeeId: r.employee_id,
    fromLevel: r.from_level,
    toLevel: r.to_level,
    track: r.track,
    outcome: r.outcome as string,
    decidedAt: r.decided_at ?? '',
    evidencePosition: BigInt(r.evidence_position as string | number),
    decisionPosition: BigInt(r.decided_position as string | number),
    policyVersions: (r.policy_versions ?? {}) as Record<string, number>,
  }));
}

/** A person's recorded progress against their target of a month. */
export interface TargetProgressRow {
  readonly employeeId: string;
  readonly period: string;
  readonly consecutiveWeeksBehind: number;
  readonly attainment: number;
  readonly peerMedian: number | null;
  readonly weeksElapsed: number;
}

/** Every person's target progress of every month. */
export async function targetProgress(db: Kysely<Database>): Promise<TargetProgressRow[]> {
  const rows = await db
    .withSchema('read')
    .selectFrom('targets')
    .select([
      'subject_id',
      'period',
      'consecutive_weeks_behind',
      'attainment',
      'peer_median',
      'weeks_elapsed',
    ])
    .where('subject_kind', '=', 'employee')
    .orderBy('period')
    .orderBy('subject_id')
    .execute();
  return rows.map((r) => ({
    employeeId: r.subject_id,
    period: r.period,
    consecutiveWeeksBehind: r.consecutive_weeks_behind,
    attainment: r.attainment,
    peerMedian: r.peer_median,
    weeksElapsed: r.weeks_elapsed,
  }));
}

/** Alerts of the kinds given raised per month (of the business time they were raised at). */
export async function alertsRaisedByMonth(
  db: Kysely<Database>,
  kinds: readonly string[],
): Promise<Map<string, Record<string, number>>> {
  const { rows } = await sql<{ month: string; kind: string; n: string }>`
    SELECT substr(raised_at, 1, 7) AS month, kind, count(*)::text AS n FROM read.alerts
    WHERE kind = ANY(${[...kinds]}::text[]) GROUP BY 1, 2 ORDER BY 1, 2`.execute(db);
  const out = new Map<string, Record<string, number>>();
  for (const r of rows) out.set(r.month, { ...(out.get(r.month) ?? {}), [r.kind]: Number(r.n) });
  return out;
}

/** Who was employed on a date, from the people read model's hire and departure dates. */
export async function employment(db: Kysely<Database>): Promise<(id: string, date: string) => boolean> {
  const rows = await db
    .withSchema('read')
    .selectFrom('people')
    .select(['employee_id', 'hired_at', 'left_at'])
    .execute();
  const spans = new Map(
    rows.map((r) => [r.employee_id, { from: r.hired_at.slice(0, 10), to: r.left_at?.slice(0, 10) ?? null }]),
  );
  return (id, date) => {
    const s = spans.get(id);
    return s !== undefined && s.from <= date && (s.to === null || date < s.to);
  };
}

/** When a policy version was published (as the policies read model records it); null when unknown. */
export async function publishedOn(db: Kysely<Database>, id: string, version: number): Promise<string | null> {
  const row = await db
    .withSchema('read')
    .selectFrom('policies')
    .select('published_at')
    .where('policy_id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return row?.published_at ?? null;
}
