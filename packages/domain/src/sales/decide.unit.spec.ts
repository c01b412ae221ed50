import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/errors.ts';
import { commandsWith, spec } from '../core/spec.ts';
import type { CommandMetadata, EmployeeContext } from '../core/types.ts';
import type { SalesCommand } from './commands.ts';
import { saleDecider } from './decide.ts';
import type { SaleEvent } from './events.ts';
import { openBalance } from './state.ts';

const metadata: CommandMetadata = {
  commandId: 'c',
  at: '2026-03-02T10:00:00Z',
  actor: 'system:crm',
  source: 'crm',
};
const cmd = commandsWith<SalesCommand>(metadata);
const active: EmployeeContext = { employeeId: 'e1', status: 'active' };
const closedData = {
  saleId: 's1',
  employeeId: 'e1',
  amount: 1_000_000,
  grossMargin: 0.3,
  productLine: 'software',
  customerId: 'c1',
  customerType: 'smb' as const,
  channel: 'direct' as const,
  newCustomer: true,
  cycleDays: 21,
  closedAt: '2026-03-02T10:00:00Z',
};
const closed: SaleEvent = { type: 'SaleClosed', data: closedData };
const paid = (paymentId: string, amount: number): SaleEvent => ({
  type: 'PaymentCollected',
  data: { paymentId, saleId: 's1', employeeId: 'e1', amount, collectedAt: '2026-03-10' },
});
const reverseData = { saleId: 's1', reason: 'cancelled', reversedAt: '2026-03-05' };
const reversed: SaleEvent = { type: 'SaleReversed', data: { ...reverseData, employeeId: 'e1' } };
const correctData = (amount: number) => ({
  saleId: 's1',
  amount,
  grossMargin: 0.25,
  reason: 'typo',
  correctedAt: '2026-03-06',
});
const corrected = (amount: number): SaleEvent => ({
  type: 'SaleCorrected',
  data: { ...correctData(amount), employeeId: 'e1' },
});
const collect = (paymentId: string, amount: number) =>
  cmd('CollectPayment', { paymentId, saleId: 's1', amount, collectedAt: '2026-03-10' });
const sale = spec(saleDecider);

/** Every command on an existing sale, for the rules they share. */
const onExisting: SalesCommand[] = [
  cmd('ReverseSale', reverseData),
  cmd('CorrectSale', correctData(900_000)),
  collect('p1', 1),
];

describe('sale decider (stream sale-<id>)', () => {
  it.each(onExisting.map((c) => [c.type, c] as const))('%s: refuses an unknown sale', (_, command) => {
    sale
      .given([])
      .when(command, {})
      .thenThrows('NOT_FOUND', /^sale s1 is not known$/);
  });
  it.each(onExisting.map((c) => [c.type, c] as const))('%s: refuses a reversed sale', (_, command) => {
    sale
      .given([closed, reversed])
      .when(command, {})
      .thenThrows('ILLEGAL_STATE', /^sale s1 was reversed$/);
  });

  describe('CloseSale', () => {
    it('closes a sale for an active seller', () => {
      sale.given([]).when(cmd('CloseSale', closedData), { employee: active }).thenEvents([closed]);
    });
    it('refuses to record the same sale twice', () => {
      sale
        .given([closed])
        .when(cmd('CloseSale', closedData), { employee: active })
        .thenThrows('ILLEGAL_STATE', /sale s1 is already recorded/);
    });
    it('refuses an unknown seller', () => {
      sale
        .given([])
        .when(cmd('CloseSale', closedData), {})
        .thenThrows('NOT_FOUND', /^seller e1 is not known$/);
      sale
        .given([])
        .when(cmd('CloseSale', closedData), { employee: { employeeId: 'e1', status: 'unknown' } })
        .thenThrows('NOT_FOUND', /^seller e1 is not known$/);
    });
    it('refuses a seller who left', () => {
      sale
        .given([])
        .when(cmd('CloseSale', closedData), { employee: { employeeId: 'e1', status: 'departed' } })
        .thenThrows('ILLEGAL_STATE', /^seller e1 has left the company$/);
    });
    it('refuses a context loaded for someone else', () => {
      sale
        .given([])
        .when(cmd('CloseSale', closedData), { employee: { employeeId: 'e2', status: 'active' } })
        .thenThrows('VALIDATION', /context is for seller e2, but the command names e1/);
    });
  });

  describe('CollectPayment (回款)', () => {
    it('collects payments up to the open balance, exactly', () => {
      sale
        .given([closed])
        .when(collect('p1', 600_000), {})
        .thenEvents([paid('p1', 600_000)]);
      sale
        .given([closed, paid('p1', 600_000)])
        .when(collect('p2', 400_000), {})
        .thenEvents([paid('p2', 400_000)]);
    });
    it('refuses a payment above the open balance', () => {
      sale
        .given([closed, paid('p1', 600_000)])
        .when(collect('p2', 400_001), {})
        .thenThrows('ILLEGAL_STATE', /above the open balance of sale s1 \(400000 fen of 1000000\)/);
    });
    it('measures the open balance against the corrected amount', () => {
      sale
        .given([closed, corrected(700_000), paid('p1', 600_000)])
        .when(collect('p2', 100_001), {})
        .thenThrows('ILLEGAL_STATE', /\(100000 fen of 700000\)/);
    });
    it('refuses the same payment twice', () => {
      sale
        .given([closed, paid('p1', 600_000)])
        .when(collect('p1', 1), {})
        .thenThrows('ILLEGAL_STATE', /payment p1 is already recorded on sale s1/);
    });
  });

  describe('ReverseSale', () => {
    it('reverses a sale, naming its seller', () => {
      sale.given([closed]).when(cmd('ReverseSale', reverseData), {}).thenEvents([reversed]);
    });
  });

  describe('CorrectSale', () => {
    it('corrects the amount and margin, naming the seller', () => {
      sale
        .given([closed])
        .when(cmd('CorrectSale', correctData(900_000)), {})
        .thenEvents([corrected(900_000)]);
    });
    it('refuses to correct below what was already collected', () => {
      sale
        .given([closed, paid('p1', 950_000)])
        .when(cmd('CorrectSale', correctData(900_000)), {})
        .thenThrows('ILLEGAL_STATE', /cannot be corrected to 900000 fen: 950000 fen are already collected/);
    });
  });

  it('property: whatever payments arrive, the collected sum never exceeds the sale', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50_000_000 }),
        fc.array(fc.integer({ min: 1, max: 20_000_000 }), { maxLength: 30 }),
        (amount, payments) => {
          let state = saleDecider.evolve(saleDecider.initialState, {
            type: 'SaleClosed',
            data: { ...closedData, amount },
          });
          let accepted = 0;
          payments.forEach((p, i) => {
            try {
              for (const e of saleDecider.decide(collect(`p${i}`, p), state, {}))
                state = saleDecider.evolve(state, e);
              accepted += p;
            } catch (error) {
              expect(error).toBeInstanceOf(DomainError);
              expect(p).toBeGreaterThan(amount - accepted);
            }
          });
          expect(state.collected).toBe(accepted);
          expect(openBalance(state)).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe('refunds and commission disputes on a sale', () => {
  const refund = (amount: number, paymentId = 'p1') =>
    cmd('RefundPayment', {
      paymentId,
      saleId: 's1',
      amount,
      reason: 'goods returned',
      refundedAt: '2026-03-20',
    });
  const refunded = (amount: number): SaleEvent => ({
    type: 'PaymentRefunded',
    data: {
      paymentId: 'p1',
      saleId: 's1',
      employeeId: 'e1',
      amount,
      reason: 'goods returned',
      refundedAt: '2026-03-20',
    },
  });
  const dispute = cmd('DisputeCommissionLine', {
    disputeId: 'd1',
    saleId: 's1',
    paymentId: 'p1',
    comment: 'paid at 3%, should be 5%',
  });
  const disputed: SaleEvent = {
    type: 'CommissionLineDisputed',
    data: {
      disputeId: 'd1',
      saleId: 's1',
      paymentId: 'p1',
      employeeId: 'e1',
      comment: 'paid at 3%, should be 5%',
      at: metadata.at,
    },
  };
  const resolve = (outcome: 'accepted' | 'rejected', amount: number) =>
    cmd('ResolveCommissionDispute', { disputeId: 'd1', saleId: 's1', outcome, amount, reason: 'checked' });

  it('refunds part of a payment, naming the seller, and reopens the balance', () => {
    sale
      .given([closed, paid('p1', 400_000)])
      .when(refund(150_000), {})
      .thenEvents([refunded(150_000)]);
    const state = [closed, paid('p1', 400_000), refunded(150_000)].reduce(
      saleDecider.evolve,
      saleDecider.initialState,
    );
    expect(openBalance(state)).toBe(750_000);
  });

  it('refuses a refund above what is still held of the payment, or of an unknown payment', () => {
    sale
      .given([closed, paid('p1', 400_000), refunded(300_000)])
      .when(refund(100_001), {})
      .thenThrows('ILLEGAL_STATE', /100001 fen is more than the 100000 fen still held/);
    sale
      .given([closed, paid('p1', 400_000)])
      .when(refund(1, 'p9'), {})
      .thenThrows('NOT_FOUND', /payment p9/);
  });

  it('records a dispute by the seller, once per open line', () => {
    sale
      .given([closed, paid('p1', 400_000)])
      .when(dispute, {})
      .thenEvents([disputed]);
    sale
      .given([closed, paid('p1', 400_000), disputed])
      .when(cmd('DisputeCommissionLine', { ...dispute.data, disputeId: 'd2' }), {})
      .thenThrows('ILLEGAL_STATE', /already has an open dispute \(d1\)/);
  });

  it('resolves a dispute once: accepted pays a correction, rejected pays nothing', () => {
    sale
      .given([closed, paid('p1', 400_000), disputed])
      .when(resolve('accepted', 8_000), {})
      .thenEvents([
        {
          type: 'CommissionDisputeResolved',
          data: {
            disputeId: 'd1',
            saleId: 's1',
            paymentId: 'p1',
            employeeId: 'e1',
            outcome: 'accepted',
            amount: 8_000,
            reason: 'checked',
            at: metadata.at,
          },
        },
      ]);
    sale
      .given([closed, paid('p1', 400_000), disputed])
      .when(resolve('accepted', 0), {})
      .thenThrows('ILLEGAL_STATE', /must not be 0/);
    sale
      .given([closed, paid('p1', 400_000), disputed])
      .when(resolve('rejected', 5), {})
      .thenThrows('ILLEGAL_STATE', /must be 0/);
    const resolved: SaleEvent = {
      type: 'CommissionDisputeResolved',
      data: { ...disputed.data, outcome: 'rejected', amount: 0, reason: 'checked', at: metadata.at },
    };
    sale
      .given([closed, paid('p1', 400_000), disputed, resolved])
      .when(resolve('rejected', 0), {})
      .thenThrows('ILLEGAL_STATE', /already resolved/);
  });
});
