import { randomUUID } from 'node:crypto';
import { reviewStream, saleStream } from '@trackrecord/domain';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database.ts';
import { lineageProjection } from '../lineage/project.ts';
import { decisionFlags } from '../lineage/queries.ts';
import type { LineageDb } from '../lineage/table.ts';
import { rebuildProjection } from '../runner/rebuild.ts';
import { readModelFixture } from '../testSupport.ts';
import { decisionsProjection } from './project.ts';
import { promotionHistory, promotionReview, reviewPage } from './queries.ts';
import type { DecisionsDb } from './table.ts';

let fx: Awaited<ReturnType<typeof readModelFixture<Database>>>;
const positions: Record<string, bigint> = {};
/** The one pool, seen with the tables a call needs (Kysely's database type is invariant). */
const as = <T>() => fx.db as unknown as Kysely<T>;

async function rows() {
  const read = fx.db.withSchema('read');
  return {
    reviews: await read.selectFrom('promotion_reviews').selectAll().orderBy('review_id').execute(),
    votes: await read.selectFrom('promotion_votes').selectAll().orderBy('position').execute(),
    flags: await read.selectFrom('lineage_flags').selectAll().orderBy('flag_id').execute(),
    sales: await read.selectFrom('lineage_sales').selectAll().orderBy('sale_id').execute(),
  };
}
let inSmallBatches: Awaited<ReturnType<typeof rows>>;

const nominate = (reviewId: string, employeeId: string) =>
  fx.append(reviewStream(reviewId), 'PromotionNominated', {
    reviewId,
    employeeId,
    fromLevel: 'sales_representative',
    toLevel: 'sales_supervisor',
    track: 'sales_management',
    score: 92.5,
    reason: 'threshold_reached',
    nominatedBy: 'system:eligibility',
    at: '2026-05-01',
  });
const decisionV1 = (reviewId: string, employeeId: string, evidencePosition: bigint, at: string) => ({
  reviewId,
  employeeId,
  toLevel: 'sales_supervisor',
  outcome: 'approved',
  rationale: '综合评分 92.5，回款率 96%',
  evidencePosition: evidencePosition.toString(),
  policyVersions: { 'scoring-default': 1, 'ladder-default': 2 },
  decidedBy: 'c1',
  at,
});
/** r1 was decided before v2: stored as v1, upcast on the way in. */
const decideV1 = async (reviewId: string, employeeId: string, evidencePosition: bigint, at: string) => {
  const [position] = (
    await fx.store.appendToStream(reviewStream(reviewId), [
      {
        id: randomUUID(),
        type: 'PromotionDecided',
        schemaVersion: 1,
        data: decisionV1(reviewId, employeeId, evidencePosition, at),
      },
    ])
  ).positions;
  return position as bigint;
};
/** A v2 decision against an ineligible verdict, with its override. */
const decide = (reviewId: string, employeeId: string, evidencePosition: bigint, at: string) =>
  fx.append(reviewStream(reviewId), 'PromotionDecided', {
    ...decisionV1(reviewId, employeeId, evidencePosition, at),
    evidence: { score: 71.25, scoreMonth: '2026-04', eligible: false },
    override: { code: 'exceptional_contribution', text: '大客户续约', against: ['eligibility'] },
  });

beforeAll(async () => {
  fx = await readModelFixture<Database>('decisions');
  await fx.hire('e1');
  await fx.hire('e2');
  positions.s1 = await fx.sale('s1', 'e1', 500_000, '2026-03-10');
  positions.s2 = await fx.sale('s2', 'e1', 300_000, '2026-04-10');
  positions.s3 = await fx.sale('s3', 'e2', 200_000, '2026-04-11');
  await nominate('r1', 'e1');
  await fx.append(reviewStream('r1'), 'ReviewOpened', {
    reviewId: 'r1',
    committee: ['c1', 'c2', 'c3'],
    quorum: 2,
    at: '2026-05-02',
  });
  await fx.append(reviewStream('r1'), 'VoteCast', {
    reviewId: 'r1',
    memberId: 'c1',
    vote: 'approve',
    at: '2026-05-03',
  });
  await fx.append(reviewStream('r1'), 'VoteCast', {
    reviewId: 'r1',
    memberId: 'c2',
    vote: 'reject',
    comment: '回款偏低',
    at: '2026-05-03',
  });
  // Decision r1 rests on evidence up to s3 (counted s1 and s2).
  positions.r1 = await decideV1('r1', 'e1', positions.s3, '2026-05-04');
  // s2 is reversed: the March score is untouched, the April score, e1's eligibility and r1 are flagged.
  positions.rev = await fx.append(saleStream('s2'), 'SaleReversed', {
    saleId: 's2',
    employeeId: 'e1',
    reason: 'contract void',
    reversedAt: '2026-05-10',
  });
  // r2 is decided after the reversal but on evidence from before it: flagged too.
  await nominate('r2', 'e1');
  await fx.append(reviewStream('r2'), 'ReviewOpened', {
    reviewId: 'r2',
    committee: ['c1'],
    quorum: 1,
    at: '2026-05-11',
  });
  await fx.append(reviewStream('r2'), 'VoteCast', {
    reviewId: 'r2',
    memberId: 'c1',
    vote: 'approve',
    at: '2026-05-11',
  });
  await decide('r2', 'e1', positions.r1, '2026-05-12');
  // s1 corrected: r1 and r2 both counted it.
  await fx.append(saleStream('s1'), 'SaleCorrected', {
    saleId: 's1',
    employeeId: 'e1',
    amount: 450_000,
    grossMargin: 0.25,
    reason: 'discount not booked',
    correctedAt: '2026-05-20',
  });

  // r3 is open: c1 has voted, c2 has not.
  await nominate('r3', 'e2');
  await fx.append(reviewStream('r3'), 'ReviewOpened', {
    reviewId: 'r3',
    committee: ['c1', 'c2'],
    quorum: 2,
    at: '2026-05-21',
  });
  await fx.append(reviewStream('r3'), 'VoteCast', {
    reviewId: 'r3',
    memberId: 'c1',
    vote: 'approve',
    at: '2026-05-22',
  });
  for (const size of [2, 1000]) {
    await rebuildProjection(fx.store, as<DecisionsDb>(), decisionsProjection, { batchSize: size });
    await rebuildProjection(fx.store, as<LineageDb>(), lineageProjection, { batchSize: size });
    if (size === 2) inSmallBatches = await rows();
  }
});
afterAll(() => fx?.close());

describe('decisions read model (audit history)', () => {
  it('given a nomination, a committee, votes and a decision, holds the whole review', async () => {
    const found = await promotionReview(as<Database>(), { kind: 'all' }, 'r1');
    expect(found?.review).toMatchObject({
      employee_id: 'e1',
      from_level: 'sales_representative',
      to_level: 'sales_supervisor',
      score: 92.5,
      reason: 'threshold_reached',
      status: 'decided',
      committee: ['c1', 'c2', 'c3'],
      quorum: 2,
      approvals: 1,
      rejections: 1,
      abstentions: 0,
      outcome: 'approved',
      rationale: '综合评分 92.5，回款率 96%',
      evidence_position: positions.s3?.toString(),
      policy_versions: { 'scoring-default': 1, 'ladder-default': 2 },
      decided_by: 'c1',
      decided_position: positions.r1?.toString(),
      evidence_score: null,
      evidence_eligible: null,
      override_code: null,
    });
    expect((await promotionReview(as<Database>(), { kind: 'all' }, 'r2'))?.review).toMatchObject({
      evidence_score: 71.25,
      evidence_month: '2026-04',
      evidence_eligible: false,
      override_code: 'exceptional_contribution',
      override_text: '大客户续约',
      override_against: ['eligibility'],
    });
    expect(found?.votes.map((v) => [v.member_id, v.vote, v.comment])).toEqual([
      ['c1', 'approve', null],
      ['c2', 'reject', '回款偏低'],
    ]);
    expect((await promotionHistory(as<Database>(), { kind: 'all' }, 'e1')).map((r) => r.review_id)).toEqual([
      'r1',
      'r2',
    ]);
    expect(await promotionReview(as<Database>(), { kind: 'self', employeeId: 'e2' }, 'r1')).toBeUndefined();
  });
});

describe('review pages', () => {
  const db = () => as<Database>();
  it('pages decisions newest first with a count and a cursor', async () => {
    const first = await reviewPage(db(), { kind: 'all' }, {}, { order: 'decided', limit: 1 });
    expect([first.rows.map((r) => r.review_id), first.total]).toEqual([['r2'], 2]);
    const second = await reviewPage(
      db(),
      { kind: 'all' },
      {},
      { order: 'decided', limit: 1, after: first.next },
    );
    expect([second.rows.map((r) => r.review_id), second.next]).toEqual([['r1'], null]);
  });
  it('finds reviews by the candidate’s name or id, overridden decisions, and a member’s reviews', async () => {
    const ids = async (filter: Parameters<typeof reviewPage>[2]) =>
      (await reviewPage(db(), { kind: 'all' }, filter)).rows.map((r) => r.review_id).sort();
    expect(await ids({ search: 'E1' })).toEqual(['r1', 'r2']);
    expect(await ids({ search: 'e2' })).toEqual(['r3']);
    expect(await ids({ search: '%' })).toEqual([]);
    expect(await ids({ overridden: true })).toEqual(['r2']);
    expect(await ids({ member: 'c2' })).toEqual(['r1', 'r3']);
    expect(await ids({ member: 'c9' })).toEqual([]);
  });
  it('lists the open reviews awaiting a member’s vote until they vote', async () => {
    const awaiting = async (member: string) =>
      (await reviewPage(db(), { kind: 'all' }, { awaitingVoteOf: member })).rows.map((r) => r.review_id);
    expect([await awaiting('c1'), await awaiting('c2'), await awaiting('c3')]).toEqual([[], ['r3'], []]);
    expect((await reviewPage(db(), { kind: 'self', employeeId: 'e1' }, { awaitingVoteOf: 'c2' })).total).toBe(
      0,
    );
  });
});

describe('lineage read model', () => {
  it('given a reversal and a correction, flags the scores, eligibility and decisions that counted the sale', async () => {
    const { flags } = await rows();
    expect(
      flags
        .map((f) => [f.sale_id, f.correction, f.kind, f.ref, Number(f.amount_before), Number(f.amount_after)])
        .sort(),
    ).toEqual(
      [
        // The April sale's reversal reaches April's score only: every verdict and decision here
        // rests on evidence of 11 April, when the last month ended (the month judged) was March.
        ['s2', 'reversed', 'score', '2026-04', 300_000, 0],
        ['s1', 'corrected', 'score', '2026-03', 500_000, 450_000],
        ['s1', 'corrected', 'eligibility', 'e1', 500_000, 450_000],
        ['s1', 'corrected', 'decision', 'r1', 500_000, 450_000],
        ['s1', 'corrected', 'decision', 'r2', 500_000, 450_000],
      ].sort(),
    );
    const correction = flags.find((f) => f.kind === 'eligibility' && f.sale_id === 's1');
    expect(correction?.from_position).toBe(positions.s1?.toString());
    expect((await decisionFlags(as<Database>(), 'r1')).map((f) => f.sale_id)).toEqual(['s1']);
  });
  it('does not flag another person or a decision whose evidence came after the correction', async () => {
    const { flags } = await rows();
    expect(flags.filter((f) => f.employee_id !== 'e1')).toEqual([]);
  });
  it('reaches the same rows in batches of 2 as in one batch', async () => {
    expect(await rows()).toEqual(inSmallBatches);
  });
});
