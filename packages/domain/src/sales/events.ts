import { z } from 'zod';
import { defineEvent, type EventOf } from '../core/catalog.ts';
import { id, isoTime, positiveFen, rating5, text } from '../core/schemas.ts';

/**
 * Sales: the CRM (deals, opportunities, demos, follow-ups, customer retention and feedback) and
 * the ERP (payment collection, expenses). Money is integer fen (分, 1/100 yuan), see `Fen`.
 *
 * Two kinds of events: those of a sale, on the stream `sale-<saleId>` (`saleEvents`), and
 * one-off facts about a rep's selling activity, on the rep's monthly activity stream
 * (`salesActivityEvents`, see ../streams.ts).
 */
export const CUSTOMER_TYPES = ['key_account', 'smb', 'individual'] as const;
/** Sold directly by our rep, or through a channel partner (渠道, a reseller). */
export const CHANNELS = ['direct', 'channel_partner'] as const;

/** Gross margin as a fraction of the amount, 0–1. */
const grossMargin = z.number().min(0, 'must be from 0 to 1').max(1, 'must be from 0 to 1');

const saleClosedV2 = z.object({
  saleId: id,
  employeeId: id,
  /** Order amount in fen. */
  amount: positiveFen,
  grossMargin,
  productLine: id,
  customerId: id,
  customerType: z.enum(CUSTOMER_TYPES),
  channel: z.enum(CHANNELS),
  /** The customer bought from us for the first time (a "new customer" KPI). */
  newCustomer: z.boolean(),
  /** Days from first contact to close (sales cycle length). */
  cycleDays: z.number().int().nonnegative(),
  closedAt: isoTime,
});

/**
 * Version 1, from the first CRM connector: the amount as a string of yuan (`"12345.67"`), and
 * no channel, customer type, new-customer flag or cycle length.
 */
const saleClosedV1 = z.looseObject({
  amountYuan: z.string().regex(/^\d+(\.\d{1,2})?$/, 'must be yuan with at most two decimals'),
});

/** `"12345.6"` yuan → 1234560 fen, exactly (no floating point on the way). */
export function yuanTextToFen(yuan: string): number {
  const [whole = '0', fraction = ''] = yuan.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/**
 * A deal closed in the CRM. Stored v1 events are upcast with the defaults that connector
 * implied: a direct sale to an existing SMB customer, cycle length unknown (0).
 */
export const SaleClosed = defineEvent('SaleClosed', saleClosedV2, {
  version: 2,
  upcasters: {
    1: (data) => {
      const { amountYuan, ...rest } = saleClosedV1.parse(data);
      return {
        channel: 'direct',
        customerType: 'smb',
        newCustomer: false,
        cycleDays: 0,
        ...rest,
        amount: yuanTextToFen(amountYuan),
      };
    },
  },
});
/** The sale was cancelled (order withdrawn, contract void); it no longer counts. */
export const SaleReversed = defineEvent(
  'SaleReversed',
  z.object({ saleId: id, employeeId: id, reason: text.min(1), reversedAt: isoTime }),
);
/** The recorded amount or margin of a sale was wrong and is replaced. */
export const SaleCorrected = defineEvent(
  'SaleCorrected',
  z.object({
    saleId: id,
    employeeId: id,
    amount: positiveFen,
    grossMargin,
    reason: text.min(1),
    correctedAt: isoTime,
  }),
);
/**
 * Payment collected (回款) against a sale, recorded by the ERP. A sale is only fully earned
 * when collected; the collection rate (回款率) is collected ÷ sold over a period.
 */
export const PaymentCollected = defineEvent(
  'PaymentCollected',
  z.object({
    paymentId: id,
    saleId: id,
    employeeId: id,
    amount: positiveFen,
    collectedAt: isoTime,
    reason: text
      .min(1, 'must not be empty')
      .optional()
      .describe(
        'Why the payment is recorded by hand (HR must say, e.g. paid in cash); absent for the ERP’s own records.',
      ),
  }),
);

/**
 * Part or all of a collected payment was paid back to the customer, recorded by the ERP (or by
 * HR with the reason). The payment stays in the ledger; what it earned is clawed back in
 * proportion. A payment recorded with too high an amount is corrected the same way.
 */
export const PaymentRefunded = defineEvent(
  'PaymentRefunded',
  z.object({
    paymentId: id,
    saleId: id,
    employeeId: id,
    /** The amount paid back (fen), at most what is still held of the payment. */
    amount: positiveFen,
    reason: text.min(1, 'must not be empty'),
    refundedAt: isoTime.describe('When the money went back to the customer (business time).'),
  }),
);

/** Whether HR accepted a commission dispute (an adjustment follows) or rejected it (with the reason). */
export const DISPUTE_OUTCOMES = ['accepted', 'rejected'] as const;

/** A sales rep disputes the commission of one of their payments (a ledger line), with a comment. */
export const CommissionLineDisputed = defineEvent(
  'CommissionLineDisputed',
  z.object({
    disputeId: id.describe('Your id for the dispute, unique per sale (e.g. the rep’s request number).'),
    saleId: id,
    paymentId: id,
    employeeId: id,
    comment: text.min(1, 'must not be empty'),
    at: isoTime,
  }),
);

/**
 * HR resolved a commission dispute: accepted, with the correction it pays (fen, positive when
 * the rep was underpaid, negative when overpaid; counted in the month of the resolution, or the first open one when that is locked), or
 * rejected, with the reason.
 */
export const CommissionDisputeResolved = defineEvent(
  'CommissionDisputeResolved',
  z.object({
    disputeId: id.describe('The dispute resolved.'),
    saleId: id,
    paymentId: id,
    employeeId: id,
    outcome: z.enum(DISPUTE_OUTCOMES),
    /** The correction paid for an accepted dispute (fen, not 0); 0 for a rejected one. */
    amount: z.number().int('must be whole fen'),
    reason: text.min(1, 'must not be empty'),
    at: isoTime,
  }),
);

/** A qualified sales opportunity (商机) was opened in the CRM. */
export const OpportunityCreated = defineEvent(
  'OpportunityCreated',
  z.object({ employeeId: id, opportunityId: id, customerId: id, at: isoTime }),
);
/**
 * Where an activity was logged: `mobile` when the rep logged it from their phone (the
 * dashboard's phone layout); absent for the CRM's own records and events stored before it existed.
 */
export const ACTIVITY_SOURCES = ['crm', 'mobile'] as const;
const activitySource = z.enum(ACTIVITY_SOURCES).optional();
/** What a follow-up was, when known: a call, a visit (拜访) or a message. */
export const FOLLOW_UP_KINDS = ['call', 'visit', 'message'] as const;

/** A product demonstration to a customer. */
export const DemoGiven = defineEvent(
  'DemoGiven',
  z.object({ employeeId: id, customerId: id, source: activitySource, at: isoTime }),
);
/** A logged customer follow-up (跟进): a call, visit or message recorded in the CRM or from a phone. */
export const CustomerFollowUpLogged = defineEvent(
  'CustomerFollowUpLogged',
  z.object({
    employeeId: id,
    customerId: id,
    kind: z.enum(FOLLOW_UP_KINDS).optional(),
    source: activitySource,
    at: isoTime,
  }),
);
/** A customer due for renewal or repeat purchase bought again (counts toward retention rate). */
export const CustomerRetained = defineEvent(
  'CustomerRetained',
  z.object({ employeeId: id, customerId: id, at: isoTime }),
);
/** A customer due for renewal or repeat purchase was lost. */
export const CustomerChurned = defineEvent(
  'CustomerChurned',
  z.object({ employeeId: id, customerId: id, at: isoTime }),
);
/** A customer's satisfaction rating of the rep, 1–5. */
export const CustomerFeedbackGiven = defineEvent(
  'CustomerFeedbackGiven',
  z.object({ employeeId: id, customerId: id, rating: rating5, comment: text.optional(), at: isoTime }),
);
/** A selling expense (travel, entertainment…) booked in the ERP; feeds the expense-control KPI. */
export const ExpenseRecorded = defineEvent(
  'ExpenseRecorded',
  z.object({ employeeId: id, expenseId: id, amount: positiveFen, category: id, at: isoTime }),
);

export const saleEvents = [
  SaleClosed,
  SaleReversed,
  SaleCorrected,
  PaymentCollected,
  PaymentRefunded,
  CommissionLineDisputed,
  CommissionDisputeResolved,
] as const;
export const salesActivityEvents = [
  OpportunityCreated,
  DemoGiven,
  CustomerFollowUpLogged,
  CustomerRetained,
  CustomerChurned,
  CustomerFeedbackGiven,
  ExpenseRecorded,
] as const;
export const salesEvents = [...saleEvents, ...salesActivityEvents] as const;

/** The events of one sale's stream. */
export type SaleEvent = EventOf<typeof saleEvents>;
export type SalesActivityEvent = EventOf<typeof salesActivityEvents>;
export type SalesEvent = EventOf<typeof salesEvents>;
