import { DEFAULT_COMMISSION_PLAN, type DomainCommandType, domainCommandSchemas } from '@trackrecord/domain';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/viewer.ts';
import { now } from '../runtime/clock.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';
import { toGraphQL } from './zodInput.ts';

// Worked by hand (the default plan pays 3% below ¥100,000 a month):
// February: a1 collects p1 ¥10,000 (earns 30,000 fen), a2 p3 ¥20,000 (60,000), b1 p4 ¥4,000
// (12,000). a1 disputes p1; February is closed. March: a1 collects p2 ¥5,000 (15,000); a
// payment p5 of ¥2,000 dated 25 February arrives after the close (6,000, paid in March); HR
// accepts the dispute (+5,000, counted in the month of the resolution — today, open —
// correcting February); ¥1,000 of p1 is refunded in March: a tenth of what the line has earned
// with the correction, −round(35,000 × 100,000 ÷ 1,000,000) = −3,500, correcting February.

let database: TestDatabase;
let api: ApiHarness;
let hr: string;
let rep: string;
let manager: string;
let lastPosition = '0';
const as = (viewer: Viewer) => api.token(viewer);

async function send(type: DomainCommandType, data: unknown, token = hr): Promise<string> {
  const field = `${type.charAt(0).toLowerCase()}${type.slice(1)}`;
  const { body } = await api.graphql<Record<string, { __typename: string; position?: string }>>(
    `mutation($input: ${type}Input!) { ${field}(input: $input) { __typename ... on CommandSucceeded { position } ... on RuleViolation { message } ... on Forbidden { message } } }`,
    { token, variables: { input: toGraphQL(domainCommandSchemas[type], data) } },
  );
  const result = body.data?.[field];
  if (result?.__typename !== 'CommandSucceeded' || !result.position) throw new Error(JSON.stringify(body));
  lastPosition = result.position;
  return result.position;
}

const hire = (employeeId: string, branchId: string, teamId: string) =>
  send('HireEmployee', {
    employeeId,
    name: `名字 ${employeeId}`,
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
const sale = (saleId: string, employeeId: string) =>
  send('CloseSale', {
    saleId,
    employeeId,
    amount: 5_000_000,
    grossMargin: 0.25,
    productLine: 'crm',
    customerId: `k-${saleId}`,
    customerType: 'smb',
    channel: 'direct',
    newCustomer: true,
    cycleDays: 10,
    closedAt: '2026-02-02T10:00:00Z',
  });
const pay = (paymentId: string, saleId: string, amount: number, collectedAt: string) =>
  send('CollectPayment', { paymentId, saleId, amount, collectedAt, reason: '现金收款 paid in cash' });

/** A query run after the read models have applied everything written so far. */
async function read<T>(query: string, token = hr): Promise<T> {
  const { body } = await api.graphql<T>(`query Q @waitFor(position: "${lastPosition}") ${query}`, { token });
  expect(body.errors).toBeUndefined();
  return body.data as T;
}
async function readWithErrors<T>(query: string, token: string) {
  const { body } = await api.graphql<T>(`query Q @waitFor(position: "${lastPosition}") ${query}`, { token });
  return body;
}

const csv = (path: string, token?: string, headers: Record<string, string> = {}) =>
  fetch(`${api.base}${path}`, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });

beforeAll(async () => {
  database = await createTestDatabase('api_commission_payouts');
  api = await startApiHarness(database.url, { runners: true, poolSize: 4 });
  hr = await as({ userId: 'hr', name: 'HR', role: 'hr_admin' });
  rep = await as({ userId: 'u-a1', name: 'A1', role: 'sales_rep', employeeId: 'a1' });
  manager = await as({ userId: 'tm', name: 'TM', role: 'team_manager', teamId: 'sh-1' });
  await send('PublishCommissionPlan', { plan: DEFAULT_COMMISSION_PLAN });
  await hire('a1', 'sh', 'sh-1');
  await hire('a2', 'sh', 'sh-1');
  await hire('b1', 'bj', 'bj-1');
  await sale('s1', 'a1');
  await sale('s2', 'a2');
  await sale('s3', 'b1');
  await pay('p1', 's1', 1_000_000, '2026-02-10T10:00:00Z');
  await pay('p3', 's2', 2_000_000, '2026-02-12T10:00:00Z');
  await pay('p4', 's3', 400_000, '2026-02-15T10:00:00Z');
  await send(
    'DisputeCommissionLine',
    { disputeId: 'd1', saleId: 's1', paymentId: 'p1', comment: '第二档比例没有算上' },
    rep,
  );
}, 120_000);
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

type Statement = {
  employeeId: string;
  month: string;
  payments: number;
  collected: number;
  commission: number;
  adjustmentCount: number;
  adjustmentTotal: number;
  payable: number;
};
const TOTALS = 'employeeId month payments collected commission adjustmentCount adjustmentTotal payable';

describe('commission payouts', () => {
  it('lists an open dispute to HR and to its rep before anything is closed', async () => {
    const open = await read<{
      commissionDisputes: { disputeId: string; status: string; hoursToResolution: null }[];
    }>(
      '{ commissionDisputes(status: open) { disputeId status hoursToResolution lineCommission linePayoutMonth } }',
    );
    expect(open.commissionDisputes).toEqual([
      {
        disputeId: 'd1',
        status: 'open',
        hoursToResolution: null,
        lineCommission: 30_000,
        linePayoutMonth: '2026-02',
      },
    ]);
    const periods = await read<{
      commissionPeriods: { closed: unknown[]; openMonth: null; closableMonth: string };
    }>('{ commissionPeriods { closed { month } openMonth closableMonth } }');
    expect(periods.commissionPeriods.closed).toEqual([]);
    expect(periods.commissionPeriods.openMonth).toBeNull();
    expect(periods.commissionPeriods.closableMonth).toMatch(/^\d{4}-\d{2}$/);
  });

  it('draws February’s statements at the close, to the fen', async () => {
    const closed = await send('CloseCommissionPeriod', { month: '2026-02' });
    const data = await read<{
      commissionPeriods: { closed: { month: string; position: string }[]; openMonth: string };
      commissionStatements: Statement[];
    }>(`{ commissionPeriods { closed { month position } openMonth }
          commissionStatements(month: "2026-02") { ${TOTALS} } }`);
    expect(data.commissionPeriods.closed).toEqual([{ month: '2026-02', position: closed }]);
    expect(data.commissionPeriods.openMonth).toBe('2026-03');
    expect(data.commissionStatements).toEqual([
      s('a1', '2026-02', 1, 1_000_000, 30_000, 0, 0),
      s('a2', '2026-02', 1, 2_000_000, 60_000, 0, 0),
      s('b1', '2026-02', 1, 400_000, 12_000, 0, 0),
    ]);
  });

  it('pays what arrives after the close in the open month, naming the locked month it corrects', async () => {
    await pay('p2', 's1', 500_000, '2026-03-05T10:00:00Z');
    await pay('p5', 's1', 200_000, '2026-02-25T10:00:00Z');
    await send('ResolveCommissionDispute', {
      disputeId: 'd1',
      saleId: 's1',
      outcome: 'accepted',
      amount: 5_000,
      reason: '核对后补发',
    });
    await send('RefundPayment', {
      paymentId: 'p1',
      saleId: 's1',
      amount: 100_000,
      reason: 'partial return',
      refundedAt: '2026-03-08T10:00:00Z',
    });
    const running = await read<{
      runningCommissionStatement: Statement & {
        fromMonth: string;
        lines: { paymentId: string; commission: number; month: string; payoutMonth: string }[];
        adjustments: {
          paymentId: string;
          reason: string;
          amount: number;
          month: string;
          correctsMonth: string | null;
          disputeId: string | null;
          refunded: number;
        }[];
      };
    }>(
      `{ runningCommissionStatement(employeeId: "a1") { payments collected commission adjustmentCount adjustmentTotal payable fromMonth asOf
          lines { paymentId commission month payoutMonth }
          adjustments { paymentId reason amount month correctsMonth disputeId refunded } } }`,
      rep,
    );
    const r = running.runningCommissionStatement;
    expect(r).toMatchObject({
      payments: 2,
      collected: 700_000,
      commission: 21_000,
      adjustmentCount: 2,
      adjustmentTotal: 1_500,
      payable: 22_500,
      fromMonth: '2026-03',
    });
    expect(r.lines).toEqual([
      { paymentId: 'p2', commission: 15_000, month: '2026-03', payoutMonth: '2026-03' },
      { paymentId: 'p5', commission: 6_000, month: '2026-02', payoutMonth: '2026-03' },
    ]);
    expect(r.adjustments).toEqual([
      {
        paymentId: 'p1',
        reason: 'dispute_accepted',
        amount: 5_000,
        month: today(),
        correctsMonth: '2026-02',
        disputeId: 'd1',
        refunded: 0,
      },
      {
        paymentId: 'p1',
        reason: 'payment_refunded',
        amount: -3_500,
        month: '2026-03',
        correctsMonth: '2026-02',
        disputeId: null,
        refunded: 100_000,
      },
    ]);
    // February's statement is as it was drawn.
    const feb = await read<{ commissionStatement: Statement }>(
      `{ commissionStatement(employeeId: "a1", month: "2026-02") { ${TOTALS} } }`,
      rep,
    );
    expect(feb.commissionStatement).toEqual(s('a1', '2026-02', 1, 1_000_000, 30_000, 0, 0));
  });

  it('shows the rep the dispute’s answer and how long it took', async () => {
    const mine = await read<{
      commissionDisputes: {
        disputeId: string;
        status: string;
        amount: number;
        reason: string;
        paidInMonth: string;
        hoursToResolution: number;
      }[];
    }>('{ commissionDisputes { disputeId status amount reason paidInMonth hoursToResolution } }', rep);
    expect(mine.commissionDisputes).toHaveLength(1);
    expect(mine.commissionDisputes[0]).toMatchObject({
      disputeId: 'd1',
      status: 'accepted',
      amount: 5_000,
      reason: '核对后补发',
      paidInMonth: today(),
    });
    expect(mine.commissionDisputes[0]?.hoursToResolution).toBeGreaterThanOrEqual(0);
    const other = await readWithErrors('{ commissionDisputes(employeeId: "a2") { disputeId } }', rep);
    expect(JSON.stringify(other.errors)).toContain('you may not read the commission of a2');
    expect(
      (await read<{ commissionDisputes: unknown[] }>('{ commissionDisputes(status: open) { disputeId } }'))
        .commissionDisputes,
    ).toEqual([]);
  });

  it('locks March with the corrections, and the statement recomputes identically from the store', async () => {
    const closed = await send('CloseCommissionPeriod', { month: '2026-03' });
    const data = await read<{
      person: {
        commissionStatements: (Statement & {
          position: string;
          plans: string[];
          lines: { paymentId: string }[];
          adjustments: { correctsMonth: string }[];
        })[];
      };
    }>(
      `{ person(id: "a1") { commissionStatements(last: 5) { ${TOTALS} position plans lines { paymentId } adjustments { correctsMonth } } } }`,
      rep,
    );
    const [march, february] = data.person.commissionStatements;
    expect(march).toMatchObject(s('a1', '2026-03', 2, 700_000, 21_000, 1, -3_500));
    expect(march?.position).toBe(closed);
    expect(march?.plans).toEqual([`${DEFAULT_COMMISSION_PLAN.id} v${DEFAULT_COMMISSION_PLAN.version}`]);
    expect(march?.lines.map((l) => l.paymentId)).toEqual(['p2', 'p5']);
    expect(march?.adjustments.map((a) => a.correctsMonth)).toEqual(['2026-02']);
    expect(february?.month).toBe('2026-02');

    const verified = await read<{
      verifyCommissionStatement: {
        identical: boolean;
        position: string;
        differences: string[];
        recomputed: { payable: number };
      };
    }>(
      '{ verifyCommissionStatement(employeeId: "a1", month: "2026-03") { identical position differences recomputed { payable } } }',
    );
    expect(verified.verifyCommissionStatement).toEqual({
      identical: true,
      position: closed,
      differences: [],
      recomputed: { payable: 17_500 },
    });
    const running = await read<{
      runningCommissionStatement: { payments: number; payable: number; fromMonth: string };
    }>('{ runningCommissionStatement(employeeId: "a1") { payments payable fromMonth } }');
    // What is left open: the accepted dispute, counted in the month it was resolved in.
    expect(running.runningCommissionStatement).toEqual({ payments: 0, payable: 5_000, fromMonth: '2026-04' });
  });

  it('refuses closing a month again or one not ended, saying why in Chinese', async () => {
    const close = (month: string) =>
      api.graphql<{ closeCommissionPeriod: { __typename: string; message: string; rule: string } }>(
        `mutation($input: CloseCommissionPeriodInput!) { closeCommissionPeriod(input: $input) { __typename ... on RuleViolation { message rule } } }`,
        { token: hr, variables: { input: { month } }, headers: { 'accept-language': 'zh-CN' } },
      );
    const again = (await close('2026-02')).body.data?.closeCommissionPeriod;
    expect(again).toEqual({
      __typename: 'RuleViolation',
      rule: 'period_closed',
      message: '提成月份 2026-02 已经关账（已关账至 2026-03）',
    });
    const current = (await close(today())).body.data?.closeCommissionPeriod;
    expect(current?.rule).toBe('period_not_ended');
    expect(current?.message).toMatch(new RegExp(`^提成月份 ${today()} 到 \\d{4}-\\d{2}-\\d{2} 还没有结束`));
  });

  it('refuses a rep another’s statement and verification, and a manager the lines', async () => {
    const other = await readWithErrors(
      '{ commissionStatement(employeeId: "a2", month: "2026-02") { payable } }',
      rep,
    );
    expect(JSON.stringify(other.errors)).toContain('you may not read the commission of a2');
    const verify = await readWithErrors(
      '{ verifyCommissionStatement(employeeId: "a1", month: "2026-02") { identical } }',
      rep,
    );
    expect(verify.errors?.length).toBe(1);

    const team = await readWithErrors<{
      commissionStatements: { employeeId: string; payable: number; lines: null }[];
    }>('{ commissionStatements(month: "2026-02") { employeeId payable lines { paymentId } } }', manager);
    expect(team.data?.commissionStatements).toEqual([
      { employeeId: 'a1', payable: 30_000, lines: null },
      { employeeId: 'a2', payable: 60_000, lines: null },
    ]);
    expect(team.errors?.map((e) => e.message)).toEqual([
      expect.stringContaining('not its lines'),
      expect.stringContaining('not its lines'),
    ]);
    const totals = await read<{ runningCommissionStatement: { payable: number } | null; outside: null }>(
      `{ runningCommissionStatement(employeeId: "a1") { payable }
         outside: commissionStatement(employeeId: "b1", month: "2026-02") { payable } }`,
      manager,
    );
    expect(totals).toEqual({ runningCommissionStatement: { payable: 5_000 }, outside: null });
    const analyst = await as({ userId: 'an', name: 'AN', role: 'analyst' });
    const refused = await readWithErrors('{ commissionStatements(month: "2026-02") { payable } }', analyst);
    expect(refused.errors?.length).toBe(1);
  });
});

describe('GET /commission/statements/<employeeId>/<month>.csv', () => {
  it('gives the rep their statement in Chinese, with a byte order mark, yuan and fen', async () => {
    const response = await csv('/commission/statements/a1/2026-03.csv?lang=zh', rep);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('commission-a1-2026-03.csv');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const rows = text.trimEnd().split('\r\n');
    expect(rows[0]).toBe('提成结算单');
    expect(rows[1]).toBe('员工,a1,名字 a1');
    expect(rows).toContain(
      '类型,回款编号,销售编号,日期,提成月份,更正的已关账月份,原因,回款金额（元）,回款金额（分）,提成比例（%）,金额（元）,金额（分）,方案',
    );
    expect(rows.find((r) => r.startsWith('明细,p5,'))).toContain(',2000.00,200000,3,60.00,6000,');
    expect(rows.find((r) => r.includes('回款退款'))).toContain(',2026-03,2026-02,回款退款,10000.00,1000000,');
    expect(rows.find((r) => r.includes('回款退款'))).toContain(',-35.00,-3500,');
    expect(rows.at(-1)).toBe('合计,,,,2026-03,,应发,,,,175.00,17500,');
  });

  it('speaks English by Accept-Language and gives a manager the totals only', async () => {
    const response = await csv('/commission/statements/a2/2026-02.csv', manager, {
      'accept-language': 'en-GB,en',
    });
    expect(response.status).toBe(200);
    const text = (await response.text()).replace(/^\uFEFF/, '');
    expect(text.startsWith('Commission statement\r\n')).toBe(true);
    expect(text).toContain('Totals only');
    expect(text).not.toContain('p3');
    expect(text).toContain('Total,,,,2026-02,,Payable,,,,600.00,60000,');
  });

  it('refuses without a token, another rep’s statement, and answers 404 for a month not locked', async () => {
    expect((await csv('/commission/statements/a1/2026-03.csv')).status).toBe(401);
    const other = await csv('/commission/statements/a2/2026-02.csv', rep, { 'accept-language': 'zh-CN' });
    expect(other.status).toBe(403);
    expect(await other.text()).toContain('你无权查看 a2 的提成');
    const open = await csv('/commission/statements/a1/2026-04.csv', rep);
    expect(open.status).toBe(404);
    const outside = await csv('/commission/statements/b1/2026-02.csv', manager);
    expect(outside.status).toBe(404);
  });
});

/** The month of the product's clock: where a correction recorded today is counted. */
const today = () => now().toISOString().slice(0, 7);

function s(
  employeeId: string,
  month: string,
  payments: number,
  collected: number,
  commission: number,
  adjustmentCount: number,
  adjustmentTotal: number,
): Statement {
  return {
    employeeId,
    month,
    payments,
    collected,
    commission,
    adjustmentCount,
    adjustmentTotal,
    payable: commission + adjustmentTotal,
  };
}
