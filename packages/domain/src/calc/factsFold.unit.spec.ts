import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../catalog.ts';
import { monthEnd, weekOf } from '../core/calendar.ts';
import { DEFAULT_SCORING_POLICY } from '../policy/scoring.ts';
import {
  applyFactsEvent,
  emptyFactsState,
  evaluatedMonth,
  factsFromEvents,
  newTouched,
} from './factsFold.ts';
import { candidateRecord, scoreOf } from './factsReaders.ts';

const hire = (
  employeeId: string,
  o: { teamId?: string; hiredAt?: string; probationEnd?: string | null } = {},
): DomainEvent => ({
  type: 'EmployeeHired',
  data: {
    employeeId,
    name: employeeId,
    branchId: 'b',
    teamId: o.teamId ?? 't1',
    regionId: 'r',
    managerId: null,
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt: o.hiredAt ?? '2024-01-01',
    probationEnd: o.probationEnd ?? null,
    recruitingFit: 70,
  },
});
const sale = (saleId: string, employeeId: string, amount: number, closedAt: string): DomainEvent => ({
  type: 'SaleClosed',
  data: {
    saleId,
    employeeId,
    amount,
    grossMargin: 0.25,
    productLine: 'crm',
    customerId: 'c',
    customerType: 'key_account',
    channel: 'direct',
    newCustomer: true,
    cycleDays: 12,
    closedAt,
  },
});
const pay = (saleId: string, employeeId: string, amount: number, collectedAt: string): DomainEvent => ({
  type: 'PaymentCollected',
  data: { paymentId: `p-${saleId}-${collectedAt}`, saleId, employeeId, amount, collectedAt },
});
const refund = (
  saleId: string,
  employeeId: string,
  paidAt: string,
  amount: number,
  refundedAt: string,
): DomainEvent => ({
  type: 'PaymentRefunded',
  data: { paymentId: `p-${saleId}-${paidAt}`, saleId, employeeId, amount, reason: 'returned', refundedAt },
});
const fold = (events: DomainEvent[]) =>
  factsFromEvents(events.map((event, i) => ({ position: BigInt(i + 1), event })));

describe('the facts fold', () => {
  it('counts payments against the month’s sales dated by the month’s end, at most each sale’s amount', () => {
    const state = fold([
      hire('e1'),
      sale('s1', 'e1', 100_000, '2026-03-10T09:00:00+08:00'),
      sale('s2', 'e1', 50_000, '2026-03-20'),
      pay('s1', 'e1', 70_000, '2026-03-15'),
      pay('s1', 'e1', 30_000, '2026-04-01'), // after March's end
      pay('s2', 'e1', 50_000, '2026-03-31'),
      {
        type: 'SaleCorrected',
        data: {
          saleId: 's2',
          employeeId: 'e1',
          amount: 40_000,
          grossMargin: 0.5,
          reason: 'typo',
          correctedAt: '2026-04-02',
        },
      },
    ]);
    const march = state.people.e1?.months['2026-03']?.facts;
    expect(march).toMatchObject({
      salesAmount: 140_000,
      deals: 2,
      collectedAmount: 110_000, // 70,000 + min(50,000, 40,000)
      keyAccountSalesAmount: 140_000,
      grossMarginAmount: 25_000 + 20_000,
      newCustomers: 2,
      salesCycleDays: [12, 12],
      weeks: 31 / 7,
    });
    expect(state.people.e1?.months['2026-04']).toBeUndefined();
  });

  it('takes refunds dated by the sale’s month’s end off its collection; later ones leave the month as it was', () => {
    // Given a sale of 1,000,000 fen closed 2025-03-03 and 600,000 paid on 03-10,
    const given = [
      hire('e1'),
      sale('s1', 'e1', 1_000_000, '2025-03-03'),
      pay('s1', 'e1', 600_000, '2025-03-10'),
    ];
    // when 200,000 of it is refunded on 03-20,
    const march = fold([...given, refund('s1', 'e1', '2025-03-10', 200_000, '2025-03-20')]);
    // then March has collected 400,000.
    expect(march.people.e1?.months['2025-03']?.facts.collectedAmount).toBe(400_000);
    expect(march.sales.s1?.paidByPeriodEnd).toBe(400_000);
    // A further refund dated in April does not change March (as a payment in April would not).
    const april = fold([
      ...given,
      refund('s1', 'e1', '2025-03-10', 200_000, '2025-03-20'),
      refund('s1', 'e1', '2025-03-10', 100_000, '2025-04-02'),
    ]);
    expect(april.people.e1?.months['2025-03']?.facts.collectedAmount).toBe(400_000);
    expect(april.sales.s1?.paidByPeriodEnd).toBe(400_000);
    expect(april.people.e1?.months['2025-04']).toBeUndefined();
    // The refund moves the fold's clock like any dated fact.
    expect(april.global.clock).toBe('2025-04-02');
  });

  it('marks the sale’s month touched by a refund dated by its end, with the refund’s position', () => {
    const state = fold([
      hire('e1'),
      sale('s1', 'e1', 1_000_000, '2025-03-03'),
      pay('s1', 'e1', 600_000, '2025-03-10'),
    ]);
    const touched = newTouched();
    applyFactsEvent(
      state,
      { position: 9n, event: refund('s1', 'e1', '2025-03-10', 600_000, '2025-03-31T23:00:00+08:00') },
      touched,
    );
    expect(touched.months.get('e1')).toEqual(new Set(['2025-03']));
    expect(touched.sales).toEqual(new Set(['s1']));
    expect(state.people.e1?.months['2025-03']).toMatchObject({
      position: '9',
      facts: { collectedAmount: 0 },
    });
  });

  it('takes a reversed sale out of its month, its collection and its mentor’s credit', () => {
    const state = fold([
      hire('m1'),
      hire('n1', { hiredAt: '2026-02-02', probationEnd: '2026-05-01' }),
      { type: 'MentorAssigned', data: { menteeId: 'n1', mentorId: 'm1', at: '2026-02-02' } },
      sale('s1', 'n1', 10_000, '2026-02-10'),
      sale('s2', 'n1', 20_000, '2026-02-11'),
      pay('s2', 'n1', 20_000, '2026-02-12'),
      { type: 'ProbationPassed', data: { employeeId: 'n1', at: '2026-02-20' } },
      sale('s3', 'n1', 5_000, '2026-02-21'), // no longer on probation: not a mentee deal
      {
        type: 'SaleReversed',
        data: { saleId: 's2', employeeId: 'n1', reason: 'void', reversedAt: '2026-03-02' },
      },
    ]);
    expect(state.people.n1?.months['2026-02']?.facts).toMatchObject({
      salesAmount: 15_000,
      deals: 2,
      collectedAmount: 0,
    });
    expect(state.people.m1?.menteeClosedDeals).toBe(1);
    expect(state.teams.t1?.months['2026-02']).toBe(15_000);
  });

  it('scores a month under the policy in force at its last change', () => {
    const v2 = { ...DEFAULT_SCORING_POLICY, version: 2 };
    const state = fold([
      hire('e1'),
      sale('s1', 'e1', 10_000, '2026-03-02'),
      { type: 'ScoringPolicyPublished', data: { policy: v2 } },
      sale('s2', 'e1', 10_000, '2026-04-02'),
    ]);
    expect([
      scoreOf(state, 'e1', '2026-03')?.breakdown.policy,
      scoreOf(state, 'e1', '2026-03')?.policySource,
    ]).toEqual([{ id: 'scoring-demo', version: 1 }, 'default']);
    expect(scoreOf(state, 'e1', '2026-04')?.policySource).toBe('published');
    expect(scoreOf(state, 'e1', '2026-04')?.position).toBe('4');
  });

  it('judges a candidate on the latest month ended by the clock, with a year of sales and the team’s growth', () => {
    const state = fold([
      hire('e1', { hiredAt: '2024-03-01' }),
      sale('s0', 'e1', 10_000, '2025-02-10'), // a year before the evaluated quarter
      sale('s1', 'e1', 30_000, '2025-03-10'), // 12 months before March 2026: outside the year
      sale('s2', 'e1', 40_000, '2026-02-10'),
      sale('s3', 'e1', 50_000, '2026-03-10'),
      { type: 'CustomerFollowUpLogged', data: { employeeId: 'e1', customerId: 'c', at: '2026-04-02' } },
    ]);
    const c = candidateRecord(state, 'e1');
    expect(c?.month).toBe('2026-03');
    expect(c?.record).toMatchObject({ annualSales: 90_000, teamSalesGrowth: 90_000 / 40_000 - 1 });
    expect(c?.record.experienceMonths).toBeCloseTo(761 / ((7 * 52) / 12), 12);
  });

  it('marks every eligibility when the evaluated month moves, every risk when the week moves', () => {
    const state = emptyFactsState();
    const step = (event: DomainEvent, position: number) => {
      const t = newTouched();
      applyFactsEvent(state, { position: BigInt(position), event }, t);
      return [t.allEligibility, t.allRetention];
    };
    expect(step(hire('e1'), 1)).toEqual([false, false]);
    expect(step(sale('s1', 'e1', 1, '2026-03-03'), 2)).toEqual([true, true]);
    expect(step(sale('s2', 'e1', 1, '2026-03-04'), 3)).toEqual([false, false]);
    expect(step(sale('s3', 'e1', 1, '2026-03-30'), 4)).toEqual([false, true]);
    expect(step(sale('s4', 'e1', 1, '2026-03-31'), 5)).toEqual([true, false]);
    expect(step(sale('s5', 'e1', 1, '2026-03-01'), 6)).toEqual([false, false]); // the clock never goes back
  });

  it('has a calendar of business dates as written', () => {
    expect([weekOf('1970-01-05'), weekOf('1970-01-11'), weekOf('1970-01-12')]).toEqual([0, 0, 1]);
    expect(weekOf('2026-03-23T23:30:00-05:00')).toBe(weekOf('2026-03-23'));
    expect([
      evaluatedMonth('2026-03-31'),
      evaluatedMonth('2026-04-01'),
      evaluatedMonth('2026-01-15'),
    ]).toEqual(['2026-03', '2026-03', '2025-12']);
    expect([monthEnd('2024-02'), monthEnd('2026-12')]).toEqual(['2024-02-29', '2026-12-31']);
  });
});
