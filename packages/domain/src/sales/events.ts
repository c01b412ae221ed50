import { z } from 'zod';
import { defineEvent, type EventOf } from '../core/catalog.ts';
import { id, isoTime, positiveFen, text } from '../core/schemas.ts';

export const CUSTOMER_TYPES = ['key_account', 'smb', 'individual'] as const;
export const CHANNELS = ['direct', 'channel_partner'] as const;

const saleClosedV2 = z.object({
  saleId: id,
  employeeId: id,
  /** Order amount in fen. */
  amount: positiveFen,
  /** Gross margin as a fraction of the amount, 0–1. */
  grossMargin: z.number().min(0).max(1),
  productLine: id,
  customerId: id,
  customerType: z.enum(CUSTOMER_TYPES),
  /** Sold directly or through a channel partner (渠道). */
  channel: z.enum(CHANNELS),
  newCustomer: z.boolean(),
  /** Days from first contact to close (sales cycle length). */
  cycleDays: z.number().int().nonnegative(),
  closedAt: isoTime,
});

/**
 * Sales events (CRM) and payment collection (ERP), stream `sale-<saleId>`.
 * Version 1 of `SaleClosed`, from the first CRM connector, carried the amount as a string of
 * yuan and had no channel, customer type, new-customer flag or cycle length; it is upcast to
 * version 2 with the defaults that connector implied (direct sale to an existing SMB customer).
 */
export const SaleClosed = defineEvent('SaleClosed', saleClosedV2, {
  version: 2,
  upcasters: {
    1: (data) => {
      const v1 = z
        .object({ amountYuan: z.string().regex(/^\d+(\.\d{1,2})?$/) })
        .passthrough()
        .parse(data);
      const { amountYuan, ...rest } = v1;
      return {
        channel: 'direct',
        customerType: 'smb',
        newCustomer: false,
        cycleDays: 0,
        ...rest,
        amount: Math.round(Number(amountYuan) * 100),
      };
    },
  },
});
export const SaleReversed = defineEvent(
  'SaleReversed',
  z.object({ saleId: id, employeeId: id, reason: text.min(1), reversedAt: isoTime }),
);
export const SaleCorrected = defineEvent(
  'SaleCorrected',
  z.object({
    saleId: id,
    employeeId: id,
    amount: positiveFen,
    grossMargin: z.number().min(0).max(1),
    reason: text.min(1),
    correctedAt: isoTime,
  }),
);
/** Payment collected (回款) against a sale, recorded by the ERP. */
export const PaymentCollected = defineEvent(
  'PaymentCollected',
  z.object({ paymentId: id, saleId: id, employeeId: id, amount: positiveFen, collectedAt: isoTime }),
);

export const salesEvents = [SaleClosed, SaleReversed, SaleCorrected, PaymentCollected] as const;
export type SalesEvent = EventOf<typeof salesEvents>;

export const saleStream = (saleId: string) => `sale-${saleId}`;
