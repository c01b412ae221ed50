import { type CommissionPlan, CommissionPlanSchema, type DomainCommandType } from '@trackrecord/domain';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/viewer.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';
import { toGraphQL } from './zodInput.ts';

// The commission what-if of `policySimulation` over a history of our own, exact to the fen:
// plan A (3% to 1,000,000 fen a month, 5% above) in force, a draft paying 2% then 8% from
// 15 March 2026. The same history as the domain's unit spec, recorded through the commands.

let database: TestDatabase;
let api: ApiHarness;
let hr: string;
const as = (viewer: Viewer) => api.token(viewer);

const send = (type: DomainCommandType, data: unknown) => api.command(type, data, hr);

const planA: CommissionPlan = {
  id: 'whatif-plan',
  version: 1,
  name: 'A',
  basis: 'collected',
  period: 'month',
  tiers: [
    { from: 0, rate: 0.03 },
    { from: 1_000_000, rate: 0.05 },
  ],
  effectiveFrom: '2025-12-01',
};
const draftB: CommissionPlan = {
  ...planA,
  version: 2,
  name: 'B',
  tiers: [
    { from: 0, rate: 0.02 },
    { from: 1_000_000, rate: 0.08 },
  ],
  effectiveFrom: '2026-03-15',
};

const hire = (employeeId: string, name: string, branchId: string) =>
  send('HireEmployee', {
    employeeId,
    name,
    branchId,
    teamId: `${branchId}-t`,
    regionId: 'east',
    managerId: null,
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt: '2025-01-06',
    probationEnd: null,
    recruitingFit: 70,
  });
const sale = (saleId: string, employeeId: string, amount: number) =>
  send('CloseSale', {
    saleId,
    employeeId,
    amount,
    grossMargin: 0.3,
    productLine: 'crm',
    customerId: `k-${saleId}`,
    customerType: 'smb',
    channel: 'direct',
    newCustomer: true,
    cycleDays: 12,
    closedAt: '2026-03-01T10:00:00Z',
  });
const pay = (paymentId: string, saleId: string, amount: number, collectedAt: string) =>
  send('CollectPayment', { paymentId, saleId, amount, collectedAt, reason: '现金收款 paid in cash' });

beforeAll(async () => {
  database = await createTestDatabase('api_commission_whatif');
  api = await startApiHarness(database.url, { runners: true });
  hr = await as({ userId: 'hr', name: 'HR', role: 'hr_admin' });
  await hire('w1', 'Wen One', 'wb1');
  await hire('w2', 'Wen Two', 'wb2');
  await hire('w3', 'Wen Three', 'wb1');
  await send('PublishCommissionPlan', { plan: planA });
  for (const [id, who] of [
    ['ws1', 'w1'],
    ['ws2', 'w1'],
    ['ws3', 'w1'],
    ['ws4', 'w2'],
    ['ws5', 'w2'],
    ['ws6', 'w3'],
    ['ws7', 'w3'],
  ] as const)
    await sale(id, who, 2_000_000);
  await pay('wp1', 'ws1', 800_000, '2026-03-05T10:00:00+08:00');
  await send('TransferEmployee', {
    employeeId: 'w1',
    toBranchId: 'wb2',
    toTeamId: 'wb2-t',
    managerId: null,
    effectiveAt: '2026-03-18',
  });
  await pay('wp2', 'ws2', 500_000, '2026-03-20T10:00:00+08:00');
  await pay('wp3', 'ws3', 333, '2026-03-25T10:00:00+08:00');
  await send('RefundPayment', {
    paymentId: 'wp2',
    saleId: 'ws2',
    amount: 100_000,
    reason: 'partly returned',
    refundedAt: '2026-03-26T10:00:00+08:00',
  });
  await pay('wp4', 'ws4', 200_000, '2026-03-16T10:00:00+08:00');
  await pay('wp5', 'ws5', 900_000, '2026-03-17T10:00:00+08:00');
  await send('ReverseSale', { saleId: 'ws4', reason: 'cancelled', reversedAt: '2026-03-30T10:00:00+08:00' });
  // Recorded before wp7 though dated later: tiers follow the recorded order.
  await pay('wp6', 'ws6', 600_000, '2026-03-28T10:00:00+08:00');
  await pay('wp7', 'ws7', 600_000, '2026-03-10T10:00:00+08:00');
}, 120_000);
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const SIMULATE = `query S($draft: PolicyDraftInput!) { policySimulation(draft: $draft) {
  commission {
    planId planVersion period effectiveFrom inForce draft difference payments paymentsChanged basePosition
    byBranchMonth { branchId month inForce draft difference payments }
    gains { employeeId name branchId inForce draft difference payments }
    losses { employeeId name branchId inForce draft difference payments }
  }
} }`;
type Cost = { inForce: number; draft: number; difference: number; payments: number };
type Person = Cost & { employeeId: string; name: string; branchId: string };
type WhatIf = Cost & {
  planId: string;
  planVersion: number;
  period: string;
  effectiveFrom: string | null;
  paymentsChanged: number;
  basePosition: string;
  byBranchMonth: (Cost & { branchId: string; month: string })[];
  gains: Person[];
  losses: Person[];
};
async function simulate(draft: Record<string, unknown>, token = hr) {
  const head = (await api.store.headPosition()).toString();
  const query = SIMULATE.replace(
    '{ policySimulation',
    `@waitFor(position: "${head}", timeoutMs: 5000) { policySimulation`,
  );
  return (
    await api.graphql<{ policySimulation: { commission: WhatIf } }>(query, { token, variables: { draft } })
  ).body;
}
const commissionPlan = (plan: CommissionPlan) => ({ commissionPlan: toGraphQL(CommissionPlanSchema, plan) });

describe('policySimulation: commission what-if', () => {
  it('costs a draft plan against the plans in force over every payment, exact to the fen, appending nothing', async () => {
    const head = await api.store.headPosition();
    const body = await simulate(commissionPlan(draftB));
    expect(body.errors).toBeUndefined();
    const c = body.data!.policySimulation.commission;
    // In force: 24,000 + (21,000 − 4,200) + 17 + 0 (reversed) + 29,000 + 18,000 + 22,000
    // Draft:    24,000 + (28,000 − 5,600) + 27 + 0 + 24,000 + 12,000 + 22,000
    expect(c).toMatchObject({
      planId: 'whatif-plan',
      planVersion: 2,
      period: 'month',
      effectiveFrom: '2026-03-15',
      inForce: 109_817,
      draft: 104_427,
      difference: -5_390,
      payments: 7,
      paymentsChanged: 4,
      basePosition: head.toString(),
    });
    expect(c.byBranchMonth).toEqual([
      { branchId: 'wb1', month: '2026-03', inForce: 64_000, draft: 58_000, difference: -6_000, payments: 3 },
      { branchId: 'wb2', month: '2026-03', inForce: 45_817, draft: 46_427, difference: 610, payments: 4 },
    ]);
    expect(c.gains).toEqual([
      {
        employeeId: 'w1',
        name: 'Wen One',
        branchId: 'wb2',
        inForce: 40_817,
        draft: 46_427,
        difference: 5_610,
        payments: 3,
      },
    ]);
    expect(
      c.losses.map((p: { employeeId: string; difference: number }) => [p.employeeId, p.difference]),
    ).toEqual([
      ['w3', -6_000],
      ['w2', -5_000],
    ]);
    expect(await api.store.headPosition()).toBe(head);
  });

  it('costs the plans in force as the commission ledger pays them', async () => {
    const c = (await simulate(commissionPlan(draftB))).data!.policySimulation.commission;
    // The ledger's lines and adjustments (reversals, refunds, reprocessing), disputes aside.
    const { rows } = await sql<{ total: string }>`
      SELECT (SELECT sum(commission) FROM read.commission_ledger)
        + (SELECT coalesce(sum(amount), 0) FROM read.commission_adjustments
           WHERE reason <> 'dispute_accepted') AS total`.execute(api.db);
    expect(Number(rows[0]?.total)).toBe(c.inForce);
    expect(c.inForce).toBe(109_817);
  });

  it('reads the payments appended since the last what-if', async () => {
    await pay('wp8', 'ws7', 100_000, '2026-04-02T10:00:00+08:00');
    const c = (await simulate(commissionPlan(draftB))).data!.policySimulation.commission;
    // April, w3: 100,000 × 3% = 3,000 in force, × 2% = 2,000 under the draft.
    expect(c).toMatchObject({ inForce: 112_817, draft: 106_427, payments: 8 });
    expect(c.byBranchMonth).toContainEqual({
      branchId: 'wb1',
      month: '2026-04',
      inForce: 3_000,
      draft: 2_000,
      difference: -1_000,
      payments: 1,
    });
  });

  it('has no commission part without a draft plan, and names the field of an invalid one', async () => {
    const none = await simulate({ ladder: null });
    expect(none.errors?.[0]?.message).toMatch(
      /give a scoringPolicy, a ladder, a commissionPlan, a targetPolicy, a retentionThreshold or several/,
    );
    const bad = await simulate(commissionPlan({ ...draftB, tiers: [{ from: 5, rate: 0.02 }] }));
    expect(bad.errors?.[0]?.extensions?.problems).toContainEqual({
      path: ['draft', 'commissionPlan'],
      message: 'the first commission tier must start at 0',
      messageZh: expect.stringContaining('须从 0 开始'),
    });
  });

  it('is for HR and analysts; a sales rep may not run it', async () => {
    const analyst = await simulate(
      commissionPlan(draftB),
      await as({ userId: 'an', name: 'Analyst', role: 'analyst' }),
    );
    expect(analyst.data?.policySimulation.commission.difference).toBe(-5_390 - 1_000);
    const rep = await simulate(
      commissionPlan(draftB),
      await as({ userId: 'rep', name: 'Rep', role: 'sales_rep', employeeId: 'w1' }),
    );
    expect(rep.errors?.[0]?.message).toMatch(/policySimulation is for hr_admin, analyst/);
  });
});
