import { z } from 'zod';
import { defineEvent, type EventOf } from '../core/catalog.ts';
import { isoTime, month } from '../core/schemas.ts';

/**
 * Commission payout periods, stream `commission-periods`: HR (or finance) closes the calendar
 * months commission is paid for, in order. Closing a month locks it and every earlier month
 * still open: one statement per person is drawn for each, and anything recorded later that
 * concerns a locked month is paid in the first open month as an adjustment.
 */
export const CommissionPeriodClosed = defineEvent(
  'CommissionPeriodClosed',
  z.object({
    /** `YYYY-MM`: the last month the close locks (every earlier open month is locked with it). */
    month,
    at: isoTime,
  }),
);

export const commissionEvents = [CommissionPeriodClosed] as const;
export type CommissionEvent = EventOf<typeof commissionEvents>;

/** The one stream of the company's commission payout periods. */
export const COMMISSION_PERIODS_STREAM = 'commission-periods';
