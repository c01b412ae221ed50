import {
  COMPANY_A_SCORING_POLICY,
  compositeScore,
  DEFAULT_SCORING_POLICY,
  employeeStream,
  emptyFacts,
  type PersonPeriodFacts,
  type ScoringPolicy,
} from '@trackrecord/domain';
import type { JsonObject } from '@trackrecord/eventstore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenStore } from './given.testkit.ts';
import { monthScores, personScores, scoresForPeople } from './queries.ts';

let given: Awaited<ReturnType<typeof givenStore>>;

const REPUBLISHED: ScoringPolicy = {
  ...DEFAULT_SCORING_POLICY,
  version: 2,
  name: 'Demo composite score, juniors weighted like company A',
  weightsByRank: {
    ...DEFAULT_SCORING_POLICY.weightsByRank,
    sales_representative: COMPANY_A_SCORING_POLICY.weightsByRank.sales_representative,
  },
};

/** March of e1 as the events below define it: the reversed sale and April's payment do not count. */
const march = (followUps: number): PersonPeriodFacts => ({
  ...emptyFacts('e1', '2026-03-01', '2026-03-31', 31 / 7),
  salesAmount: 60_000,
  deals: 1,
  target: 100_000,
  collectedAmount: 60_000,
  grossMarginAmount: 18_000,
  salesCycleDays: [20],
  followUps,
  collaborationCredits: 1,
});

const rows = () =>
  given.db.selectFrom('scores').selectAll().orderBy('employee_id').orderBy('month').execute();
let firstRows: Awaited<ReturnType<typeof rows>>;
let lateFollowUpPosition: bigint;

beforeAll(async () => {
  given = await givenStore('scores');
  const e = given.events;
  await e.hire('e1');
  await e.hire('e2', { teamId: 't2' });
  await e.target('e1', '2026-03', 100_000);
  await e.sale('s1', 'e1', 60_000, '2026-03-05');
  await e.sale('s2', 'e1', 50_000, '2026-03-10');
  await e.pay('s1', 'e1', 60_000, '2026-03-20');
  await e.followUp('e1', '2026-03-11');
  await e.followUp('e1', '2026-03-12');
  await e.collaboration('e1', '2026-03-13');
  await e.reverse('s2', 'e1', '2026-03-25');
  await e.pay('s2', 'e1', 50_000, '2026-04-02'); // after March's end, against a reversed sale
  await e.followUp('e2', '2026-03-20');
  await given.project();
  firstRows = await rows();
  // HR republishes the scoring policy; April's facts arrive under it, then a late March fact.
  await e.publish('ScoringPolicyPublished', REPUBLISHED as unknown as JsonObject);
  await e.followUp('e1', '2026-04-03');
  lateFollowUpPosition = (await e.followUp('e1', '2026-03-30')).lastPosition;
  await e.append(employeeStream('e1'), 'RankChanged', {
    employeeId: 'e1',
    fromLevel: 'sales_representative',
    toLevel: 'sales_supervisor',
    track: 'sales_management',
    reason: 'promotion',
    reviewId: null,
    effectiveAt: '2026-04-15',
  });
  await e.followUp('e1', '2026-05-04');
  await given.project();
});
afterAll(() => given?.close());

describe('scores read model', () => {
  it('given a month with a reversed sale and a late payment, scores the domain’s facts under the default policy', () => {
    expect(
      firstRows.map((r) => [r.employee_id, r.month, r.rank, r.policy_id, r.policy_version, r.policy_source]),
    ).toEqual([
      ['e1', '2026-03', 'sales_representative', 'scoring-demo', 1, 'default'],
      ['e2', '2026-03', 'sales_representative', 'scoring-demo', 1, 'default'],
    ]);
    const row = firstRows[0]!;
    const expected = compositeScore(march(2), 'sales_representative', DEFAULT_SCORING_POLICY);
    expect(row.inputs).toEqual(march(2));
    expect(row.score).toBe(expected.score);
    expect(row.parts).toEqual(JSON.parse(JSON.stringify(expected.parts)));
    expect(row.formula).toBe(expected.formula);
    // completion 60,000 ÷ 100,000 and collection 60,000 ÷ 60,000 (April's payment is after March's end).
    const raw = Object.fromEntries(
      (row.parts as { kpi: string; raw: number | null }[]).map((p) => [p.kpi, p.raw]),
    );
    expect([raw.salesCompletionRate, raw.collectionRate]).toEqual([0.6, 1]);
  });

  it('scores later facts under a policy republished mid-stream, and a month again when its facts change', async () => {
    const after = await rows();
    expect(after.map((r) => [r.employee_id, r.month, r.rank, r.policy_version, r.policy_source])).toEqual([
      ['e1', '2026-03', 'sales_representative', 2, 'published'],
      ['e1', '2026-04', 'sales_representative', 2, 'published'],
      ['e1', '2026-05', 'sales_supervisor', 2, 'published'],
      // e2 had no new facts: still scored under the policy in force when they arrived.
      ['e2', '2026-03', 'sales_representative', 1, 'default'],
    ]);
    const e1March = after[0]!;
    expect(e1March.score).toBe(compositeScore(march(3), 'sales_representative', REPUBLISHED).score);
    expect(e1March.position).toBe(lateFollowUpPosition.toString());
    expect((e1March.parts as { kpi: string }[]).map((p) => p.kpi)).toEqual([
      'salesCompletionRate',
      'collectionRate',
      'customerFollowUps',
      'teamCollaboration',
    ]);
  });

  it('arrives at the same rows whatever the batch size', async () => {
    const before = await rows();
    await given.project(1);
    expect(await rows()).toEqual(before);
  });

  it('answers by person, by list of people and by month within the reader’s scope', async () => {
    const db = given.db as never;
    // read.people is not projected here: scoped readers see nothing, `all` sees everyone.
    expect(
      (await personScores(db, { kind: 'all' }, 'e1', { from: '2026-01', to: '2026-12' })).map((r) => r.month),
    ).toEqual(['2026-03', '2026-04', '2026-05']);
    expect(
      await personScores(db, { kind: 'team', teamId: 't1' }, 'e1', { from: '2026-01', to: '2026-12' }),
    ).toEqual([]);
    expect(
      (await scoresForPeople(db, { kind: 'all' }, ['e2', 'e1', 'x'], '2026-03')).map((r) => r.employee_id),
    ).toEqual(['e1', 'e2']);
    const top = await monthScores(db, { kind: 'all' }, '2026-03', { limit: 1 });
    expect(top).toHaveLength(1);
    await expect(monthScores(db, { kind: 'all' }, '2026-3')).rejects.toThrow(RangeError);
  });
});
