import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../catalog.ts';
import {
  ACTIVITY_EVENT_TYPES,
  activityOf,
  CASH_EVENT_TYPES,
  cashOf,
  collectedChange,
  KPI_COUNTERS,
  kpiCountersOf,
  paidByMonthEnd,
  paidByWeekEnd,
} from './factDeltas.ts';
import { factsFromEvents } from './factsFold.ts';

const at = (employeeId: string, date: string) => ({ employeeId, at: date });
const activities = (employeeId: string): DomainEvent[] =>
  [
    { type: 'CustomerFollowUpLogged', data: { ...at(employeeId, '2026-03-02'), customerId: 'c1' } },
    { type: 'CustomerFollowUpLogged', data: { ...at(employeeId, '2026-03-03'), customerId: 'c2' } },
    { type: 'DemoGiven', data: { ...at(employeeId, '2026-03-04'), customerId: 'c1' } },
    {
      type: 'OpportunityCreated',
      data: { ...at(employeeId, '2026-03-05'), opportunityId: 'o1', customerId: 'c1' },
    },
    { type: 'CustomerRetained', data: { ...at(employeeId, '2026-03-06'), customerId: 'c3' } },
    { type: 'CustomerChurned', data: { ...at(employeeId, '2026-03-07'), customerId: 'c4' } },
    { type: 'CustomerFeedbackGiven', data: { ...at(employeeId, '2026-03-08'), customerId: 'c1', rating: 4 } },
    { type: 'CustomerFeedbackGiven', data: { ...at(employeeId, '2026-03-09'), customerId: 'c2', rating: 5 } },
    {
      type: 'ExpenseRecorded',
      data: { ...at(employeeId, '2026-03-10'), expenseId: 'x1', amount: 1234, category: 'travel' },
    },
    { type: 'CollaborationCredited', data: { ...at(employeeId, '2026-03-11'), helpedEmployeeId: 'e2' } },
    { type: 'Feedback360Given', data: { ...at(employeeId, '2026-03-12'), from: 'peer', rating: 3 } },
  ] as DomainEvent[];
const sale = (saleId: string, amount: number, closedAt: string, newCustomer = true): DomainEvent => ({
  type: 'SaleClosed',
  data: {
    saleId,
    employeeId: 'e1',
    amount,
    grossMargin: 0.333,
    productLine: 'crm',
    customerId: 'c',
    customerType: 'smb',
    channel: 'direct',
    newCustomer,
    cycleDays: 9,
    closedAt,
  },
});
const payment = (paymentId: string, saleId: string, amount: number, collectedAt: string): DomainEvent => ({
  type: 'PaymentCollected',
  data: { paymentId, saleId, employeeId: 'e1', amount, collectedAt },
});

const refund = (paymentId: string, saleId: string, amount: number, refundedAt: string): DomainEvent => ({
  type: 'PaymentRefunded',
  data: { paymentId, saleId, employeeId: 'e1', amount, reason: 'returned goods', refundedAt },
});

describe('fact deltas', () => {
  it('counts payments by the end of the sale’s month, at most its amount, and none of a reversed sale', () => {
    expect(collectedChange({ amount: 100, reversed: false }, 0, 60)).toBe(60);
    expect(collectedChange({ amount: 100, reversed: false }, 60, 60)).toBe(40);
    expect(collectedChange({ amount: 100, reversed: false }, 120, 10)).toBe(0);
    expect(collectedChange({ amount: 100, reversed: true }, 0, 60)).toBe(0);
    // The date as written: late on the month's last day in UTC+8 is still that month.
    expect(paidByMonthEnd('2026-03-31T23:30:00+08:00', '2026-03')).toBe(true);
    expect(paidByMonthEnd('2026-04-01', '2026-03')).toBe(false);
  });

  it('takes a refund off the collection by the same arithmetic, negated, never below nothing', () => {
    // Given a sale of 1,000,000 fen with 600,000 paid by the period's end,
    // when 200,000 of it is refunded by then, the collection drops by 200,000.
    expect(collectedChange({ amount: 1_000_000, reversed: false }, 600_000, -200_000)).toBe(-200_000);
    // Paid beyond a corrected amount: a refund of the excess leaves the collection as it was.
    expect(collectedChange({ amount: 40_000, reversed: false }, 50_000, -10_000)).toBe(0);
    expect(collectedChange({ amount: 40_000, reversed: false }, 50_000, -20_000)).toBe(-10_000);
    // A reversed sale's collection is not counted: nothing to take back.
    expect(collectedChange({ amount: 1_000_000, reversed: true }, 600_000, -200_000)).toBe(0);
    // A refund dated before the payment it pays back cannot take the collection below nothing.
    expect(collectedChange({ amount: 1_000_000, reversed: false }, 0, -200_000)).toBe(0);
    // Refunds are dated by the same rule as payments: the month's and the week's last day.
    expect(paidByMonthEnd('2026-03-31', '2026-03')).toBe(true);
    expect(paidByMonthEnd('2026-04-01T00:30:00+08:00', '2026-03')).toBe(false);
    // Week of Monday 2026-03-02: Sunday 2026-03-08 is in it, Monday 2026-03-09 is not.
    expect(paidByWeekEnd('2026-03-08T23:00:00Z', '2026-03-02')).toBe(true);
    expect(paidByWeekEnd('2026-03-09', '2026-03-02')).toBe(false);
    expect(paidByWeekEnd('2026-02-27', '2026-03-02')).toBe(true);
  });

  it('reads a payment as cash in and a refund as cash out, and no other event', () => {
    expect(cashOf(payment('p1', 's1', 600_000, '2026-03-10'))).toEqual({
      saleId: 's1',
      employeeId: 'e1',
      cash: 600_000,
      at: '2026-03-10',
    });
    expect(cashOf(refund('p1', 's1', 200_000, '2026-03-20'))).toEqual({
      saleId: 's1',
      employeeId: 'e1',
      cash: -200_000,
      at: '2026-03-20',
    });
    expect(cashOf(sale('s1', 100, '2026-03-01'))).toBeNull();
    expect([...CASH_EVENT_TYPES]).toEqual(['PaymentCollected', 'PaymentRefunded']);
  });

  it('reads every activity event, and no other', () => {
    const read = activities('e1').filter((e) => activityOf(e) !== null);
    expect(new Set(read.map((e) => e.type))).toEqual(new Set(ACTIVITY_EVENT_TYPES));
    expect(activityOf(sale('s1', 100, '2026-03-01'))).toBeNull();
  });

  it('the fold’s facts amount to the counters the deltas add', () => {
    const events: DomainEvent[] = [
      ...activities('e1'),
      sale('s1', 100_000, '2026-03-15'),
      sale('s2', 50_001, '2026-03-20', false),
      payment('p1', 's1', 70_000, '2026-03-25'),
      payment('p2', 's1', 70_000, '2026-03-31T22:00:00+08:00'), // capped at the amount
      payment('p3', 's2', 50_001, '2026-04-01'), // after the month's end: not counted
      sale('s3', 9_999, '2026-03-21'),
      payment('p4', 's3', 9_999, '2026-03-22'),
      {
        type: 'SaleReversed',
        data: { saleId: 's3', employeeId: 'e1', reason: 'void', reversedAt: '2026-03-23' },
      },
      refund('p4', 's3', 9_999, '2026-03-24'), // of a reversed sale: nothing to take back
      refund('p3', 's2', 1, '2026-04-02'), // after the month's end: March stays as it was
    ];
    const state = factsFromEvents(events.map((event, i) => ({ position: BigInt(i + 1), event })));
    const facts = state.people.e1?.months['2026-03']?.facts;
    expect(facts).toBeDefined();
    const counters = kpiCountersOf(facts!);
    expect(Object.keys(counters)).toEqual([...KPI_COUNTERS]);
    expect(counters).toEqual({
      salesAmount: 150_001,
      deals: 2,
      grossMargin: Math.round(100_000 * 0.333) + Math.round(50_001 * 0.333),
      collected: 100_000,
      followUps: 2,
      demos: 1,
      opportunities: 1,
      newCustomers: 1,
      customersRetained: 1,
      customersChurned: 1,
      feedbackRatingSum: 9,
      feedbackRatingCount: 2,
      collaborationCredits: 1,
      rating360Sum: 3,
      rating360Count: 1,
      expenses: 1234,
    });
  });
});
