import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../catalog.ts';
import {
  type CommissionPlan,
  DEFAULT_COMMISSION_PLAN,
  marginalRate,
  type PlanInForce,
  paymentCommission,
} from '../policy/commission.ts';
import {
  branchAt,
  commissionHistoryFromEvents,
  commissionPayments,
  commissionWhatIf,
  payCommissions,
} from './commissionWhatIf.ts';

// Amounts in fen throughout. Plan A: 3% to 10,000 yuan (1,000,000 fen) a month, 5% above.
const planA: CommissionPlan = {
  id: 'plan',
  version: 1,
  name: 'A',
  basis: 'collected',
  period: 'month',
  tiers: [
    { from: 0, rate: 0.03 },
    { from: 1_000_000, rate: 0.05 },
  ],
};
// The draft: 2% to 1,000,000 fen, 8% above, from 15 March.
const draft: CommissionPlan = {
  ...planA,
  version: 2,
  name: 'B',
  tiers: [
    { from: 0, rate: 0.02 },
    { from: 1_000_000, rate: 0.08 },
  ],
  effectiveFrom: '2026-03-15',
};

type E = { position: bigint; event: DomainEvent; publishedOn?: string };
let position = 0n;
const ev = (type: string, data: Record<string, unknown>, publishedOn?: string): E => ({
  position: ++position,
  event: { type, data } as unknown as DomainEvent,
  ...(publishedOn ? { publishedOn } : {}),
});
const hired = (employeeId: string, branchId: string) =>
  ev('EmployeeHired', { employeeId, branchId, hiredAt: '2025-01-01' });
const paid = (paymentId: string, saleId: string, employeeId: string, amount: number, collectedAt: string) =>
  ev('PaymentCollected', { paymentId, saleId, employeeId, amount, collectedAt });

const events: E[] = [
  hired('e1', 'b1'),
  hired('e2', 'b2'),
  hired('e3', 'b1'),
  ev('CommissionPlanPublished', { plan: planA }, '2025-12-01T08:00:00Z'),
  paid('p1', 's1', 'e1', 800_000, '2026-03-05'),
  ev('EmployeeTransferred', { employeeId: 'e1', toBranchId: 'b2', effectiveAt: '2026-03-18' }),
  paid('p2', 's2', 'e1', 500_000, '2026-03-20T10:00:00+08:00'),
  paid('p3', 's3', 'e1', 333, '2026-03-25'),
  ev('PaymentRefunded', { paymentId: 'p2', saleId: 's2', employeeId: 'e1', amount: 60_000 }),
  ev('PaymentRefunded', { paymentId: 'p2', saleId: 's2', employeeId: 'e1', amount: 40_000 }),
  paid('p4', 's4', 'e2', 200_000, '2026-03-16'),
  paid('p5', 's5', 'e2', 900_000, '2026-03-17'),
  ev('SaleReversed', { saleId: 's4', employeeId: 'e2', reversedAt: '2026-03-30' }),
  // Recorded before p7 though dated later: tiers follow the recorded order.
  paid('p6', 's6', 'e3', 600_000, '2026-03-28'),
  paid('p7', 's7', 'e3', 600_000, '2026-03-10'),
  paid('p7', 's7', 'e3', 600_000, '2026-03-10'), // a payment id counts once
];

const history = commissionHistoryFromEvents(events);
const payments = commissionPayments(history);

describe('payment commission', () => {
  it('earns the rounded cumulative commission after less before', () => {
    // 333 × 5% = 16.65: round(45,016.65) − 45,000 = 17
    expect(paymentCommission(1_300_000, 333, planA)).toBe(17);
    expect(paymentCommission(800_000, 500_000, planA)).toBe(21_000);
  });
  it('reports the rate of the tier holding the last fen', () => {
    expect(marginalRate(0, planA)).toBe(0.03);
    expect(marginalRate(1_000_000, planA)).toBe(0.03);
    expect(marginalRate(1_000_001, planA)).toBe(0.05);
  });
});

describe('commission history', () => {
  it('folds payments in recorded order, refunds summed, reversals, branches by date and plans', () => {
    expect(payments.map((p) => p.paymentId)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
    expect(payments.find((p) => p.paymentId === 'p2')).toMatchObject({ refunded: 100_000, branchId: 'b2' });
    expect(payments.find((p) => p.paymentId === 'p1')).toMatchObject({ refunded: 0, branchId: 'b1' });
    expect(payments.find((p) => p.paymentId === 'p4')?.saleReversed).toBe(true);
    expect(branchAt(history, 'e1', '2026-03-17')).toBe('b1');
    expect(branchAt(history, 'e1', '2026-03-18')).toBe('b2');
    expect(branchAt(history, 'nobody', '2026-03-18')).toBeNull();
    expect(history.plans).toEqual([{ plan: planA, effectiveFrom: '2025-12-01', position: 4n }]);
  });
  it('pays under the demo plan before any is published', () => {
    const [only] = payCommissions(payments.slice(0, 1), []);
    // 800,000 × 3% (the demo plan's first tier) = 24,000
    expect(only).toMatchObject({ plan: DEFAULT_COMMISSION_PLAN, commission: 24_000 });
  });
});

describe('commission what-if', () => {
  const outcome = commissionWhatIf(payments, history.plans, draft);

  it('pays each payment under the plan in force at its date, tiers in recorded order', () => {
    const plans: PlanInForce[] = [
      ...history.plans,
      { plan: draft, effectiveFrom: '2026-03-15', position: 100n },
    ];
    const underDraft = payCommissions(payments, plans).map((p) => [p.payment.paymentId, p.commission]);
    // p1 (5 Mar, plan A): 800,000 × 3% = 24,000
    // p2 (20 Mar, draft): after 1,300,000 = 1,000,000 × 2% + 300,000 × 8% = 44,000, before
    //   800,000 × 2% = 16,000: earns 28,000; 100,000 of 500,000 refunded: 28,000 − 5,600 = 22,400
    // p3: 333 × 8% = 26.64: round(44,026.64) − 44,000 = 27
    // p4: sale reversed: 0 (its 200,000 still counts towards e2's tiers)
    // p5: after 1,100,000 = 20,000 + 8,000 = 28,000, before 200,000 × 2% = 4,000: 24,000
    // p6 (28 Mar, recorded first): 600,000 × 2% = 12,000
    // p7 (10 Mar, plan A, 600,000 recorded before it): 1,000,000 × 3% + 200,000 × 5% − 18,000 = 22,000
    expect(underDraft).toEqual([
      ['p1', 24_000],
      ['p2', 22_400],
      ['p3', 27],
      ['p4', 0],
      ['p5', 24_000],
      ['p6', 12_000],
      ['p7', 22_000],
    ]);
  });

  it('totals the cost under the plans in force and under the draft', () => {
    // In force: p1 24,000; p2 21,000 − 4,200 = 16,800; p3 17; p4 0;
    //   p5 1,000,000 × 3% + 100,000 × 5% − 6,000 = 29,000; p6 18,000; p7 22,000
    expect(outcome).toMatchObject({
      inForce: 109_817,
      draft: 104_427,
      difference: -5_390,
      payments: 7,
      paymentsChanged: 4,
      draftFrom: '2026-03-15',
    });
  });

  it('splits the cost per branch (at the payment date) and month', () => {
    expect(outcome.byBranchMonth).toEqual([
      // p1 (e1 before the transfer), p6, p7
      { branchId: 'b1', month: '2026-03', inForce: 64_000, draft: 58_000, difference: -6_000, payments: 3 },
      // p2, p3 (e1 after the transfer), p4, p5
      { branchId: 'b2', month: '2026-03', inForce: 45_817, draft: 46_427, difference: 610, payments: 4 },
    ]);
  });

  it('lists the people who gain and lose most', () => {
    expect(outcome.gains).toEqual([
      { employeeId: 'e1', inForce: 40_817, draft: 46_427, difference: 5_610, payments: 3 },
    ]);
    expect(outcome.losses).toEqual([
      { employeeId: 'e3', inForce: 40_000, draft: 34_000, difference: -6_000, payments: 2 },
      { employeeId: 'e2', inForce: 29_000, draft: 24_000, difference: -5_000, payments: 2 },
    ]);
    expect(commissionWhatIf(payments, history.plans, draft, { extremes: 1 }).losses).toHaveLength(1);
  });

  it('applies a draft without an effective date from the beginning of history', () => {
    const { effectiveFrom: _, ...always } = draft;
    const o = commissionWhatIf(payments, history.plans, always);
    // Every payment under the draft: p1 16,000; p2 22,400; p3 27; p5 24,000;
    //   p6 12,000; p7 after 1,200,000 = 20,000 + 16,000 − 12,000 = 24,000
    expect(o).toMatchObject({ draftFrom: '0000-01-01', inForce: 109_817, draft: 98_427 });
  });

  it('pays under the draft from its date even where a version effective later was published', () => {
    const later: PlanInForce = {
      plan: { ...planA, version: 3, tiers: [{ from: 0, rate: 0.1 }] },
      effectiveFrom: '2026-03-25',
      position: 50n,
    };
    const o = commissionWhatIf(payments, [...history.plans, later], draft);
    expect(o.draft).toBe(outcome.draft);
    expect(o.inForce).not.toBe(outcome.inForce);
  });

  it('costs nothing more when the draft pays like the plan in force', () => {
    const same = commissionWhatIf(payments, history.plans, { ...planA, version: 2 });
    expect(same).toMatchObject({ difference: 0, paymentsChanged: 0, gains: [], losses: [] });
  });

  it('accumulates a quarterly draft over the quarter, and its tiers from what the months collected', () => {
    const quarterly: CommissionPlan = { ...draft, period: 'quarter', effectiveFrom: '2026-02-01' };
    const q = commissionPayments(
      commissionHistoryFromEvents([
        hired('e9', 'b9'),
        paid('q1', 't1', 'e9', 700_000, '2026-01-20'),
        paid('q2', 't2', 'e9', 700_000, '2026-02-10'),
        paid('q3', 't3', 'e9', 700_000, '2026-04-01'),
      ]),
    );
    const o = commissionWhatIf(q, [{ plan: planA, effectiveFrom: '2026-01-01', position: 1n }], quarterly);
    // In force (monthly A): 21,000 each = 63,000.
    // Draft: q1 (Jan, plan A) 21,000; q2 (quarter Q1, 700,000 before): after 1,400,000 =
    //   20,000 + 32,000 = 52,000, before 14,000: 38,000; q3 (Q2, nothing before): 14,000.
    expect(o).toMatchObject({ inForce: 63_000, draft: 73_000, difference: 10_000 });
    expect(o.byBranchMonth.map((b) => [b.month, b.difference])).toEqual([
      ['2026-01', 0],
      ['2026-02', 17_000],
      ['2026-04', -7_000],
    ]);
  });
});
