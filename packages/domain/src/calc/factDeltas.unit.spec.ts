import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../catalog.ts';
import {
  ACTIVITY_EVENT_TYPES,
  activityOf,
  collectedChange,
  KPI_COUNTERS,
  kpiCountersOf,
  paidByMonthEnd,
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
