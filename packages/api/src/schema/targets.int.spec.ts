import { DEFAULT_TARGET_POLICY, type DomainCommandType, domainCommandSchemas } from '@trackrecord/domain';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/viewer.ts';
import { now } from '../runtime/clock.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';
import { toGraphQL } from './zodInput.ts';

// Team sh-1 (a1, a2) and bj-1 (b1). a1 sold ¥30,000 in March 2025 and ¥10,000 in each of
// January and February 2026: the plan of March 2026 starts from the same month a year before.

let database: TestDatabase;
let api: ApiHarness;
let hr: string;
let repA1: string;
let repA2: string;
let manager: string;
let otherManager: string;
let lastPosition = '0';
const as = (viewer: Viewer) => api.token(viewer);
const at = () => now().toISOString();

type Result = {
  __typename: string;
  position?: string;
  message?: string;
  field?: string;
  rule?: string;
  fieldPath?: string[];
};
async function run(type: DomainCommandType, data: unknown, token = hr, language = 'en'): Promise<Result> {
  const field = `${type.charAt(0).toLowerCase()}${type.slice(1)}`;
  const { body } = await api.graphql<Record<string, Result>>(
    `mutation($input: ${type}Input!) { ${field}(input: $input) { __typename
      ... on CommandSucceeded { position }
      ... on RuleViolation { message field rule fieldPath }
      ... on Forbidden { message field fieldPath }
      ... on NotFound { message field fieldPath }
      ... on ValidationFailed { message field fieldPath } } }`,
    {
      token,
      variables: { input: toGraphQL(domainCommandSchemas[type], data) },
      headers: { 'accept-language': language },
    },
  );
  const result = body.data?.[field];
  if (!result) throw new Error(JSON.stringify(body));
  if (result.position) lastPosition = result.position;
  return result;
}
async function send(type: DomainCommandType, data: unknown, token = hr): Promise<string> {
  const result = await run(type, data, token);
  if (result.__typename !== 'CommandSucceeded') throw new Error(JSON.stringify(result));
  return result.position as string;
}
async function read<T>(query: string, token = hr): Promise<T> {
  const { body } = await api.graphql<T>(`query Q @waitFor(position: "${lastPosition}") ${query}`, { token });
  expect(body.errors).toBeUndefined();
  return body.data as T;
}

const hire = (employeeId: string, teamId: string) =>
  send('HireEmployee', {
    employeeId,
    name: `名字 ${employeeId}`,
    branchId: teamId.split('-')[0],
    teamId,
    regionId: 'east',
    managerId: null,
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt: '2025-01-06',
    probationEnd: null,
    recruitingFit: 70,
  });
let sales = 0;
const sale = (employeeId: string, yuan: number, closedAt: string) =>
  send('CloseSale', {
    saleId: `s${++sales}`,
    employeeId,
    amount: yuan * 100,
    grossMargin: 0.25,
    productLine: 'crm',
    customerId: `k-${sales}`,
    customerType: 'smb',
    channel: 'direct',
    newCustomer: true,
    cycleDays: 10,
    closedAt,
  });
const target = (subjectId: string, period: string, yuan: number) => ({
  subjectId,
  subjectKind: 'employee',
  period,
  amount: yuan * 100,
  basis: 'plan',
  at: at(),
});

beforeAll(async () => {
  database = await createTestDatabase('api_targets');
  api = await startApiHarness(database.url, { runners: true, poolSize: 4 });
  hr = await as({ userId: 'hr', name: 'HR', role: 'hr_admin' });
  repA1 = await as({ userId: 'u-a1', name: 'A1', role: 'sales_rep', employeeId: 'a1' });
  repA2 = await as({ userId: 'u-a2', name: 'A2', role: 'sales_rep', employeeId: 'a2' });
  manager = await as({ userId: 'tm', name: 'TM', role: 'team_manager', teamId: 'sh-1', employeeId: 'm1' });
  otherManager = await as({ userId: 'tm2', name: 'TM2', role: 'team_manager', teamId: 'bj-1' });
  await hire('a1', 'sh-1');
  await hire('a2', 'sh-1');
  await hire('b1', 'bj-1');
  await sale('a1', 30_000, '2025-03-12T10:00:00Z');
  await sale('a1', 10_000, '2026-01-12T10:00:00Z');
  await sale('a1', 10_000, '2026-02-12T10:00:00Z');
  await sale('a2', 5_000, '2026-02-13T10:00:00Z');
}, 120_000);
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

type Plan = {
  baseline: number;
  basis: { history: { from: string; sameMonths: string[]; sameMonthSales: number[] } };
};
const PLAN = (period: string) =>
  `{ targetPlan(employeeId: "a1", period: "${period}") { baseline basis { history { from sameMonths sameMonthSales } } } }`;

describe('target plan: seasonality', () => {
  it('starts from the same month of the year before when it had sales, and says so', async () => {
    const { targetPlan } = await read<{ targetPlan: Plan }>(PLAN('2026-03'), manager);
    expect(targetPlan.basis.history).toEqual({
      from: 'sameMonth',
      sameMonths: ['2025-03'],
      sameMonthSales: [3_000_000],
    });
    // ¥30,000 × (1 + 10% growth) × rank 1 = ¥33,000.
    expect(targetPlan.baseline).toBe(3_300_000);
  });
  it('uses the recent months when the same month of earlier years sold nothing', async () => {
    const { targetPlan } = await read<{ targetPlan: Plan }>(PLAN('2026-04'), manager);
    expect(targetPlan.basis.history.from).toBe('history');
    expect(targetPlan.basis.history.sameMonths).toEqual(['2025-04']);
  });
});

describe('setting a target', () => {
  it('is refused to a rep, in the caller’s language', async () => {
    const en = await run('SetTarget', target('a1', '2026-03', 40_000), repA1);
    expect(en.__typename).toBe('Forbidden');
    expect(en.message).toMatch(/a sales rep may not issue SetTarget/);
    const zh = await run('SetTarget', target('a1', '2026-03', 40_000), repA1, 'zh-CN');
    expect(zh.message).toMatch(/销售代表无权执行此操作/);
  });
  it('is refused to the manager of another team', async () => {
    const result = await run('SetTarget', target('a1', '2026-03', 40_000), otherManager);
    expect(result.__typename).toBe('Forbidden');
  });
  it('is saved by the team’s manager and read back; a second one names the amount field', async () => {
    await send('SetTarget', target('a1', '2026-03', 40_000), manager);
    const { person } = await read<{ person: { target: { amount: number } } }>(
      '{ person(id: "a1") { target(period: "2026-03") { amount } } }',
      manager,
    );
    expect(person.target.amount).toBe(4_000_000);
    const again = await run('SetTarget', target('a1', '2026-03', 45_000), manager, 'zh-CN');
    expect(again).toMatchObject({
      __typename: 'RuleViolation',
      rule: 'target_already_set',
      field: '金额',
      fieldPath: ['input', 'amount'],
    });
    expect(again.message).toBe('2026-03 的目标已经设定（¥40,000.00）：如需改动请提出目标调整申请');
  });
});

type Request = {
  requestId: string;
  employeeId: string;
  name: string;
  state: string;
  currentAmount: number;
  requestedAmount: number;
  decidedAmount: number | null;
  decisionReason: string | null;
  review: { recommendation: number; probabilityCurrent: number; probabilityRequested: number } | null;
};
const REQUESTS = (args = '') =>
  `{ targetAdjustmentRequests${args} { requestId employeeId name state currentAmount requestedAmount decidedAmount decisionReason review { recommendation probabilityCurrent probabilityRequested } } }`;

describe('adjustment requests', () => {
  const request = {
    subjectId: 'a1',
    subjectKind: 'employee',
    period: '2026-03',
    requestId: 'q1',
    requestedAmount: 2_000_000,
    reason: '重点客户推迟了订单',
  };
  it('a rep asks for their own target only', async () => {
    const other = await run('RequestTargetAdjustment', { ...request, requestId: 'q0', at: at() }, repA2);
    expect(other.__typename).toBe('Forbidden');
    await send('RequestTargetAdjustment', { ...request, at: at() }, repA1);
    const twice = await run('RequestTargetAdjustment', { ...request, requestId: 'q2', at: at() }, repA1);
    expect(twice).toMatchObject({ rule: 'adjustment_pending', fieldPath: ['input', 'requestedAmount'] });
  });
  it('lists open requests to the manager with the probabilities recomputed under the requested figure', async () => {
    const { targetAdjustmentRequests } = await read<{ targetAdjustmentRequests: Request[] }>(
      REQUESTS('(state: "requested")'),
      manager,
    );
    expect(targetAdjustmentRequests).toHaveLength(1);
    const [open] = targetAdjustmentRequests as [Request];
    expect(open).toMatchObject({
      requestId: 'q1',
      employeeId: 'a1',
      name: '名字 a1',
      currentAmount: 4_000_000,
      requestedAmount: 2_000_000,
    });
    expect(open.review?.recommendation).toBe(3_300_000);
    // March 2026 has ended by now: what was sold (nothing) against each figure.
    expect(open.review?.probabilityRequested).toBeGreaterThanOrEqual(open.review?.probabilityCurrent ?? 1);
    // Not to another team's manager, nor to another rep.
    const other = await read<{ targetAdjustmentRequests: Request[] }>(REQUESTS(), otherManager);
    expect(other.targetAdjustmentRequests).toEqual([]);
    const a2 = await read<{ targetAdjustmentRequests: Request[] }>(REQUESTS(), repA2);
    expect(a2.targetAdjustmentRequests).toEqual([]);
  });
  it('the manager approves with a reason; the request and the target read it back', async () => {
    const refused = await run(
      'ApproveTargetAdjustment',
      {
        subjectId: 'a1',
        subjectKind: 'employee',
        period: '2026-03',
        requestId: 'q1',
        approvedAmount: 3_000_000,
        reason: '属实',
        at: at(),
      },
      repA1,
    );
    expect(refused.__typename).toBe('Forbidden');
    await send(
      'ApproveTargetAdjustment',
      {
        subjectId: 'a1',
        subjectKind: 'employee',
        period: '2026-03',
        requestId: 'q1',
        approvedAmount: 3_000_000,
        reason: '客户推迟属实',
        at: at(),
      },
      manager,
    );
    const { targetAdjustmentRequests } = await read<{ targetAdjustmentRequests: Request[] }>(
      REQUESTS(),
      repA1,
    );
    expect(targetAdjustmentRequests).toMatchObject([
      {
        requestId: 'q1',
        state: 'approved',
        decidedAmount: 3_000_000,
        decisionReason: '客户推迟属实',
        review: null,
      },
    ]);
    const { person } = await read<{ person: { target: { amount: number; originalAmount: number } } }>(
      '{ person(id: "a1") { target(period: "2026-03") { amount originalAmount } } }',
      manager,
    );
    expect(person.target).toEqual({ amount: 3_000_000, originalAmount: 4_000_000 });
    const again = await run(
      'RejectTargetAdjustment',
      {
        subjectId: 'a1',
        subjectKind: 'employee',
        period: '2026-03',
        requestId: 'q1',
        reason: '不同意',
        at: at(),
      },
      manager,
    );
    expect(again).toMatchObject({ rule: 'request_decided', fieldPath: ['input', 'requestId'] });
  });
});

describe('team split', () => {
  const split = (shares: [string, number][]) => ({
    teamId: 'sh-1',
    period: '2026-05',
    teamAmount: 10_000_000,
    strategy: 'ability',
    shares: shares.map(([employeeId, amount]) => ({ employeeId, amount })),
    at: at(),
  });
  it('refuses lines that miss the team amount, naming the shares, with the difference in yuan', async () => {
    const result = await run(
      'SplitTeamTarget',
      split([
        ['a1', 6_000_000],
        ['a2', 3_000_000],
      ]),
      manager,
    );
    expect(result).toMatchObject({ fieldPath: ['input', 'shares'], field: 'shares' });
    expect(result.message).toBe(
      'the shares add up to ¥90,000.00, not the team target ¥100,000.00 (difference ¥10,000.00): they must add up exactly',
    );
  });
  it('saves a split that adds up: each member’s target of the month is their line', async () => {
    await send(
      'SplitTeamTarget',
      split([
        ['a1', 7_000_000],
        ['a2', 3_000_000],
      ]),
      manager,
    );
    const { team } = await read<{ team: { members: { id: string; target: { amount: number } | null }[] } }>(
      '{ team(id: "sh-1") { members { id target(period: "2026-05") { amount } } } }',
      manager,
    );
    expect(team.members.map((m) => [m.id, m.target?.amount])).toEqual([
      ['a1', 7_000_000],
      ['a2', 3_000_000],
    ]);
    const { teamSplit } = await read<{ teamSplit: { extremeAbove: number; extremeBelow: number }[] }>(
      '{ teamSplit(teamId: "sh-1", period: "2026-05", amount: 10000000) { extremeAbove extremeBelow } }',
      manager,
    );
    expect(teamSplit[0]).toEqual({ extremeAbove: 2, extremeBelow: 0.5 });
  });
});

describe('target policy', () => {
  const policy = {
    ...DEFAULT_TARGET_POLICY,
    coefficients: {
      region: [{ regionId: 'east', coefficient: 1.2 }],
      market: [],
      productDifficulty: 1,
    },
  };
  it('is published by HR only; a figure out of bounds is refused naming it, in the caller’s language', async () => {
    const byManager = await run('PublishTargetPolicy', { targetPolicy: policy }, manager);
    expect(byManager.__typename).toBe('Forbidden');
    const bad = await run(
      'PublishTargetPolicy',
      { targetPolicy: { ...policy, extremeShare: { above: 12, below: 0.5 } } },
      hr,
      'zh-CN',
    );
    expect(bad).toMatchObject({
      __typename: 'ValidationFailed',
      fieldPath: ['input', 'targetPolicy', 'extremeShare', 'above'],
    });
    expect(bad.message).toContain('必须大于 1 且不超过 10');
    await send('PublishTargetPolicy', { targetPolicy: policy });
  });
  it('is listed with the policies and read back as published; plans follow its coefficients', async () => {
    const { policies } = await read<{
      policies: { id: string; kind: string; version: number; document: { coefficients?: unknown } }[];
    }>(
      '{ policies { id kind version document { ... on TargetPolicy { coefficients { region { regionId coefficient } productDifficulty } } } } }',
      manager,
    );
    expect(policies.find((p) => p.kind === 'targetPolicy')).toEqual({
      id: 'targets-demo',
      kind: 'targetPolicy',
      version: 1,
      document: { coefficients: { region: [{ regionId: 'east', coefficient: 1.2 }], productDifficulty: 1 } },
    });
    const { targetPlan } = await read<{ targetPlan: Plan & { coefficients: { region: number } } }>(
      '{ targetPlan(employeeId: "a1", period: "2026-03") { baseline coefficients { region } basis { history { from sameMonths sameMonthSales } } } }',
      manager,
    );
    // ¥30,000 × 1.1 × region 1.2 = ¥39,600.
    expect(targetPlan.coefficients.region).toBe(1.2);
    expect(targetPlan.baseline).toBe(3_960_000);
  });
});
