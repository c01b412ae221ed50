import { describe, it } from 'vitest';
import { spec } from '../core/spec.ts';
import type { CommandMetadata, EmployeeContext } from '../core/types.ts';
import type { SalesCommand } from './commands.ts';
import { saleDecider } from './decide.ts';
import type { SalesEvent } from './events.ts';

const metadata: CommandMetadata = {
  commandId: 'c',
  at: '2026-03-02T10:00:00Z',
  actor: 'system:crm',
  source: 'crm',
};
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
const closed: SalesEvent = { type: 'SaleClosed', data: closedData };
const paid = (paymentId: string, amount: number): SalesEvent => ({
  type: 'PaymentCollected',
  data: { paymentId, saleId: 's1', employeeId: 'e1', amount, collectedAt: '2026-03-10' },
});
const reversed: SalesEvent = {
  type: 'SaleReversed',
  data: { saleId: 's1', employeeId: 'e1', reason: 'cancelled', reversedAt: '2026-03-05' },
};
const cmd = <C extends SalesCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata }) as C;
const sale = spec(saleDecider);

describe('sale decider', () => {
  it('closes a sale for an active employee, once', () => {
    sale.given([]).when(cmd('CloseSale', closedData), { employee: active }).thenEvents([closed]);
    sale
      .given([closed])
      .when(cmd('CloseSale', closedData), { employee: active })
      .thenThrows('ILLEGAL_STATE', /already recorded/);
    sale
      .given([])
      .when(cmd('CloseSale', closedData), {})
      .thenThrows('NOT_FOUND', /not known/);
    sale
      .given([])
      .when(cmd('CloseSale', closedData), { employee: { employeeId: 'e1', status: 'departed' } })
      .thenThrows('ILLEGAL_STATE', /has left the company/);
    sale
      .given([])
      .when(cmd('CloseSale', closedData), { employee: { employeeId: 'e2', status: 'active' } })
      .thenThrows('VALIDATION', /context is for employee e2, not e1/);
  });
  it('collects payments (回款) up to the open balance', () => {
    const collect = (paymentId: string, amount: number) =>
      cmd('CollectPayment', { paymentId, saleId: 's1', amount, collectedAt: '2026-03-10' });
    sale
      .given([closed])
      .when(collect('p1', 600_000), {})
      .thenEvents([paid('p1', 600_000)]);
    sale
      .given([closed, paid('p1', 600_000)])
      .when(collect('p2', 400_001), {})
      .thenThrows('ILLEGAL_STATE', /above the open balance of sale s1 \(400000 fen of 1000000\)/);
    sale
      .given([closed, paid('p1', 600_000)])
      .when(collect('p1', 1), {})
      .thenThrows('ILLEGAL_STATE', /already recorded/);
    sale
      .given([])
      .when(collect('p1', 1), {})
      .thenThrows('NOT_FOUND', /sale s1 is not known/);
    sale
      .given([closed, reversed])
      .when(collect('p1', 1), {})
      .thenThrows('ILLEGAL_STATE', /was reversed/);
  });
  it('reverses a sale once', () => {
    const reverse = cmd('ReverseSale', { saleId: 's1', reason: 'cancelled', reversedAt: '2026-03-05' });
    sale.given([closed]).when(reverse, {}).thenEvents([reversed]);
    sale
      .given([closed, reversed])
      .when(reverse, {})
      .thenThrows('ILLEGAL_STATE', /was reversed/);
    sale
      .given([])
      .when(reverse, {})
      .thenThrows('NOT_FOUND', /not known/);
  });
  it('corrects a sale, never below what was collected', () => {
    const correct = (amount: number) =>
      cmd('CorrectSale', {
        saleId: 's1',
        amount,
        grossMargin: 0.25,
        reason: 'typo',
        correctedAt: '2026-03-06',
      });
    sale
      .given([closed])
      .when(correct(900_000), {})
      .thenEvents([
        {
          type: 'SaleCorrected',
          data: {
            saleId: 's1',
            employeeId: 'e1',
            amount: 900_000,
            grossMargin: 0.25,
            reason: 'typo',
            correctedAt: '2026-03-06',
          },
        },
      ]);
    sale
      .given([closed, paid('p1', 950_000)])
      .when(correct(900_000), {})
      .thenThrows('ILLEGAL_STATE', /950000 fen are already collected/);
    sale
      .given([closed, reversed])
      .when(correct(1), {})
      .thenThrows('ILLEGAL_STATE', /was reversed/);
  });
});
