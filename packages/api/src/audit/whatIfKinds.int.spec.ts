import {
  type CommissionPlan,
  CommissionPlanSchema,
  currentVersion,
  DEFAULT_COLD_START_RULES,
  DEFAULT_LADDER,
  DEFAULT_SCORING_POLICY,
  DEFAULT_TARGET_POLICY,
  type DomainEventType,
  employeeStream,
  KPI_LIBRARY,
  type Ladder,
  LadderSchema,
  LEVEL_IDS,
  type RetentionModel,
  reviewStream,
  type ScoringPolicy,
  ScoringPolicySchema,
  saleStream,
  TargetPolicySchema,
  targetStream,
} from '@trackrecord/domain';
import { type JsonObject, newEventId } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGraphQL } from '../schema/zodInput.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';

/**
 * The what-if of each policy kind on a history of a handful of events written here, with every
 * expected output worked by hand below (not checked against the product's own replay or sums).
 *
 * The company: reps r1, r2 (branch a) and r3 (branch b), all region east, hired 5 Jan 2026.
 * The scoring policy "scoring-spec" v1 scores every rank on one KPI, the month's sales, 0 points
 * at ¥0 and 100 at ¥100,000 (10,000,000 fen), linear, capped at 100. The ladder "ladder-spec"
 * v1 is the demo ladder with one requirement to become a supervisor: a score of at least 90.
 *
 * Sales (fen): January r1 9,500,000, r2 8,500,000, r3 7,000,000 (20 Jan); 1 fen by r3 on
 * 2 Feb (the clock enters February: January is the month evaluated). March the same three
 * amounts on 10 Mar, against a target of 10,000,000 each; 1 fen by r3 on 1 Apr (March ended).
 * One payment: r1's January sale, 9,500,000 collected on 25 Jan; commission plan "plan-spec"
 * v1 pays 3% of what is collected in a month.
 *
 * The KPI is sales per month of 52/12 weeks; January and March have 31/7 weeks, so a month's
 * sales count × (52/12) ÷ (31/7) = 91/93. Scores of January (and of March):
 *   r1 9,500,000 × 91/93 = 9,295,699 → 92.96;  r2 8,500,000 × 91/93 = 8,317,204 → 83.17;
 *   r3 7,000,000 × 91/93 = 6,849,462 → 68.49.
 * HR nominated all three on 3 Feb; the committee decided on 5 Feb, on evidence of the position
 * before the decisions: r1 approved (92.96 ≥ 90, eligible), r2 and r3 rejected (< 90).
 */
const SCORING: ScoringPolicy = {
  id: 'scoring-spec',
  version: 1,
  name: 'Sales only',
  kpis: [{ ...KPI_LIBRARY.salesAmount, normalisation: { kind: 'linear', floor: 0, target: 10_000_000 } }],
  weightsByRank: Object.fromEntries(
    LEVEL_IDS.map((level) => [level, [{ kpi: 'salesAmount' as const, weight: 100 }]]),
  ) as ScoringPolicy['weightsByRank'],
  thresholds: DEFAULT_SCORING_POLICY.thresholds,
};
const ladderWithSupervisorScore = (min: number, version = 1): Ladder => ({
  ...DEFAULT_LADDER,
  id: 'ladder-spec',
  version,
  tracks: DEFAULT_LADDER.tracks.map((t) => ({
    ...t,
    levels: t.levels.map((l) =>
      l.id === 'sales_supervisor' ? { ...l, requirements: [{ kind: 'score' as const, min }] } : l,
    ),
  })),
});
/** Risk 0.5 for everyone: no feature counts (coefficient 0), intercept 0 (sigmoid(0) = 0.5). */
const MODEL: RetentionModel = {
  id: 'retention-spec',
  version: 1,
  horizonWeeks: 12,
  features: ['weeksWithoutSalesGrowth'],
  coefficients: [0],
  means: [0],
  stds: [1],
  intercept: 0,
  threshold: 0.6,
  coldStart: DEFAULT_COLD_START_RULES,
  metrics: null,
  training: null,
} as RetentionModel;

/** Commission: 3% of what is collected, a month at a time. */
const PLAN: CommissionPlan = {
  id: 'plan-spec',
  version: 1,
  name: 'Flat 3%',
  basis: 'collected',
  period: 'month',
  tiers: [{ from: 0, rate: 0.03 }],
};

let database: TestDatabase;
let api: ApiHarness;
let hr: string;

async function append(stream: string, type: DomainEventType, data: unknown): Promise<bigint> {
  const r = await api.store.appendToStream(stream, [
    { id: newEventId(), type, schemaVersion: currentVersion(type), data: data as JsonObject },
  ]);
  return r.lastPosition;
}
const hire = (employeeId: string, branchId: string) =>
  append(employeeStream(employeeId), 'EmployeeHired', {
    employeeId,
    name: employeeId,
    branchId,
    teamId: `${branchId}-1`,
    regionId: 'east',
    managerId: null,
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt: '2026-01-05',
    probationEnd: null,
    recruitingFit: 70,
  });
const sale = (saleId: string, employeeId: string, amount: number, closedAt: string) =>
  append(saleStream(saleId), 'SaleClosed', {
    saleId,
    employeeId,
    amount,
    grossMargin: 0.3,
    productLine: 'crm',
    customerId: `c-${saleId}`,
    customerType: 'smb',
    channel: 'direct',
    newCustomer: false,
    cycleDays: 5,
    closedAt,
  });
const decide = (
  employeeId: string,
  outcome: 'approved' | 'rejected',
  evidencePosition: bigint,
  score: number,
) =>
  append(reviewStream(`rv-${employeeId}`), 'PromotionDecided', {
    reviewId: `rv-${employeeId}`,
    employeeId,
    toLevel: 'sales_supervisor',
    outcome,
    rationale: outcome === 'approved' ? 'meets the bar' : 'score below 90',
    evidencePosition: evidencePosition.toString(),
    policyVersions: { 'scoring-spec': 1, 'ladder-spec': 1 },
    evidence: { score, scoreMonth: '2026-01', eligible: outcome === 'approved' },
    override: null,
    decidedBy: 'c1',
    at: '2026-02-05T10:00:00Z',
  });

beforeAll(async () => {
  database = await createTestDatabase('api_whatif_kinds');
  api = await startApiHarness(database.url, { runners: true });
  hr = await api.token({ userId: 'hr', name: 'HR', role: 'hr_admin' });
  await append('policy-scoring-spec', 'ScoringPolicyPublished', { policy: SCORING });
  await append('policy-ladder-spec', 'LadderPublished', { ladder: ladderWithSupervisorScore(90) });
  await append('policy-retention-spec', 'RetentionModelPublished', { model: MODEL });
  await append('policy-plan-spec', 'CommissionPlanPublished', { plan: PLAN });
  await hire('r1', 'a');
  await hire('r2', 'a');
  await hire('r3', 'b');
  await sale('j1', 'r1', 9_500_000, '2026-01-20T10:00:00Z');
  await sale('j2', 'r2', 8_500_000, '2026-01-20T10:00:00Z');
  await sale('j3', 'r3', 7_000_000, '2026-01-20T10:00:00Z');
  // r1's January sale is paid in full on 25 January (the commission's only payment).
  await append(saleStream('j1'), 'PaymentCollected', {
    paymentId: 'pay-j1',
    saleId: 'j1',
    employeeId: 'r1',
    amount: 9_500_000,
    collectedAt: '2026-01-25T10:00:00Z',
  });
  let evidence = await sale('f3', 'r3', 1, '2026-02-02T10:00:00Z');
  for (const [id, score] of [
    ['r1', 95],
    ['r2', 85],
    ['r3', 70],
  ] as const)
    evidence = await append(reviewStream(`rv-${id}`), 'PromotionNominated', {
      reviewId: `rv-${id}`,
      employeeId: id,
      fromLevel: 'sales_representative',
      toLevel: 'sales_supervisor',
      track: 'sales_management',
      score,
      reason: 'manager_nomination',
      nominatedBy: 'hr',
      at: '2026-02-03T10:00:00Z',
    });
  for (const [id, outcome, score] of [
    ['r1', 'approved', 95],
    ['r2', 'rejected', 85],
    ['r3', 'rejected', 70],
  ] as const)
    await decide(id, outcome, evidence, score);
  for (const id of ['r1', 'r2', 'r3'])
    await append(targetStream(id, '2026-03'), 'TargetSet', {
      subjectId: id,
      subjectKind: 'employee',
      period: '2026-03',
      amount: 10_000_000,
      basis: 'history',
      setBy: 'hr',
      at: '2026-02-27',
    });
  await sale('m1', 'r1', 9_500_000, '2026-03-10T10:00:00Z');
  await sale('m2', 'r2', 8_500_000, '2026-03-10T10:00:00Z');
  await sale('m3', 'r3', 7_000_000, '2026-03-10T10:00:00Z');
  await sale('a3', 'r3', 1, '2026-04-01T10:00:00Z');
}, 120_000);
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const HISTORY = `query H($draft: PolicyDraftInput!) @waitFor(position: "HEAD", timeoutMs: 10000) { policySimulation(draft: $draft) {
  decisionsJudged
  flippedDecisions { decisionId outcome flip scoreThen scoreUnderDraft thresholdThen thresholdUnderDraft eligibleThen eligibleUnderDraft }
  eligibleByQuarter { quarter month evaluated eligiblePublished eligibleDraft }
  fairness { branchId evaluated people published { selected rate ratioToHighest belowFourFifths } draft { selected rate ratioToHighest belowFourFifths } }
  commission { planId planVersion inForce draft difference payments paymentsChanged }
  targetWarnings { month people peerGapPublished peerGapDraft behindPublished behindDraft }
  retention { thresholdPublished thresholdDraft months { month people flaggedPublished flaggedDraft } }
} }`;
// biome-ignore lint/suspicious/noExplicitAny: the answer's shape is the query's.
async function simulate(draft: Record<string, unknown>): Promise<any> {
  const head = (await api.store.headPosition()).toString();
  const { body } = await api.graphql<{ policySimulation: unknown }>(HISTORY.replace('HEAD', head), {
    token: hr,
    variables: { draft },
  });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data?.policySimulation;
}
const flips = (s: { flippedDecisions: { decisionId: string; flip: string }[] }) =>
  s.flippedDecisions.map((f) => [f.decisionId, f.flip]);

describe('what-if of each policy kind, worked by hand', () => {
  it('ladder: the supervisor threshold at 80 flips r2 (83.17 ≥ 80), not r3 (68.49), and leaves r1 approved', async () => {
    const s = await simulate({ ladder: toGraphQL(LadderSchema, ladderWithSupervisorScore(80, 2)) });
    expect(s.decisionsJudged).toBe(3);
    expect(s.flippedDecisions).toEqual([
      {
        decisionId: 'rv-r2',
        outcome: 'rejected',
        flip: 'rejected_to_eligible',
        scoreThen: 83.17,
        scoreUnderDraft: 83.17,
        thresholdThen: 90,
        thresholdUnderDraft: 80,
        eligibleThen: false,
        eligibleUnderDraft: true,
      },
    ]);
    // Quarters, each judged when the clock enters the next. 2025-Q4 when the first sale (20 Jan;
    // a hire does not move the clock) enters January, December evaluated: r1, r2, r3, no sales,
    // score 0, none eligible. 2026-Q1 when 1 April's sale enters April, March evaluated: r1
    // 92.96, r2 83.17, r3 68.49: eligible at 90 r1 only; at 80 r1 and r2.
    expect(s.eligibleByQuarter).toEqual([
      { quarter: '2025-Q4', month: '2025-12', evaluated: 3, eligiblePublished: 0, eligibleDraft: 0 },
      { quarter: '2026-Q1', month: '2026-03', evaluated: 3, eligiblePublished: 1, eligibleDraft: 2 },
    ]);
    // Fairness over person-quarters. Branch a: r1 and r2 in both quarters = 4 evaluated, 2 people;
    // selected at 90: r1's Q1 → 1/4; at 80: r1's and r2's Q1 → 2/4. Branch b: r3 in both = 2,
    // selected by neither: rate 0, ratio 0 ÷ 0.25 = 0 and 0 ÷ 0.5 = 0, below four-fifths (0.8).
    expect(s.fairness).toEqual([
      {
        branchId: 'a',
        evaluated: 4,
        people: 2,
        published: { selected: 1, rate: 0.25, ratioToHighest: 1, belowFourFifths: false },
        draft: { selected: 2, rate: 0.5, ratioToHighest: 1, belowFourFifths: false },
      },
      {
        branchId: 'b',
        evaluated: 2,
        people: 1,
        published: { selected: 0, rate: 0, ratioToHighest: 0, belowFourFifths: true },
        draft: { selected: 0, rate: 0, ratioToHighest: 0, belowFourFifths: true },
      },
    ]);
  });

  it('ladder: each decision replays under the draft to what the list states (the audit page reads this)', async () => {
    const draft = { ladder: toGraphQL(LadderSchema, ladderWithSupervisorScore(80, 2)) };
    const replay = async (decisionId: string) => {
      const { body } = await api.graphql<{ decisionUnderDraft: Record<string, unknown> | null }>(
        `query R($id: String!, $draft: PolicyDraftInput!) { decisionUnderDraft(decisionId: $id, draft: $draft) {
          decisionId outcome flip scoreUnderDraft thresholdUnderDraft eligibleThen eligibleUnderDraft } }`,
        { token: hr, variables: { id: decisionId, draft } },
      );
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      return body.data?.decisionUnderDraft;
    };
    // r2: 83.17 against 80, eligible: the flip the list states. r3: 68.49, still not eligible.
    expect(await replay('rv-r2')).toEqual({
      decisionId: 'rv-r2',
      outcome: 'rejected',
      flip: 'rejected_to_eligible',
      scoreUnderDraft: 83.17,
      thresholdUnderDraft: 80,
      eligibleThen: false,
      eligibleUnderDraft: true,
    });
    expect(await replay('rv-r3')).toMatchObject({
      flip: null,
      scoreUnderDraft: 68.49,
      eligibleUnderDraft: false,
    });
    expect(await replay('rv-nobody')).toBeNull();
  });

  it('scoring: ¥80,000 for full points lifts r2 to 100 (flips) and r3 to 85.62 (still short of 90)', async () => {
    const s = await simulate({
      scoringPolicy: toGraphQL(ScoringPolicySchema, {
        ...SCORING,
        version: 2,
        kpis: [{ ...SCORING.kpis[0]!, normalisation: { kind: 'linear', floor: 0, target: 8_000_000 } }],
      }),
    });
    // r1: 9,295,699 ÷ 8M → capped at 100, approved and still eligible: no flip. r2: 8,317,204
    // ÷ 8M = 104% → 100, eligible: flips. r3: 6,849,462 ÷ 8M = 85.62, still not eligible.
    expect(flips(s)).toEqual([['rv-r2', 'rejected_to_eligible']]);
    expect(s.flippedDecisions[0]).toMatchObject({
      scoreThen: 83.17,
      scoreUnderDraft: 100,
      thresholdUnderDraft: 90,
    });
    // 2026-Q1 under the draft: r1 100, r2 100, r3 85.62: two eligible.
    expect(s.eligibleByQuarter.at(-1)).toMatchObject({
      quarter: '2026-Q1',
      eligiblePublished: 1,
      eligibleDraft: 2,
    });
  });

  it('scoring: ¥120,000 for full points drops the approved r1 to 77.46, not eligible: approved → ineligible', async () => {
    const s = await simulate({
      scoringPolicy: toGraphQL(ScoringPolicySchema, {
        ...SCORING,
        version: 2,
        kpis: [{ ...SCORING.kpis[0]!, normalisation: { kind: 'linear', floor: 0, target: 12_000_000 } }],
      }),
    });
    // r1: 9,295,699 ÷ 12M × 100 = 77.46; r2 69.31 and r3 57.08 stay rejected and not eligible.
    expect(flips(s)).toEqual([['rv-r1', 'approved_to_ineligible']]);
    expect(s.flippedDecisions[0]).toMatchObject({
      scoreThen: 92.96,
      scoreUnderDraft: 77.46,
      eligibleThen: true,
    });
    expect(s.eligibleByQuarter.at(-1)).toMatchObject({ eligiblePublished: 1, eligibleDraft: 0 });
  });

  it('commission plan: 5% above ¥50,000 a month pays r1 ¥900 more for January', async () => {
    const s = await simulate({
      commissionPlan: toGraphQL(CommissionPlanSchema, {
        ...PLAN,
        version: 2,
        name: '3%, 5% above ¥50,000',
        tiers: [
          { from: 0, rate: 0.03 },
          { from: 5_000_000, rate: 0.05 },
        ],
      }),
    });
    // In force: 9,500,000 × 3% = 285,000 fen. Draft: 5,000,000 × 3% + 4,500,000 × 5% = 150,000 +
    // 225,000 = 375,000 fen; 90,000 fen (¥900) more, on the one payment, which changes.
    expect(s.commission).toEqual({
      planId: 'plan-spec',
      planVersion: 2,
      inForce: 285_000,
      draft: 375_000,
      difference: 90_000,
      payments: 1,
      paymentsChanged: 1,
    });
  });

  it("target policy: a 20% gap to the peers' median warns r3 in March, the published 30% warns no one", async () => {
    const s = await simulate({
      targetPolicy: toGraphQL(TargetPolicySchema, {
        ...DEFAULT_TARGET_POLICY,
        version: DEFAULT_TARGET_POLICY.version + 1,
        earlyWarning: { ...DEFAULT_TARGET_POLICY.earlyWarning, peerGap: 0.2 },
      }),
    });
    // March attainment: r1 0.95, r2 0.85, r3 0.70. Peers' median (the others of the level and
    // region): r1 median(0.85, 0.70) = 0.775; r2 median(0.95, 0.70) = 0.825; r3 median(0.95,
    // 0.85) = 0.90. Gap at 30%: r3 0.70 < 0.90 × 0.7 = 0.63? no; nobody else either. At 20%:
    // r3 0.70 < 0.90 × 0.8 = 0.72: warned; r2 0.85 < 0.66? no; r1 0.95 < 0.62? no. The
    // stage-target rule is the same in both (the draft changes the gap only).
    expect(s.targetWarnings).toHaveLength(1);
    const [march] = s.targetWarnings;
    expect(march).toMatchObject({ month: '2026-03', people: 3, peerGapPublished: 0, peerGapDraft: 1 });
    expect(march.behindDraft).toBe(march.behindPublished);
  });

  it('retention threshold: at 0.45 everyone employed at the month end is flagged (risk 0.5), at 0.6 no one', async () => {
    const s = await simulate({ retentionThreshold: 0.45 });
    // The model gives everyone sigmoid(0) = 0.5: flagged at 0.45 (0.5 ≥ 0.45), not at 0.6.
    expect(s.retention.thresholdPublished).toBe(0.6);
    expect(s.retention.thresholdDraft).toBe(0.45);
    for (const m of s.retention.months) {
      expect(m.flaggedPublished).toBe(0);
      expect(m.flaggedDraft).toBe(m.people);
    }
    // The three reps, hired 5 Jan, are employed at the end of every month shown.
    expect(s.retention.months.map((m: { people: number }) => m.people)).toContain(3);
  });
});
