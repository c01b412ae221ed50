import { DEFAULT_COMMISSION_PLAN, type DomainCommandType, domainCommandSchemas } from '@trackrecord/domain';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/viewer.ts';
import { dispatch } from '../commands/bus.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';
import { toGraphQL } from './zodInput.ts';

let database: TestDatabase;
let api: ApiHarness;
let hr: string;
const as = (viewer: Viewer) => api.token(viewer);

/** Sends a command's mutation as HR and answers the position it wrote. */
async function send(type: DomainCommandType, data: unknown): Promise<string> {
  const field = `${type.charAt(0).toLowerCase()}${type.slice(1)}`;
  const { body } = await api.graphql<Record<string, { __typename: string; position?: string }>>(
    `mutation($input: ${type}Input!) { ${field}(input: $input) { __typename ... on CommandSucceeded { position } } }`,
    { token: hr, variables: { input: toGraphQL(domainCommandSchemas[type], data) } },
  );
  const result = body.data?.[field];
  if (result?.__typename !== 'CommandSucceeded' || !result.position) throw new Error(JSON.stringify(body));
  return result.position;
}

const hire = (employeeId: string, name: string, branchId: string, teamId: string) =>
  send('HireEmployee', {
    employeeId,
    name,
    branchId,
    teamId,
    regionId: 'east',
    managerId: null,
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt: '2026-01-05',
    probationEnd: null,
    recruitingFit: 70,
  });
const sale = (saleId: string, employeeId: string, amount: number, productLine: string, at: string) =>
  send('CloseSale', {
    saleId,
    employeeId,
    amount,
    grossMargin: 0.25,
    productLine,
    customerId: `k-${saleId}`,
    customerType: productLine === 'erp' ? 'key_account' : 'smb',
    channel: 'direct',
    newCustomer: true,
    cycleDays: 10,
    closedAt: at,
  });

let lastPosition = '0';
beforeAll(async () => {
  database = await createTestDatabase('api_queries');
  api = await startApiHarness(database.url, { runners: true });
  hr = await as({ userId: 'hr', name: 'HR', role: 'hr_admin' });
  await hire('a1', 'Alice', 'sh', 'sh-1');
  await hire('a2', 'Bob', 'sh', 'sh-1');
  await hire('b1', 'Chen', 'bj', 'bj-1');
  await sale('s1', 'a1', 1_000_000, 'crm', '2026-02-03T10:00:00Z');
  await sale('s2', 'a1', 3_000_000, 'erp', '2026-03-03T10:00:00Z');
  await sale('s3', 'a2', 500_000, 'crm', '2026-03-04T10:00:00Z');
  await sale('s4', 'b1', 7_000_000, 'erp', '2026-03-05T10:00:00Z');
  await send('CollectPayment', {
    paymentId: 'p1',
    saleId: 's2',
    amount: 3_000_000,
    collectedAt: '2026-03-20T10:00:00Z',
    reason: 'ERP outage',
  });
  await send('CollectPayment', {
    paymentId: 'p2',
    saleId: 's4',
    amount: 1_000_000,
    collectedAt: '2026-03-21T10:00:00Z',
    reason: 'ERP outage',
  });
  await send('RecordCustomerFeedback', {
    employeeId: 'a1',
    customerId: 'k-s1',
    rating: 3,
    comment: '回复太慢',
    at: '2026-03-06T10:00:00Z',
  });
  lastPosition = await send('PublishCommissionPlan', { plan: DEFAULT_COMMISSION_PLAN });
});
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

/** A query run after the read models have applied everything written above. */
const read = async <T>(query: string, token = hr) => {
  const response = await api.graphql<T>(`query Q @waitFor(position: "${lastPosition}") ${query}`, { token });
  expect(response.body.errors).toBeUndefined();
  expect(response.body.extensions?.waitFor).toMatchObject({ reached: true });
  return response.body.data as T;
};

describe('read-your-writes', () => {
  it('holds a query until the read models have the position a mutation returned', async () => {
    const position = await sale('s5', 'a2', 250_000, 'crm', '2026-03-09T10:00:00Z');
    const { body } = await api.graphql<{ salesTotals: { deals: number }[] }>(
      `query Mine @waitFor(position: "${position}") { salesTotals(months: { from: "2026-03", to: "2026-03" }, groupBy: [PERSON]) { group { employeeId } deals } }`,
      { token: hr },
    );
    expect(body.extensions?.waitFor).toMatchObject({ position, reached: true });
    expect(body.data?.salesTotals).toContainEqual({ group: { employeeId: 'a2' }, deals: 2 });
    lastPosition = position;
  });

  it('gives up after the timeout and says so', async () => {
    const { body } = await api.graphql(
      'query Late @waitFor(position: "999999999", timeoutMs: 150) { headPosition }',
      { token: hr },
    );
    // At least what was written; the platform's reactors may have raised alerts since.
    expect(BigInt((body.data as { headPosition: string }).headPosition)).toBeGreaterThanOrEqual(
      BigInt(lastPosition),
    );
    expect(body.extensions?.waitFor).toMatchObject({ reached: false });
    expect((body.extensions?.waitFor as { waitedMs?: number } | undefined)?.waitedMs).toBeGreaterThanOrEqual(
      140,
    );
  });
});

describe('analytics', () => {
  it('groups KPI totals and sales by branch, person, product line and customer type', async () => {
    const data = await read<{
      byBranch: { group: { branchId: string }; salesAmount: number; collected: number; people: number }[];
      byProduct: {
        group: { productLine: string; customerType: string };
        salesAmount: number;
        deals: number;
      }[];
    }>(`{
      byBranch: kpiTotals(months: { from: "2026-01", to: "2026-03" }, groupBy: [BRANCH]) { group { branchId } salesAmount collected people }
      byProduct: salesTotals(months: { from: "2026-03", to: "2026-03" }, groupBy: [PRODUCT_LINE, CUSTOMER_TYPE]) { group { productLine customerType } salesAmount deals }
    }`);
    expect(data.byBranch).toEqual([
      { group: { branchId: 'bj' }, salesAmount: 7_000_000, collected: 1_000_000, people: 1 },
      { group: { branchId: 'sh' }, salesAmount: 4_750_000, collected: 3_000_000, people: 2 },
    ]);
    expect(data.byProduct).toEqual([
      { group: { productLine: 'crm', customerType: 'smb' }, salesAmount: 750_000, deals: 2 },
      { group: { productLine: 'erp', customerType: 'key_account' }, salesAmount: 10_000_000, deals: 2 },
    ]);
  });

  it('ranks people on a leaderboard, cut to the viewer', async () => {
    const query = `{ leaderboard(metric: SALES_AMOUNT, months: { from: "2026-01", to: "2026-03" }) { rank employeeId value person { name } } }`;
    const all = await read<{ leaderboard: unknown[] }>(query);
    expect(all.leaderboard).toEqual([
      { rank: 1, employeeId: 'b1', value: 7_000_000, person: { name: 'Chen' } },
      { rank: 2, employeeId: 'a1', value: 4_000_000, person: { name: 'Alice' } },
      { rank: 3, employeeId: 'a2', value: 750_000, person: { name: 'Bob' } },
    ]);
    const manager = await as({ userId: 'm', name: 'M', role: 'branch_manager', branchId: 'sh' });
    const mine = await read<{ leaderboard: { employeeId: string }[] }>(query, manager);
    expect(mine.leaderboard.map((r) => r.employeeId)).toEqual(['a1', 'a2']);
  });

  it("gives a branch manager nothing of another branch's people", async () => {
    const manager = await as({ userId: 'm', name: 'M', role: 'branch_manager', branchId: 'sh' });
    // person(id) reports the miss as an error beside its null.
    const { body } = await api.graphql<{ person: unknown; team: unknown; kpiTotals: unknown[] }>(
      `query @waitFor(position: "${lastPosition}") { person(id: "b1") { name } team(id: "bj-1") { id } kpiTotals(months: { from: "2026-01", to: "2026-12" }, groupBy: [BRANCH]) { group { branchId } } }`,
      { token: manager },
    );
    expect(body.data).toEqual({ person: null, team: null, kpiTotals: [{ group: { branchId: 'sh' } }] });
  });
});

describe('commission and field rules', () => {
  it('shows a rep their own commission and refuses another’s', async () => {
    const rep = await as({ userId: 'u-a1', name: 'Alice', role: 'sales_rep', employeeId: 'a1' });
    const own = await read<{ person: { commission: { collected: number; commission: number } } }>(
      `{ person(id: "a1") { commission(month: "2026-03") { collected commission } } }`,
      rep,
    );
    expect(own.person.commission).toEqual({ collected: 3_000_000, commission: 90_000 });
    const { body } = await api.graphql(
      `{ commissionLedger(employeeId: "a2", month: "2026-03") { paymentId commission } }`,
      { token: rep },
    );
    expect(body.data).toBeNull();
    expect(JSON.stringify(body.errors)).toContain('you may not read the commission of a2');
  });

  it('refuses commission to an analyst but not to a team manager of the person', async () => {
    const analyst = await as({ userId: 'an', name: 'An', role: 'analyst' });
    const { body } = await api.graphql<{ person: { name: string; commission: unknown } }>(
      `{ person(id: "a1") { name commission(month: "2026-03") { commission } } }`,
      { token: analyst },
    );
    expect(body.data?.person).toEqual({ name: 'Alice', commission: null });
    expect(JSON.stringify(body.errors)).toContain('you may not read the commission of a1');
    const manager = await as({ userId: 'tm', name: 'TM', role: 'team_manager', teamId: 'sh-1' });
    const ledger = await read<{ commissionLedger: { paymentId: string; commission: number }[] }>(
      `{ commissionLedger(employeeId: "a1", month: "2026-03") { paymentId commission } }`,
      manager,
    );
    expect(ledger.commissionLedger).toEqual([{ paymentId: 'p1', commission: 90_000 }]);
  });
});

describe('timeline and policies', () => {
  it("lists a person's events newest first, hiding feedback comments from roles without the right", async () => {
    const query = `{ person(id: "a1") { timeline(first: 20) { type data actor streamId } } }`;
    const hrView = await read<{
      person: { timeline: { type: string; data: Record<string, unknown>; actor: string }[] };
    }>(query);
    expect(hrView.person.timeline.map((e) => e.type)).toEqual([
      'CustomerFeedbackGiven',
      'PaymentCollected',
      'SaleClosed',
      'SaleClosed',
      'EmployeeHired',
    ]);
    expect(hrView.person.timeline[0]?.data.comment).toBe('回复太慢');
    expect(hrView.person.timeline[0]?.actor).toBe('user:hr');
    const analyst = await as({ userId: 'an', name: 'An', role: 'analyst' });
    const analystView = await read<typeof hrView>(query, analyst);
    expect(analystView.person.timeline[0]?.data).not.toHaveProperty('comment');
    expect(analystView.person.timeline[0]?.data.rating).toBe(3);
  });

  it('lists the published versions of a policy, each document typed as published', async () => {
    const data = await read<{
      policyVersions: {
        version: number;
        kind: string;
        name: string;
        publishedBy: string;
        document: Record<string, unknown>;
      }[];
    }>(`{ policyVersions(id: "${DEFAULT_COMMISSION_PLAN.id}") { version kind name publishedBy
      document { __typename ... on CommissionPlan { id version name basis period tiers { from rate } } } } }`);
    expect(data.policyVersions).toEqual([
      {
        version: 1,
        kind: 'CommissionPlanPublished',
        name: DEFAULT_COMMISSION_PLAN.name,
        publishedBy: 'user:hr',
        document: { __typename: 'CommissionPlan', ...DEFAULT_COMMISSION_PLAN },
      },
    ]);
    // Each version's business time is the one the policies summary shows, not the recording time.
    const times = await read<{
      policyVersions: { businessTime: string }[];
      policies: { id: string; publishedAt: string }[];
    }>(
      `{ policyVersions(id: "${DEFAULT_COMMISSION_PLAN.id}") { businessTime } policies { id publishedAt } }`,
    );
    const summary = times.policies.find((p) => p.id === DEFAULT_COMMISSION_PLAN.id);
    expect(times.policyVersions.map((v) => v.businessTime)).toEqual([summary?.publishedAt]);
  });
});

describe('live events over SSE', () => {
  it("streams appended events, only those of the viewer's branch", async () => {
    const manager = await as({ userId: 'm', name: 'M', role: 'branch_manager', branchId: 'bj' });
    const stop = new AbortController();
    const response = await fetch(`${api.base}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${manager}`,
      },
      body: JSON.stringify({
        query: 'subscription { eventAppended(types: ["CustomerFollowUpLogged"]) { type data position } }',
      }),
      signal: stop.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    // Let the subscription start at the head before writing.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await send('LogFollowUp', { employeeId: 'a1', customerId: 'k1', at: '2026-03-11T10:00:00Z' });
    await send('GiveDemo', { employeeId: 'b1', customerId: 'k1', at: '2026-03-11T10:00:00Z' });
    await send('LogFollowUp', { employeeId: 'b1', customerId: 'k9', at: '2026-03-11T11:00:00Z' });
    let text = '';
    const decoder = new TextDecoder();
    while (!text.includes('k9')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    stop.abort();
    const events = text
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map(
        (line) =>
          JSON.parse(line.slice(6)) as {
            data?: { eventAppended: { type: string; data: { employeeId: string } } };
          },
      )
      .flatMap((m) => (m.data ? [m.data.eventAppended] : []));
    expect(events.map((e) => [e.type, e.data.employeeId])).toEqual([['CustomerFollowUpLogged', 'b1']]);
  });
});

describe('evaluations of a person', () => {
  const EVALUATIONS = `{ person(id: "a1") {
    score(month: "2026-03") { month score rank parts { kpi points } policyId policyVersion position }
    eligibility { toLevel eligible met required gaps { met text { en zh } } ladderVersion position }
    retentionRisk { band flagged method factors { contributions { feature contribution } formula } }
    alerts { kind mustAct { role id } state }
    target(period: "2026-03") { amount achieved light attainment }
    training { courseId state }
    reviewBasis(month: "2026-03") {
      evidencePosition
      scoringPolicy { id version } ladder { id version } commissionPlan { id version }
    }
  } }`;
  type Evaluations = {
    person: {
      score: {
        month: string;
        score: number;
        parts: unknown[];
        policyVersion: number;
        position: string;
      } | null;
      eligibility: { toLevel: string; eligible: boolean; met: number; required: number; gaps: unknown[] }[];
      retentionRisk: { band: string; factors: { contributions: unknown; formula: string } } | null;
      alerts: unknown[];
      target: { amount: number; achieved: number; light: string; attainment: number } | null;
      training: unknown[];
      reviewBasis: {
        evidencePosition: string;
        scoringPolicy: { version: number } | null;
        ladder: { version: number } | null;
        commissionPlan: { version: number } | null;
      };
    };
  };

  it('gives HR the score breakdown, the eligibility checklist with gaps and the risk with its factors', async () => {
    lastPosition = await send('SetTarget', {
      subjectId: 'a1',
      subjectKind: 'employee',
      period: '2026-03',
      amount: 5_000_000,
      basis: 'history × 1.1',
      setBy: 'hr',
      at: '2026-03-01T08:00:00.000Z',
    });
    const { person } = await read<Evaluations>(EVALUATIONS);
    expect(person.score).toMatchObject({ month: '2026-03' });
    expect(person.score!.score).toBeGreaterThanOrEqual(0);
    expect(person.score!.parts.length).toBeGreaterThan(0);
    expect(BigInt(person.score!.position)).toBeGreaterThan(0n);
    expect(person.eligibility.length).toBeGreaterThan(0);
    for (const verdict of person.eligibility) {
      expect(verdict.gaps.length).toBe(verdict.required - verdict.met);
      expect(verdict.eligible).toBe(verdict.gaps.length === 0);
    }
    expect(person.retentionRisk?.band).toMatch(/^(low|medium|high)$/);
    expect(person.retentionRisk?.factors.formula).toEqual(expect.any(String));
    expect(Array.isArray(person.alerts)).toBe(true);
    // a1 sold 3,000,000 fen in March against a target of 5,000,000 fen.
    expect(person.target).toMatchObject({ amount: 5_000_000, achieved: 3_000_000, attainment: 0.6 });
    expect(person.target?.light).toMatch(/^(green|yellow|red)$/);
    expect(person.training).toEqual([]);
    const basis = person.reviewBasis;
    expect(BigInt(basis.evidencePosition)).toBeGreaterThanOrEqual(BigInt(person.score!.position));
    expect(basis.scoringPolicy?.version).toBe(person.score!.policyVersion);
    expect(basis.ladder).not.toBeNull();
    expect(basis.commissionPlan).not.toBeNull();
  });

  it('refuses risk factors to an analyst but gives them the band; a rep sees their own', async () => {
    const analyst = await as({ userId: 'an', name: 'An', role: 'analyst' });
    const { body } = await api.graphql<{ person: { retentionRisk: { band: string } } }>(
      `query Q @waitFor(position: "${lastPosition}") { person(id: "a1") { retentionRisk { band } } }`,
      { token: analyst },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.person.retentionRisk.band).toMatch(/^(low|medium|high)$/);
    const denied = await api.graphql(`{ person(id: "a1") { retentionRisk { factors { formula } } } }`, {
      token: analyst,
    });
    expect(JSON.stringify(denied.body.errors)).toMatch(
      /may not read the risk factors and interventions of a1/,
    );
    const rep = await as({ userId: 'a1', name: 'Alice', role: 'sales_rep', employeeId: 'a1' });
    const own = await api.graphql<{ person: { retentionRisk: { factors: unknown } } }>(
      `{ person(id: "a1") { retentionRisk { factors { formula } } } }`,
      { token: rep },
    );
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data?.person.retentionRisk.factors).toBeTruthy();
  });

  it("gives a branch manager nothing of another branch's people", async () => {
    const manager = await as({ userId: 'm', name: 'M', role: 'branch_manager', branchId: 'bj' });
    const { body } = await api.graphql(`{ person(id: "a1") { score(month: "2026-03") { score } } }`, {
      token: manager,
    });
    expect(body.data).toEqual({ person: null });
  });
});

describe('live alerts over SSE', () => {
  const raise = (alertId: string, employeeId: string) =>
    dispatch(
      api.store,
      {
        type: 'RaiseAlert',
        data: {
          alertId,
          kind: 'risk_high',
          employeeId,
          assignees: [{ role: 'hr' }],
          evidence: { kind: 'retention_risk', position: '1' },
          message: { en: 'High risk', zh: '高风险' },
          raisedBy: 'test',
          at: '2026-03-22T10:00:00.000Z',
        },
        metadata: {
          commandId: `raise-${alertId}`,
          at: '2026-03-22T10:00:00.000Z',
          actor: 'test',
          source: 'test',
        },
      } as never,
      { commandId: `raise-${alertId}`, at: new Date('2026-03-22T10:00:00Z'), actor: 'test', source: 'test' },
    );

  it("streams raised alerts, only about the viewer's branch", async () => {
    const manager = await as({ userId: 'm', name: 'M', role: 'branch_manager', branchId: 'bj' });
    const stop = new AbortController();
    const response = await fetch(`${api.base}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${manager}`,
      },
      body: JSON.stringify({
        query: 'subscription { alertRaised { id kind employeeId mustAct { role id } messageZh position } }',
      }),
      signal: stop.signal,
    });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await raise('al-sh', 'a1');
    await raise('al-bj', 'b1');
    let text = '';
    const decoder = new TextDecoder();
    while (!text.includes('al-bj')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    stop.abort();
    const alerts = text
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .flatMap((line) => {
        const m = JSON.parse(line.slice(6)) as { data?: { alertRaised: { id: string; employeeId: string } } };
        return m.data ? [m.data.alertRaised] : [];
      });
    expect(alerts).toMatchObject([
      { id: 'al-bj', employeeId: 'b1', mustAct: [{ role: 'hr' }], messageZh: '高风险' },
    ]);
  });
});
