import {
  DEFAULT_LADDER,
  DEFAULT_SCORING_POLICY,
  type DomainCommandType,
  type ScoringPolicy,
} from '@trackrecord/domain';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';
import { replayDecision } from './replay.ts';

/**
 * A month is scored under the scoring policy in force at the last event that changed its facts
 * (its stamp), in the read models and so on the review page: a revision published after that
 * leaves it as it was. A decision on that month, taken after the revision, records what the
 * page shows (the month's version) and replays with no difference; one that records the newer
 * version is told apart, the cause named (`policy_version`), never "unexplained".
 */
let database: TestDatabase;
let api: ApiHarness;
let hr: string;

const send = (type: DomainCommandType, data: unknown) => api.command(type, data, hr);
const sale = (saleId: string, amount: number, closedAt: string) =>
  send('CloseSale', {
    saleId,
    employeeId: 'm1',
    amount,
    grossMargin: 0.3,
    productLine: 'crm',
    customerId: `c-${saleId}`,
    customerType: 'smb',
    channel: 'direct',
    newCustomer: true,
    cycleDays: 10,
    closedAt,
  });

/** Completion alone counts for a representative in the revision. */
const REVISED: ScoringPolicy = {
  ...DEFAULT_SCORING_POLICY,
  version: DEFAULT_SCORING_POLICY.version + 1,
  weightsByRank: {
    ...DEFAULT_SCORING_POLICY.weightsByRank,
    sales_representative: [{ kpi: 'salesCompletionRate', weight: 100 }],
  },
};

type Basis = { evidencePosition: string; scoringPolicy: { id: string; version: number } };
let basis: Basis;
let shown: { score: number; eligible: boolean };

beforeAll(async () => {
  database = await createTestDatabase('api_revised_mid_month');
  api = await startApiHarness(database.url, { runners: true });
  hr = await api.token({ userId: 'hr', name: 'HR', role: 'hr_admin' });
  await send('PublishScoringPolicy', { policy: DEFAULT_SCORING_POLICY });
  await send('PublishLadder', { ladder: DEFAULT_LADDER });
  await send('HireEmployee', {
    employeeId: 'm1',
    name: 'M1',
    branchId: 'sh',
    teamId: 'sh-1',
    regionId: 'east',
    managerId: null,
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt: '2024-01-08',
    probationEnd: null,
    recruitingFit: 70,
  });
  await send('SetTarget', {
    subjectId: 'm1',
    subjectKind: 'employee',
    period: '2025-03',
    amount: 1_000_000,
    basis: 'test',
    setBy: 'hr',
    at: '2025-03-01T01:00:00Z',
  });
  await sale('s-mar-1', 600_000, '2025-03-05T09:00:00Z');
  await sale('s-mar-2', 300_000, '2025-03-20T09:00:00Z');
  // Published after March's last fact: March keeps the version its facts were scored under.
  await send('PublishScoringPolicy', { policy: REVISED });
  // April: March is the evaluated month.
  await sale('s-apr-1', 100_000, '2025-04-02T09:00:00Z');
  const head = (await api.store.headPosition()).toString();
  const { body } = await api.graphql<{
    person: { reviewBasis: Basis; score: { score: number }; eligibility: { eligible: boolean }[] };
  }>(
    `query Q @waitFor(position: "${head}") { person(id: "m1") { reviewBasis(month: "2025-03") { evidencePosition scoringPolicy { id version } } score(month: "2025-03") { score } eligibility { eligible } } }`,
    { token: hr },
  );
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  basis = body.data.person.reviewBasis;
  shown = {
    score: body.data.person.score.score,
    eligible: body.data.person.eligibility.some((v) => v.eligible),
  };
}, 120_000);

afterAll(async () => {
  await api?.close();
  await database?.drop();
});

async function decide(reviewId: string, scoringVersion: number) {
  await send('Nominate', {
    reviewId,
    employeeId: 'm1',
    fromLevel: 'sales_representative',
    toLevel: 'sales_supervisor',
    track: 'sales_management',
    score: shown.score,
    reason: 'manager_nomination',
    nominatedBy: 'hr',
    at: '2025-04-03T09:00:00Z',
  });
  await send('OpenReview', {
    reviewId,
    employeeId: 'm1',
    committee: ['hr'],
    quorum: 1,
    at: '2025-04-03T10:00:00Z',
  });
  await send('CastVote', { reviewId, memberId: 'hr', vote: 'reject', at: '2025-04-04T09:00:00Z' });
  await send('DecidePromotion', {
    reviewId,
    outcome: 'rejected',
    rationale: 'as the evidence says',
    evidencePosition: basis.evidencePosition,
    policyVersions: { [basis.scoringPolicy.id]: scoringVersion, [DEFAULT_LADDER.id]: DEFAULT_LADDER.version },
    evidence: { score: shown.score, scoreMonth: '2025-03', eligible: shown.eligible },
    decidedBy: 'hr',
    at: '2025-04-04T10:00:00Z',
  });
}

describe('a scoring policy revised after the evaluated month’s last fact', () => {
  it('the review page gives the version March is scored with, and a decision recording it replays as made', async () => {
    expect(basis.scoringPolicy).toEqual({
      id: DEFAULT_SCORING_POLICY.id,
      version: DEFAULT_SCORING_POLICY.version,
    });
    await decide('revised-page', basis.scoringPolicy.version);
    const r = await replayDecision(api.store, 'revised-page');
    expect(r?.policiesInForce[DEFAULT_SCORING_POLICY.id]).toBe(DEFAULT_SCORING_POLICY.version);
    expect(r?.recomputed.score).toBe(shown.score);
    expect(r?.differences).toEqual([]);
  });

  it('a decision recording the newer version is told apart, the cause named', async () => {
    await decide('revised-newer', REVISED.version);
    const r = await replayDecision(api.store, 'revised-newer');
    expect(r?.differences.map((d) => [d.field, d.cause])).toEqual([
      [`policyVersions.${DEFAULT_SCORING_POLICY.id}`, 'policy_version'],
      ['evidence.score', 'policy_version'],
    ]);
    expect(r?.differences[1]?.note).toContain('2025-03 is scored with');
  });
});
