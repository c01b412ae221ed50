import { type DomainCommandType, domainCommandSchemas } from '@trackrecord/domain';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/viewer.ts';
import { setClockForTests } from '../runtime/clock.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';
import { toGraphQL } from './zodInput.ts';

// The review lifecycle as the dashboard drives it, over HTTP on a real PostgreSQL: HR opens a
// nominated review (the candidate and their manager refused, in the caller's language, on the
// committee field), a member finds what awaits their vote (`reviewPage`), votes and decides
// on the evidence the page shows; a decision against the verdict or the majority needs an
// override, which the decision then exposes. And the product's clock (`Query.clock`).

let database: TestDatabase;
let api: ApiHarness;
let hr: string;
let member: string;
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

const hire = (employeeId: string, name: string, level: string, managerId: string | null) =>
  ok('HireEmployee', {
    employeeId,
    name,
    branchId: 'rv-br',
    teamId: 'rv-t',
    regionId: 'east',
    managerId,
    level,
    track: 'sales_management',
    hiredAt: '2025-06-02',
    probationEnd: null,
    recruitingFit: 70,
  });

beforeAll(async () => {
  database = await createTestDatabase('api_reviews');
  api = await startApiHarness(database.url, { runners: true, poolSize: 4 });
  hr = await as({ userId: 'hr', name: 'HR', role: 'hr_admin' });
  member = await as({ userId: 'rv-x1', name: 'Member', role: 'committee_member', employeeId: 'rv-x1' });
  await hire('rv-m1', '王经理', 'sales_manager', null);
  await hire('rv-c1', '李候选', 'sales_representative', 'rv-m1');
  await hire('rv-x1', '赵委员', 'sales_manager', null);
  await hire('rv-x2', '钱委员', 'regional_director', null);
  await ok('Nominate', {
    reviewId: 'rv-1',
    employeeId: 'rv-c1',
    fromLevel: 'sales_representative',
    toLevel: 'sales_supervisor',
    track: 'sales_management',
    score: 81,
    reason: 'threshold_reached',
    nominatedBy: 'system:eligibility',
    at: '2026-03-02T09:00:00Z',
  });
}, 120_000);
afterAll(async () => {
  setClockForTests(undefined);
  await api?.close();
  await database?.drop();
});

const open = (committee: string[], quorum: number, language = 'en') =>
  send(
    'OpenReview',
    { reviewId: 'rv-1', employeeId: 'rv-c1', committee, quorum, at: '2026-03-03T09:00:00Z' },
    hr,
    language,
  );

const PAGE = `query P($state: String, $mine: Boolean, $search: String, $overridden: Boolean, $order: String, $first: Int, $after: String) {
  reviewPage(state: $state, awaitingMyVote: $mine, search: $search, overridden: $overridden, order: $order, first: $first, after: $after) {
    total next nodes { id state committee quorum mayVote
      decision { outcome evidence { score scoreMonth eligible } override { code text against } } }
  } }`;
type Page = {
  reviewPage: {
    total: number;
    next: string | null;
    nodes: {
      id: string;
      state: string;
      committee: string[];
      quorum: number | null;
      mayVote: boolean;
      decision: {
        outcome: string;
        evidence: { score: number | null; scoreMonth: string | null; eligible: boolean | null };
        override: { code: string; text: string; against: string[] } | null;
      } | null;
    }[];
  };
};

describe('the review lifecycle', () => {
  it('refuses the candidate and their manager on the committee, on the committee field, in the caller’s language', async () => {
    const candidate = await open(['rv-c1', 'rv-x1'], 1, 'zh-CN');
    expect(candidate).toMatchObject({ fieldPath: ['input', 'committee'] });
    expect(candidate.message).toContain('候选人 rv-c1 不能担任自己评审的委员');
    const manager = await open(['rv-m1', 'rv-x1'], 1);
    expect(manager).toMatchObject({ fieldPath: ['input', 'committee'] });
    expect(manager.message).toMatch(/rv-m1 manages the candidate rv-c1/);
    const quorum = await open(['rv-x1'], 2);
    expect(quorum).toMatchObject({ fieldPath: ['input', 'quorum'] });
  });

  it('lists nominations for HR, then what awaits a member’s vote, with a count and a cursor', async () => {
    const nominations = await read<Page>(PAGE, hr, { state: 'nominated' });
    expect(nominations.reviewPage.nodes.map((r) => r.id)).toEqual(['rv-1']);
    await ok('OpenReview', {
      reviewId: 'rv-1',
      employeeId: 'rv-c1',
      committee: ['rv-x1', 'rv-x2'],
      quorum: 1,
      at: '2026-03-03T09:00:00Z',
    });
    const awaiting = await read<Page>(PAGE, member, { mine: true });
    expect(awaiting.reviewPage).toMatchObject({ total: 1, next: null });
    expect(awaiting.reviewPage.nodes[0]).toMatchObject({
      id: 'rv-1',
      state: 'open',
      quorum: 1,
      mayVote: true,
    });
    // HR is on no committee: nothing awaits their vote.
    expect((await read<Page>(PAGE, hr, { mine: true })).reviewPage.total).toBe(0);
    const first = await read<Page>(PAGE, hr, { first: 1 });
    expect(first.reviewPage.total).toBe(1);
    expect(first.reviewPage.next).toBeNull();
    const bad = await api.graphql(PAGE, { token: hr, variables: { order: 'sideways' } });
    expect(bad.body.errors?.[0]?.message).toMatch(/order \(order\): must be one of nominated, decided/);
  });

  it('asks for an override against the majority and the verdict, then records and shows it', async () => {
    await ok(
      'CastVote',
      { reviewId: 'rv-1', memberId: 'rv-x1', vote: 'approve', comment: 'strong', at: '2026-03-04T09:00:00Z' },
      member,
    );
    expect((await read<Page>(PAGE, member, { mine: true })).reviewPage.total).toBe(0);
    const decision = {
      reviewId: 'rv-1',
      outcome: 'rejected',
      rationale: 'not this quarter',
      decidedBy: 'rv-x1',
      evidencePosition: '1',
      policyVersions: {},
      evidence: { score: 81.5, scoreMonth: '2026-02', eligible: true },
      at: '2026-03-05T09:00:00Z',
    };
    const refused = await send('DecidePromotion', decision, member);
    expect(refused).toMatchObject({ __typename: 'ValidationFailed', fieldPath: ['input', 'override'] });
    expect(refused.message).toMatch(/eligibility verdict and the majority of the votes needs an override/);
    await ok(
      'DecidePromotion',
      { ...decision, override: { code: 'business_need', text: 'the branch needs them' } },
      member,
    );
    const decided = await read<Page>(PAGE, hr, { order: 'decided', search: '李候选' });
    expect(decided.reviewPage.total).toBe(1);
    expect(decided.reviewPage.nodes[0]?.decision).toEqual({
      outcome: 'rejected',
      evidence: { score: 81.5, scoreMonth: '2026-02', eligible: true },
      override: {
        code: 'business_need',
        text: 'the branch needs them',
        against: ['eligibility', 'majority'],
      },
    });
    expect((await read<Page>(PAGE, hr, { overridden: true })).reviewPage.total).toBe(1);
    expect((await read<Page>(PAGE, hr, { order: 'decided', search: 'nobody' })).reviewPage.total).toBe(0);
  });
});

describe('Query.clock', () => {
  it('answers the product’s time: the TRACKRECORD_NOW override, not the wall clock', async () => {
    const start = Date.parse('2027-01-15T09:30:00Z');
    setClockForTests({ now: () => new Date(start), overridden: true });
    try {
      const { body } = await api.graphql<{
        clock: { now: string; today: string; month: string; overridden: boolean };
      }>('{ clock { now today month overridden } }', { token: hr });
      expect(body.data?.clock).toEqual({
        now: '2027-01-15T09:30:00.000Z',
        today: '2027-01-15',
        month: '2027-01',
        overridden: true,
      });
    } finally {
      setClockForTests(undefined);
    }
    const { body } = await api.graphql<{ clock: { now: string; overridden: boolean } }>(
      '{ clock { now overridden } }',
      { token: hr },
    );
    expect(body.data?.clock.overridden).toBe(false);
    expect(Math.abs(Date.parse(body.data?.clock.now ?? '') - Date.now())).toBeLessThan(60_000);
  });
});
