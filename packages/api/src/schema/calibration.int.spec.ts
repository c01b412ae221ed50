import {
  DEFAULT_LADDER,
  type DomainCommandType,
  domainCommandSchemas,
  type Ladder,
} from '@trackrecord/domain';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/viewer.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';
import { toGraphQL } from './zodInput.ts';

// Calibration of a promotion round on given events, over HTTP on a real PostgreSQL. A ladder
// whose supervisor step has three requirements (24 months of experience and two courses), so
// readiness is 0, 1, 2 or 3 of 3; four candidates nominated on 2026-04-02 (round 2026-Q2, the
// fold's clock at 2026-04-01, evaluated month 2026-03) and one in 2026-Q1. Every number below
// is worked out by hand in the comments.

let database: TestDatabase;
let api: ApiHarness;
let hr: string;
let member: string;
let outsider: string;
const as = (viewer: Viewer) => api.token(viewer);

type Result = { __typename: string; position?: string; message?: string; fieldPath?: string[] };
async function send(type: DomainCommandType, data: unknown, token = hr, language = 'en') {
  const field = `${type.charAt(0).toLowerCase()}${type.slice(1)}`;
  const { body } = await api.graphql<Record<string, Result>>(
    `mutation($input: ${type}Input!) { ${field}(input: $input) { __typename
      ... on CommandSucceeded { position }
      ... on RuleViolation { message fieldPath }
      ... on ValidationFailed { message fieldPath }
      ... on NotFound { message fieldPath }
      ... on Forbidden { message fieldPath } } }`,
    {
      token,
      variables: { input: toGraphQL(domainCommandSchemas[type], data) },
      headers: { 'accept-language': language },
    },
  );
  expect(body.errors).toBeUndefined();
  return body.data?.[field] as Result;
}
async function ok(type: DomainCommandType, data: unknown, token = hr): Promise<string> {
  const result = await send(type, data, token);
  if (result.__typename !== 'CommandSucceeded') throw new Error(JSON.stringify(result));
  return result.position ?? '0';
}
async function read<T>(query: string, token: string, variables: Record<string, unknown> = {}): Promise<T> {
  const head = (await api.store.headPosition()).toString();
  const brace = query.indexOf('{');
  const document = `${query.slice(0, brace)} @waitFor(position: "${head}", timeoutMs: 5000) ${query.slice(brace)}`;
  const { body } = await api.graphql<T>(document, { token, variables });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data as T;
}

const hire = (
  employeeId: string,
  managerId: string | null,
  hiredAt: string,
  level = 'sales_representative',
) =>
  ok('HireEmployee', {
    employeeId,
    name: `名${employeeId}`,
    branchId: managerId === 'cb-m2' ? 'cb-b2' : 'cb-b1',
    teamId: managerId === 'cb-m2' ? 'cb-t2' : 'cb-t1',
    regionId: 'east',
    managerId,
    level,
    track: 'sales_management',
    hiredAt,
    probationEnd: null,
    recruitingFit: 70,
  });
const complete = (employeeId: string, courseId: string, at: string) =>
  ok('CompleteCourse', { employeeId, courseId, testScore: 90, at });
const followUp = (at: string) =>
  ok('LogFollowUp', { employeeId: 'cb-m1', customerId: 'cust-1', source: 'crm', at });
const nominate = (reviewId: string, employeeId: string, score: number, at: string) =>
  ok('Nominate', {
    reviewId,
    employeeId,
    fromLevel: 'sales_representative',
    toLevel: 'sales_supervisor',
    track: 'sales_management',
    score,
    reason: 'manager_nomination',
    nominatedBy: 'hr',
    at,
  });
async function decide(
  reviewId: string,
  employeeId: string,
  outcome: 'approved' | 'rejected',
  eligible: boolean,
  at: string,
) {
  await ok('OpenReview', {
    reviewId,
    employeeId,
    committee: ['cb-x1'],
    quorum: 1,
    at: '2026-04-02T10:00:00Z',
  });
  await ok(
    'CastVote',
    { reviewId, memberId: 'cb-x1', vote: outcome === 'approved' ? 'approve' : 'reject', at },
    member,
  );
  await ok(
    'DecidePromotion',
    {
      reviewId,
      outcome,
      rationale: 'calibrated',
      decidedBy: 'cb-x1',
      evidencePosition: '1',
      policyVersions: {},
      evidence: { score: null, scoreMonth: null, eligible },
      at,
    },
    member,
  );
}

/** The default ladder, its supervisor step cut to three requirements. */
function ladder(): Ladder {
  const copy = structuredClone(DEFAULT_LADDER) as Ladder & {
    tracks: { levels: { id: string; requirements: unknown[] }[] }[];
  };
  for (const track of copy.tracks) {
    for (const level of track.levels) {
      if (level.id === 'sales_supervisor') {
        level.requirements = [
          { kind: 'experience', months: 24 },
          { kind: 'course', courseId: 'sales-team-management' },
          { kind: 'course', courseId: 'strategic-selling' },
        ];
      }
    }
  }
  return { ...copy, version: 1 };
}

beforeAll(async () => {
  database = await createTestDatabase('api_calibration');
  api = await startApiHarness(database.url, { runners: true, poolSize: 4 });
  hr = await as({ userId: 'hr', name: 'HR', role: 'hr_admin' });
  member = await as({ userId: 'cb-x1', name: 'Member', role: 'committee_member', employeeId: 'cb-x1' });
  outsider = await as({ userId: 'cb-x2', name: 'Other', role: 'committee_member', employeeId: 'cb-x2' });
  await ok('PublishLadder', { ladder: ladder() });
  await hire('cb-m1', null, '2020-01-06', 'sales_manager');
  await hire('cb-m2', null, '2020-01-06', 'sales_manager');
  await hire('cb-x1', null, '2020-01-06', 'regional_director');
  await hire('cb-x2', null, '2020-01-06', 'regional_director');
  await hire('cb-c1', 'cb-m1', '2024-01-02');
  await hire('cb-c2', 'cb-m1', '2024-01-02');
  await hire('cb-c3', 'cb-m1', '2024-01-02');
  await hire('cb-c4', 'cb-m2', '2025-06-02');
  // The fold's clock moves with activity (a follow-up of the manager's), not with courses.
  await followUp('2026-02-10T08:00:00Z');
  await complete('cb-c1', 'sales-team-management', '2026-02-10T09:00:00Z');
  await followUp('2026-03-10T08:00:00Z');
  await complete('cb-c2', 'sales-team-management', '2026-03-10T09:00:00Z');
  await nominate('cb-q1', 'cb-c3', 88, '2026-03-12T09:00:00Z');
  await followUp('2026-04-01T08:00:00Z');
  await complete('cb-c1', 'strategic-selling', '2026-04-01T09:00:00Z');
  await nominate('cb-r1', 'cb-c1', 92, '2026-04-02T09:00:00Z');
  await nominate('cb-r2', 'cb-c2', 85, '2026-04-02T09:00:00Z');
  await nominate('cb-r3', 'cb-c3', 91, '2026-04-02T09:00:00Z');
  await nominate('cb-r4', 'cb-c4', 70, '2026-04-02T09:00:00Z');
  // Cycle times: r2 3 days, r1 7 days, r3 14 days; r4 stays undecided.
  await decide('cb-r2', 'cb-c2', 'rejected', false, '2026-04-05T09:00:00Z');
  await decide('cb-r1', 'cb-c1', 'approved', true, '2026-04-09T09:00:00Z');
  await decide('cb-r3', 'cb-c3', 'rejected', false, '2026-04-16T09:00:00Z');
}, 120_000);
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const ROUND = `query R($round: String) { calibration(round: $round) {
  round from to rounds { round nominations }
  bounds { scoreMid scoreHigh readinessMid readinessHigh minSample scoreDeviation approvalDeviation histogramWidth }
  candidates { reviewId score performance readiness requirementsMet requirementsTotal readinessBand evaluatedMonth readinessTrend state outcome cycleDays managerId }
  nineBox { performance readiness count candidates { reviewId } }
  unplaced { reviewId }
  histogram { from to count }
  company { kind nominations meanScore decided approved approvalRate tooFew warnings }
  byManager { kind id nominations meanScore decided approved approvalRate scoreDifference approvalDifference tooFew warnings person { id } }
  byBranch { id nominations }
  byTeam { id nominations }
  cycleTime { decided medianDays p90Days }
  notes { employeeId note annotatedBy author { id } }
} }`;
type Round = {
  calibration: {
    round: string;
    candidates: Record<string, unknown>[];
    nineBox: { performance: string; readiness: string; count: number; candidates: { reviewId: string }[] }[];
    notes: Record<string, unknown>[];
    [key: string]: unknown;
  } | null;
};

describe('calibration (query and notes)', () => {
  it('opens on the latest round with nominations and places each candidate on the 9-box', async () => {
    const { calibration } = await read<Round>(ROUND, hr);
    expect(calibration).toMatchObject({
      round: '2026-Q2',
      from: '2026-04-01',
      to: '2026-06-30',
      rounds: [
        { round: '2026-Q2', nominations: 4 },
        { round: '2026-Q1', nominations: 1 },
      ],
      bounds: { scoreMid: 80, scoreHigh: 90, readinessMid: 0.6, readinessHigh: 1, minSample: 5 },
    });
    // At the nominations (clock 2026-04-01, evaluated month 2026-03):
    // One evaluated month earlier (2026-02) is the fold just before the clock left it (at 2026-03-10).
    // c1: 27 months, both courses: 3/3 = high; in 2026-02 only the first course: 2/3, a trend of +1/3.
    // c2: 27 months and the first course (2026-03-10): 2/3 = mid; in 2026-02 the same (done by then): 0.
    // c3: only the experience: 1/3 = low. c4: hired 2025-06-02, 10 months: 0/3 = low.
    const by = Object.fromEntries(calibration?.candidates.map((c) => [c.reviewId, c]) ?? []);
    expect(by['cb-r1']).toMatchObject({
      score: 92,
      performance: 'high',
      requirementsMet: 3,
      requirementsTotal: 3,
      readiness: 1,
      readinessBand: 'high',
      evaluatedMonth: '2026-03',
      state: 'decided',
      outcome: 'approved',
      cycleDays: 7,
    });
    expect(by['cb-r1']?.readinessTrend).toBeCloseTo(1 / 3, 10);
    expect(by['cb-r2']).toMatchObject({
      performance: 'mid',
      requirementsMet: 2,
      readinessBand: 'mid',
      readinessTrend: 0,
      cycleDays: 3,
    });
    expect(by['cb-r3']).toMatchObject({
      performance: 'high',
      requirementsMet: 1,
      readinessBand: 'low',
      cycleDays: 14,
    });
    expect(by['cb-r4']).toMatchObject({
      performance: 'low',
      requirementsMet: 0,
      readiness: 0,
      readinessBand: 'low',
      state: 'nominated',
      cycleDays: null,
    });
    const boxes = Object.fromEntries(
      (calibration?.nineBox ?? []).map((b) => [
        `${b.performance}/${b.readiness}`,
        b.candidates.map((c) => c.reviewId),
      ]),
    );
    expect(calibration?.nineBox).toHaveLength(9);
    expect(boxes).toMatchObject({
      'high/high': ['cb-r1'],
      'mid/mid': ['cb-r2'],
      'high/low': ['cb-r3'],
      'low/low': ['cb-r4'],
      'mid/high': [],
    });
    expect(calibration?.unplaced).toEqual([]);
  });

  it('counts the distribution, the groups against the company and the cycle time', async () => {
    const { calibration } = await read<Round>(ROUND, hr, { round: '2026-Q2' });
    // Scores 92, 85, 91, 70: bars of 5 points from 70.
    expect(calibration?.histogram).toEqual([
      { from: 70, to: 75, count: 1 },
      { from: 75, to: 80, count: 0 },
      { from: 80, to: 85, count: 0 },
      { from: 85, to: 90, count: 1 },
      { from: 90, to: 95, count: 2 },
      { from: 95, to: 100, count: 0 },
    ]);
    // Company: mean (92 + 85 + 91 + 70) / 4 = 84.5; 1 approved of 3 decided.
    expect(calibration?.company).toMatchObject({
      kind: 'company',
      nominations: 4,
      meanScore: 84.5,
      decided: 3,
      approved: 1,
      tooFew: true,
    });
    expect(calibration?.company).toHaveProperty('approvalRate', expect.closeTo(1 / 3, 10));
    // m1: c1, c2, c3, mean 268 / 3 = 89.33, +4.83 points; 1 of 3 approved (the company's rate): too few to judge.
    const [m1, m2] = (calibration?.byManager ?? []) as Record<string, unknown>[];
    expect(m1).toMatchObject({
      kind: 'manager',
      id: 'cb-m1',
      nominations: 3,
      decided: 3,
      approved: 1,
      approvalDifference: 0,
      tooFew: true,
      warnings: [],
      person: { id: 'cb-m1' },
    });
    expect(m1?.meanScore).toBeCloseTo(89.3333, 4);
    expect(m1?.scoreDifference).toBeCloseTo(4.8333, 4);
    expect(m2).toMatchObject({
      id: 'cb-m2',
      nominations: 1,
      meanScore: 70,
      scoreDifference: -14.5,
      decided: 0,
      approvalRate: null,
      approvalDifference: null,
      tooFew: true,
      warnings: [],
    });
    expect(calibration?.byBranch).toEqual([
      { id: 'cb-b1', nominations: 3 },
      { id: 'cb-b2', nominations: 1 },
    ]);
    // Decided in 3, 7 and 14 days: median 7; p90 at rank 0.9·2 = 1.8: 7 + 0.8·(14 − 7) = 12.6.
    expect(calibration?.cycleTime).toEqual({ decided: 3, medianDays: 7, p90Days: expect.closeTo(12.6, 10) });
    const q1 = await read<Round>(ROUND, hr, { round: '2026-Q1' });
    expect(q1.calibration?.candidates.map((c) => c.reviewId)).toEqual(['cb-q1']);
    expect(q1.calibration?.cycleTime).toBeNull();
  });

  it('takes notes from HR and the round’s committee, and refuses the others in their language', async () => {
    const annotate = (data: Record<string, unknown>, token: string, language = 'en') =>
      send(
        'AnnotateCalibration',
        { round: '2026-Q2', employeeId: null, at: '2026-04-20T09:00:00Z', ...data },
        token,
        language,
      );
    expect(await annotate({ employeeId: 'cb-c3', note: '留存高，回款待改进' }, hr)).toMatchObject({
      __typename: 'CommandSucceeded',
    });
    expect(await annotate({ note: 'Q2 calibrated on 20 April' }, member)).toMatchObject({
      __typename: 'CommandSucceeded',
    });
    const outside = await annotate({ note: '我也想写' }, outsider, 'zh');
    expect(outside).toMatchObject({ __typename: 'Forbidden' });
    expect(outside.message).toMatch(/只有人力资源和 2026-Q2 轮次评审的委员可以为该轮次添加备注/);
    const notCandidate = await annotate({ round: '2026-Q1', employeeId: 'cb-c4', note: 'x' }, hr);
    expect(notCandidate.message).toMatch(/cb-c4 was not nominated in round 2026-Q1/);
    const blank = await annotate({ note: '   ' }, hr, 'zh');
    expect(blank).toMatchObject({ __typename: 'ValidationFailed', fieldPath: ['input', 'note'] });
    expect(blank.message).toMatch(/备注.*不能为空/);
    const badRound = await annotate({ round: '2026-13', note: 'x' }, hr, 'zh');
    expect(badRound.message).toMatch(/评审轮次.*YYYY-Qn/);
    const { calibration } = await read<Round>(ROUND, member, { round: '2026-Q2' });
    expect(calibration?.notes).toEqual([
      { employeeId: null, note: 'Q2 calibrated on 20 April', annotatedBy: 'cb-x1', author: { id: 'cb-x1' } },
      { employeeId: 'cb-c3', note: '留存高，回款待改进', annotatedBy: 'hr', author: null },
    ]);
  });

  it('is for HR, committee members and auditors only', async () => {
    const rep = await as({ userId: 'cb-c1', name: 'Rep', role: 'sales_rep', employeeId: 'cb-c1' });
    const { body } = await api.graphql(ROUND, { token: rep });
    expect(body.errors?.[0]?.message).toMatch(/calibration/);
    const bad = await api.graphql(ROUND, { token: hr, variables: { round: '2026-06' } });
    expect(bad.body.errors?.[0]?.message).toMatch(/round must be a quarter as YYYY-Qn/);
  });
});
