import type { CommandsOf } from '../core/types.ts';
import { CommissionPeriodClosed } from './events.ts';

/** Closes (locks) commission payout months up to `month`; the time comes from the command's metadata. */
export const CloseCommissionPeriodData = CommissionPeriodClosed.schema.omit({ at: true });

export const commissionCommandSchemas = {
  CloseCommissionPeriod: CloseCommissionPeriodData,
} as const;
export type CommissionCommand = CommandsOf<typeof commissionCommandSchemas>;
