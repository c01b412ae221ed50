import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currentVersion, parseEvent } from '../catalog.ts';
import type { ExamplesOf } from '../core/spec.ts';
import { itParsesEveryExample } from '../eventExamples.ts';
import { type SalesEvent, yuanTextToFen } from './events.ts';

const at = '2026-03-02T10:00:00Z';
const examples: ExamplesOf<SalesEvent> = {
  SaleClosed: {
    saleId: 's1',
    employeeId: 'e1',
    amount: 1_234_567,
    grossMargin: 0.3,
    productLine: 'software',
    customerId: 'c1',
    customerType: 'key_account',
    channel: 'channel_partner',
    newCustomer: true,
    cycleDays: 21,
    closedAt: at,
  },
  SaleReversed: { saleId: 's1', employeeId: 'e1', reason: 'order withdrawn', reversedAt: at },
  SaleCorrected: {
    saleId: 's1',
    employeeId: 'e1',
    amount: 900_000,
    grossMargin: 0.25,
    reason: 'typo',
    correctedAt: at,
  },
  PaymentCollected: {
    paymentId: 'p1',
    saleId: 's1',
    employeeId: 'e1',
    amount: 600_000,
    collectedAt: '2026-03-10',
  },
  PaymentRefunded: {
    paymentId: 'p1',
    saleId: 's1',
    employeeId: 'e1',
    amount: 50_000,
    reason: '客户退货 returned goods',
    refundedAt: '2025-03-20T10:00:00Z',
  },
  CommissionLineDisputed: {
    disputeId: 'd1',
    saleId: 's1',
    paymentId: 'p1',
    employeeId: 'e1',
    comment: '这笔回款应按 5% 计提 should be paid at 5%',
    at: '2025-04-02T09:00:00Z',
  },
  CommissionDisputeResolved: {
    disputeId: 'd1',
    saleId: 's1',
    paymentId: 'p1',
    employeeId: 'e1',
    outcome: 'accepted',
    amount: 1_200,
    reason: 'tier boundary misapplied',
    at: '2025-04-05T09:00:00Z',
  },
  OpportunityCreated: { employeeId: 'e1', opportunityId: 'o1', customerId: 'c1', at },
  DemoGiven: { employeeId: 'e1', customerId: 'c1', source: 'mobile', at },
  CustomerFollowUpLogged: { employeeId: 'e1', customerId: 'c1', kind: 'visit', source: 'mobile', at },
  CustomerRetained: { employeeId: 'e1', customerId: 'c1', at },
  CustomerChurned: { employeeId: 'e1', customerId: 'c1', at },
  CustomerFeedbackGiven: { employeeId: 'e1', customerId: 'c1', rating: 4.5, comment: '响应很快', at },
  ExpenseRecorded: { employeeId: 'e1', expenseId: 'x1', amount: 12_000, category: 'travel', at },
};

/** A SaleClosed as the first CRM connector stored it (schema version 1). */
const storedV1 = {
  saleId: 's1',
  employeeId: 'e1',
  amountYuan: '12345.67',
  grossMargin: 0.3,
  productLine: 'software',
  customerId: 'c1',
  closedAt: '2025-12-01T10:00:00Z',
};

describe('sales events (CRM, ERP)', () => {
  itParsesEveryExample(examples);

  it('reads follow-ups and demos stored before the source and kind existed, at version 1', () => {
    const old = { employeeId: 'e1', customerId: 'c1', at };
    expect(parseEvent('CustomerFollowUpLogged', 1, old)).toEqual({
      type: 'CustomerFollowUpLogged',
      data: old,
    });
    expect(parseEvent('DemoGiven', 1, old)).toEqual({ type: 'DemoGiven', data: old });
    expect(currentVersion('CustomerFollowUpLogged')).toBe(1);
    expect(() => parseEvent('DemoGiven', 1, { ...old, source: 'fax' })).toThrow(/^DemoGiven v1: source: /);
  });
  it('SaleClosed is at version 2', () => {
    expect(currentVersion('SaleClosed')).toBe(2);
  });
  it('upcasts SaleClosed v1 (yuan as text, no channel) to v2 with the connector defaults', () => {
    expect(parseEvent('SaleClosed', 1, storedV1)).toEqual({
      type: 'SaleClosed',
      data: {
        saleId: 's1',
        employeeId: 'e1',
        amount: 1_234_567,
        grossMargin: 0.3,
        productLine: 'software',
        customerId: 'c1',
        customerType: 'smb',
        channel: 'direct',
        newCustomer: false,
        cycleDays: 0,
        closedAt: '2025-12-01T10:00:00Z',
      },
    });
  });
  it('converts yuan text to fen exactly', () => {
    expect(yuanTextToFen('0.01')).toBe(1);
    expect(yuanTextToFen('12345.6')).toBe(1_234_560);
    expect(yuanTextToFen('1.10')).toBe(110);
    expect(yuanTextToFen('7')).toBe(700);
    // 0.29 * 100 is 28.999999999999996 in floating point: exact parsing must not lose the fen.
    expect(yuanTextToFen('0.29')).toBe(29);
  });
  it('refuses a v1 payload it cannot upcast, naming the step and the field', () => {
    expect(() => parseEvent('SaleClosed', 1, { ...storedV1, amountYuan: '12,345' })).toThrow(
      /^SaleClosed v1: cannot upcast to v2: amountYuan: must be yuan with at most two decimals$/,
    );
    expect(() => parseEvent('SaleClosed', 1, { ...storedV1, amountYuan: '0' })).toThrow(
      /^SaleClosed v1: amount: must be greater than 0$/,
    );
  });
  it('refuses unknown versions and types', () => {
    expect(() => parseEvent('SaleClosed', 3, examples.SaleClosed)).toThrow(
      /SaleClosed: schema version 3 is not known \(current is 2\)/,
    );
    expect(() => parseEvent('SaleClosed', 0, examples.SaleClosed)).toThrow(/schema version 0 is not known/);
    expect(() => parseEvent('SaleMade', 1, {})).toThrow(/unknown event type "SaleMade"/);
  });
  it('refuses money that is not whole positive fen', () => {
    expect(() => parseEvent('PaymentCollected', 1, { ...examples.PaymentCollected, amount: -5 })).toThrow(
      /^PaymentCollected v1: amount: must be greater than 0$/,
    );
    expect(() => parseEvent('ExpenseRecorded', 1, { ...examples.ExpenseRecorded, amount: 12.5 })).toThrow(
      /ExpenseRecorded v1: amount: must be whole fen/,
    );
    expect(() => parseEvent('SaleCorrected', 1, { ...examples.SaleCorrected, grossMargin: 1.5 })).toThrow(
      /SaleCorrected v1: grossMargin: must be from 0 to 1/,
    );
    expect(() =>
      parseEvent('CustomerFeedbackGiven', 1, { ...examples.CustomerFeedbackGiven, rating: 6 }),
    ).toThrow(/CustomerFeedbackGiven v1: rating: must be from 1 to 5/);
  });

  it('property: every stored v1 SaleClosed upcasts to a valid v2 with the same amount in fen', () => {
    const id = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() === s && s.length > 0);
    const yuan = fc
      .tuple(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.constantFrom('', '.', '.0', '.00', '.5', '.05', '.99'),
      )
      .map(([whole, fraction]) => (fraction === '.' ? `${whole}` : `${whole}${fraction}`))
      .filter((text) => yuanTextToFen(text) > 0);
    const date = fc
      .date({
        min: new Date('2015-01-01T00:00:00Z'),
        max: new Date('2035-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
    fc.assert(
      fc.property(
        id,
        id,
        yuan,
        fc.double({ min: 0, max: 1, noNaN: true }),
        id,
        id,
        date,
        (saleId, employeeId, amountYuan, grossMargin, productLine, customerId, closedAt) => {
          const parsed = parseEvent('SaleClosed', 1, {
            saleId,
            employeeId,
            amountYuan,
            grossMargin,
            productLine,
            customerId,
            closedAt,
          });
          const [whole = '', fraction = ''] = amountYuan.split('.');
          expect(parsed).toEqual({
            type: 'SaleClosed',
            data: expect.objectContaining({
              saleId,
              amount: Number(whole) * 100 + Number(fraction.padEnd(2, '0')),
              channel: 'direct',
            }),
          });
        },
      ),
    );
  });
});
