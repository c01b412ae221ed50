import { type DomainCommandType, domainCommandSchemas, parseEvent } from '@trackrecord/domain';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/viewer.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';
import { toGraphQL } from './zodInput.ts';

/**
 * Far-future dates at the edge, a split outside the team, implausible data, actor fields from
 * input and the GraphQL optionality, through
 * HTTP on PostgreSQL: each is refused in the caller's language, naming the field, and nothing
 * is written.
 */
let database: TestDatabase;
let api: ApiHarness;
let hr: string;
beforeAll(async () => {
  database = await createTestDatabase('api_plausibility');
  api = await startApiHarness(database.url, { poolSize: 4 });
  hr = await api.token({ userId: 'hr-1', name: 'HR', role: 'hr_admin', employeeId: 'h1' });
  for (const [id, branch, team] of [
    ['e1', 'b1', 't1'],
    ['e2', 'b1', 't2'],
    ['e3', 'b2', 't3'],
    ['h1', 'hq', 'hq-1'],
  ] as const) {
    expect(await send('HireEmployee', hireData(id, branch, team))).toMatchObject({
      __typename: 'CommandSucceeded',
    });
  }
});
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const RESULT = `__typename
  ... on CommandSucceeded { streamId }
  ... on ValidationFailed { message field rule fieldPath problems { path message field rule } }
  ... on NotFound { message field rule fieldPath }
  ... on RuleViolation { code message field rule fieldPath }
  ... on Forbidden { message field rule fieldPath }`;

interface Result {
  __typename: string;
  message?: string;
  field?: string;
  rule?: string;
  fieldPath?: string[];
  problems?: { path: string[]; message: string; field: string; rule: string }[];
}

async function send(
  type: DomainCommandType,
  data: unknown,
  options: { token?: string; language?: string; raw?: boolean } = {},
): Promise<Result> {
  const field = `${type.charAt(0).toLowerCase()}${type.slice(1)}`;
  const input = options.raw ? data : toGraphQL(domainCommandSchemas[type], data);
  const { status, body } = await api.graphql<Record<string, Result>>(
    `mutation Run($input: ${type}Input!) { ${field}(input: $input) { ${RESULT} } }`,
    {
      token: options.token ?? hr,
      variables: { input },
      ...(options.language ? { headers: { 'accept-language': options.language } } : {}),
    },
  );
  if (!body.data) throw new Error(`${type}: HTTP ${status} ${JSON.stringify(body.errors)}`);
  return body.data[field] as Result;
}

const as = (viewer: Viewer) => api.token(viewer);

function hireData(employeeId: string, branchId: string, teamId: string) {
  return {
    employeeId,
    name: `Person ${employeeId}`,
    branchId,
    teamId,
    regionId: 'east',
    managerId: null,
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt: '2026-01-05',
    probationEnd: null,
    recruitingFit: 70,
  };
}

/** Runs `act` and expects the store's head not to move. */
async function nothingWritten(act: () => Promise<void>) {
  const head = await api.store.headPosition();
  await act();
  expect(await api.store.headPosition()).toBe(head);
}

describe('problem 1: far-future business times are refused at the edge', () => {
  it('refuses a follow-up dated 9999-12-31 or 2100-01-01, naming the field and the rule', async () => {
    await nothingWritten(async () => {
      for (const at of ['9999-12-31T23:59:59Z', '2100-01-01']) {
        const result = await send('LogFollowUp', { employeeId: 'e1', customerId: 'C1', at });
        expect(result).toMatchObject({
          __typename: 'ValidationFailed',
          field: 'date and time',
          rule: 'time_too_late',
          fieldPath: ['input', 'at'],
        });
        expect(result.message).toMatch(/must not be in the future/);
      }
    });
  });
  it('says it in Chinese when the caller asks for Chinese', async () => {
    const result = await send(
      'LogFollowUp',
      { employeeId: 'e1', customerId: 'C1', at: '9999-12-31T23:59:59Z' },
      { language: 'zh-CN,zh;q=0.9,en;q=0.8' },
    );
    expect(result).toMatchObject({
      __typename: 'ValidationFailed',
      field: '发生时间',
      rule: 'time_too_late',
    });
    expect(result.problems?.[0]?.message).toMatch(/不能是将来的时间/);
  });
  it('refuses sales and reversals dated year 0 (problem 7)', async () => {
    await nothingWritten(async () => {
      const result = await send('CloseSale', {
        saleId: 's0',
        employeeId: 'e1',
        amount: 100,
        grossMargin: 0.3,
        productLine: 'crm',
        customerId: 'k1',
        customerType: 'smb',
        channel: 'direct',
        newCustomer: true,
        cycleDays: 5,
        closedAt: '0000-01-01T00:00:00Z',
      });
      expect(result).toMatchObject({
        __typename: 'ValidationFailed',
        rule: 'time_too_early',
        field: 'closing date',
      });
    });
  });
  it('accepts today', async () => {
    const result = await send('LogFollowUp', {
      employeeId: 'e1',
      customerId: 'C1',
      at: new Date().toISOString(),
    });
    expect(result.__typename).toBe('CommandSucceeded');
  });
});

describe('problem 4 at the edge: control characters and broken surrogates in any string', () => {
  it('refuses a NUL byte and a lone surrogate before anything is decided', async () => {
    await nothingWritten(async () => {
      for (const customerId of ['C\u00001', 'C\uD800']) {
        const result = await send('LogFollowUp', { employeeId: 'e1', customerId, at: '2026-03-01' });
        expect(result).toMatchObject({ __typename: 'ValidationFailed', field: 'customer' });
        expect(['control_character', 'unpaired_surrogate']).toContain(result.rule);
      }
    });
  });
});

describe('problem 3: a team manager splits only among their own team', () => {
  it("refuses a share for another team's person, naming the share", async () => {
    const manager = await as({
      userId: 'm2',
      name: 'M2',
      role: 'team_manager',
      teamId: 't2',
      employeeId: 'm2',
    });
    await nothingWritten(async () => {
      const result = await send(
        'SplitTeamTarget',
        {
          teamId: 't2',
          period: '2026-03',
          teamAmount: 200,
          strategy: 'equal',
          shares: [
            { employeeId: 'e2', amount: 100 },
            { employeeId: 'e1', amount: 100 },
          ],
          at: '2026-03-01',
        },
        { token: manager },
      );
      expect(result).toMatchObject({
        __typename: 'RuleViolation',
        rule: 'share_outside_team',
        fieldPath: ['input', 'shares', '1', 'employeeId'],
        field: 'shares › #2 › employee',
      });
    });
  });
  it("refuses a target for another team's person", async () => {
    const manager = await as({
      userId: 'm2',
      name: 'M2',
      role: 'team_manager',
      teamId: 't2',
      employeeId: 'm2',
    });
    await nothingWritten(async () => {
      const result = await send(
        'SetTarget',
        {
          subjectId: 'e1',
          subjectKind: 'employee',
          period: '2026-03',
          amount: 100,
          basis: 'plan',
          setBy: 'm2',
          at: '2026-03-01',
        },
        { token: manager },
      );
      expect(result).toMatchObject({
        __typename: 'Forbidden',
        rule: 'outside_scope',
        field: 'target holder',
      });
    });
  });
});

describe('problem 7: implausible data and actor fields', () => {
  it('refuses a transfer to a manager who was never hired ("NaN", SQL text)', async () => {
    await nothingWritten(async () => {
      for (const managerId of ['NaN', "x'; DROP TABLE events; --"]) {
        const result = await send('TransferEmployee', {
          employeeId: 'e1',
          toBranchId: 'b1',
          toTeamId: 't2',
          managerId,
          effectiveAt: '2026-03-01',
        });
        expect(result).toMatchObject({ __typename: 'NotFound', rule: 'employee_unknown', field: 'manager' });
      }
    });
  });
  it('refuses a track that is not on the career ladder', async () => {
    const result = await send('HireEmployee', {
      ...hireData('e9', 'b1', 't1'),
      track: '<script>alert(1)</script>',
    });
    expect(result).toMatchObject({ __typename: 'ValidationFailed', field: 'career track' });
  });
  it('refuses activity for someone never hired ("Infinity") and an alert about them', async () => {
    await nothingWritten(async () => {
      expect(
        await send('GiveDemo', { employeeId: 'Infinity', customerId: 'C1', at: '2026-03-01' }),
      ).toMatchObject({
        __typename: 'NotFound',
        field: 'employee',
      });
      expect(
        await send('RaiseAlert', {
          alertId: 'a-ghost',
          kind: 'risk_high',
          employeeId: 'ghost',
          evidence: { kind: 'retention_risk', position: '1' },
          message: { en: 'at risk', zh: '有离职风险' },
          assignees: [{ role: 'hr' }],
          raisedBy: 'h1',
          at: '2026-03-01',
        }),
      ).toMatchObject({ __typename: 'NotFound', field: 'employee', rule: 'employee_unknown' });
    });
  });
  it("refuses another branch's manager acknowledging an alert", async () => {
    const raised = await send('RaiseAlert', {
      alertId: 'a-e3',
      kind: 'risk_high',
      employeeId: 'e3',
      evidence: { kind: 'retention_risk', position: '1' },
      message: { en: 'at risk', zh: '有离职风险' },
      assignees: [{ role: 'hr' }],
      raisedBy: 'h1',
      at: '2026-03-01',
    });
    expect(raised.__typename).toBe('CommandSucceeded');
    const otherBranch = await as({ userId: 'bm1', name: 'BM1', role: 'branch_manager', branchId: 'b1' });
    await nothingWritten(async () => {
      const result = await send(
        'AcknowledgeAlert',
        { alertId: 'a-e3', acknowledgedBy: 'bm1', at: '2026-03-02' },
        { token: otherBranch },
      );
      expect(result).toMatchObject({ __typename: 'Forbidden', rule: 'outside_scope', field: 'alert' });
    });
  });
  it('records the signed caller in actor fields, whatever the input names', async () => {
    const result = await send('SetTarget', {
      subjectId: 'e1',
      subjectKind: 'employee',
      period: '2026-04',
      amount: 100,
      basis: 'plan',
      setBy: 'someone-else',
      at: '2026-03-01',
    });
    expect(result.__typename).toBe('CommandSucceeded');
    const [event] = await api.store.readStream('target-e1-2026-04');
    expect(parseEvent(event!.type, event!.schemaVersion, event!.data).data).toMatchObject({ setBy: 'h1' });
  });
});

describe('GraphQL optionality matches the domain', () => {
  it('a transfer without managerId means "no manager" instead of a refusal for a missing field', async () => {
    const result = await send(
      'TransferEmployee',
      { employeeId: 'e2', toBranchId: 'b1', toTeamId: 't1', effectiveAt: '2026-03-01' },
      { raw: true },
    );
    expect(result.__typename).toBe('CommandSucceeded');
  });
  it('weightsByRank requires every level, as the domain does', async () => {
    const { status, body } = await api.graphql(
      `mutation { publishScoringPolicy(input: { policy: { id: "p", version: 1, weightsByRank: {} } }) { __typename } }`,
      { token: hr },
    );
    expect(status).toBe(400);
    expect(JSON.stringify(body.errors)).toMatch(/sales_representative.*required/);
  });
});
