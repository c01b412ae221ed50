import type { ColumnType, Insertable, Selectable } from 'kysely';

/** A `bigint` column of fen (or a position): read back as a string, written as a number. */
type BigintColumn = ColumnType<string, number | string, number | string>;

/** `read.commission_ledger`: one row per payment collected (回款), with the commission it earned. */
export interface CommissionLedgerTable {
  payment_id: string;
  sale_id: string;
  employee_id: string;
  /** `YYYY-MM` of `collectedAt`: the commission period whose tiers the payment counts towards. */
  month: string;
  collected_at: string;
  /** The payment (fen). */
  collected: BigintColumn;
  /** Collected by the employee in the month before this payment (fen). */
  collected_before: BigintColumn;
  /** Rate of the tier the payment's last fen fell in (a payment may straddle two tiers). */
  rate: number;
  /** Rounded cumulative commission after the payment − before it (fen), as `periodCommission`. */
  commission: BigintColumn;
  plan_id: string;
  plan_version: number;
  /** The sale was reversed: what it earned is clawed back by an adjustment line (commission_adjustments). */
  sale_reversed: ColumnType<boolean, boolean | undefined, boolean>;
  /** Global position of the payment; payments of a month count towards the tiers in this order. */
  position: BigintColumn;
  /**
   * `YYYY-MM`: the payout month the line is paid in: its own month, or the first open month when
   * its month was already locked when the payment was recorded.
   */
  payout_month: string;
}
export type CommissionLedgerRow = Selectable<CommissionLedgerTable>;
export type NewCommissionLedgerRow = Insertable<CommissionLedgerTable>;

/** `read.commission_summary`: one row per employee per month with a payment. */
export interface CommissionSummaryTable {
  employee_id: string;
  month: string;
  collected: BigintColumn;
  /** Total commission of the month (fen): the rounded tiered commission on `collected`. */
  commission: BigintColumn;
  payments: number;
  /** Payments of the month on sales reversed since, and the commission they earned (for review). */
  reversed_payments: ColumnType<number, number | undefined, number>;
  reversed_commission: ColumnType<string, number | string | undefined, number | string>;
  /** Adjustments recorded in this month (clawbacks, plan reprocessing), fen; payable = commission + adjustments. */
  adjustments: ColumnType<string, number | string | undefined, number | string>;
  /** The plan the month's latest payment was paid under. */
  plan_id: string;
  plan_version: number;
  updated_position: BigintColumn;
}
export type CommissionSummary = Selectable<CommissionSummaryTable>;
export type NewCommissionSummary = Insertable<CommissionSummaryTable>;

/** `read.commission_reversed_sales`: sales reversed, so later payments on them are flagged too. */
export interface CommissionReversedSalesTable {
  sale_id: string;
  reversed_at: string;
  position: BigintColumn;
}

/** `read.commission_plans`: every published commission plan version and the date it applies from. */
export interface CommissionPlansTable {
  plan_id: string;
  version: number;
  /** `YYYY-MM-DD`: the plan's `effectiveFrom`, or the date of its publication. */
  effective_from: string;
  /** The plan document as published (JSON). */
  document: ColumnType<unknown, string, string>;
  position: BigintColumn;
}

/** Why an adjustment was made. */
export type CommissionAdjustmentReason =
  | 'sale_reversed'
  | 'plan_reprocessed'
  | 'payment_refunded'
  | 'dispute_accepted';

/**
 * `read.commission_adjustments`: a correction of what a ledger line paid, recorded beside it
 * (the line is never rewritten): a clawback when its sale is reversed (in the month of the
 * reversal, at the rate the line was paid at), or the difference when a plan effective earlier
 * pays it again (in the line's own month, at the new plan's rate).
 */
export interface CommissionAdjustmentsTable {
  adjustment_id: string;
  employee_id: string;
  /** `YYYY-MM`: the period the adjustment counts in. */
  month: string;
  /** The ledger line it corrects. */
  payment_id: string;
  sale_id: string;
  reason: CommissionAdjustmentReason;
  /** Fen; negative for a clawback. */
  amount: BigintColumn;
  rate: number;
  /** The plan of the corrected line (clawback) or the plan now in force (reprocessing). */
  plan_id: string;
  plan_version: number;
  /** Business date of what caused it: the reversal's date, or the plan's effective date. */
  recorded_at: string;
  /** Global position of the event that caused it. */
  position: BigintColumn;
  /** The amount a refund paid back (fen); 0 for other reasons. */
  basis: ColumnType<string, number | string | undefined, number | string>;
  /**
   * `YYYY-MM`: the locked payout month of the line it corrects, when that month was locked
   * (the correction is then paid in a later, open month); null otherwise.
   */
  corrects_month: ColumnType<string | null, string | null | undefined, string | null>;
  /** The dispute whose acceptance it pays; null for other reasons. */
  dispute_id: ColumnType<string | null, string | null | undefined, string | null>;
}
export type CommissionAdjustment = Selectable<CommissionAdjustmentsTable>;
export type NewCommissionAdjustment = Insertable<CommissionAdjustmentsTable>;

/** `read.commission_periods`: the payout months locked, each with the close that locked it. */
export interface CommissionPeriodsTable {
  month: string;
  /** Business time of the close. */
  closed_at: string;
  /** Global position of the close: the statements of the month rest on the store up to here. */
  position: BigintColumn;
}

/**
 * `read.commission_statements`: one person's payout statement of a locked month: the ledger
 * lines paid in it (`payout_month`), the adjustments counted in it, their totals and the plan
 * versions they were computed under. Drawn when the month is closed, never changed after.
 */
export interface CommissionStatementsTable {
  employee_id: string;
  month: string;
  payments: number;
  collected: BigintColumn;
  /** What the lines earned (fen). */
  commission: BigintColumn;
  adjustment_count: number;
  /** Sum of the adjustments (fen; clawbacks negative). */
  adjustments: BigintColumn;
  /** commission + adjustments (fen). */
  payable: BigintColumn;
  /** Plan versions of its lines and adjustments, as `planId v<version>`, sorted. */
  plans: ColumnType<string[], string[], string[]>;
  closed_at: string;
  /** Global position of the close: recomputing from the store up to here gives the same statement. */
  position: BigintColumn;
}
export type CommissionStatement = Selectable<CommissionStatementsTable>;

/** Where a commission dispute stands. */
export type CommissionDisputeStatus = 'open' | 'accepted' | 'rejected';

/** `read.commission_disputes`: a rep's dispute of a ledger line and HR's resolution. */
export interface CommissionDisputesTable {
  dispute_id: string;
  sale_id: string;
  payment_id: string;
  employee_id: string;
  comment: string;
  disputed_at: string;
  /** The actor who recorded it (`user:…`). */
  disputed_by: string;
  position: BigintColumn;
  status: CommissionDisputeStatus;
  /** The correction paid for an accepted dispute (fen); 0 otherwise. */
  amount: ColumnType<string, number | string | undefined, number | string>;
  reason: ColumnType<string | null, string | null | undefined, string | null>;
  resolved_at: ColumnType<string | null, string | null | undefined, string | null>;
  resolved_by: ColumnType<string | null, string | null | undefined, string | null>;
  resolved_position: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  /** The adjustment an accepted dispute paid. */
  adjustment_id: ColumnType<string | null, string | null | undefined, string | null>;
}
export type CommissionDispute = Selectable<CommissionDisputesTable>;
export type NewCommissionDispute = Insertable<CommissionDisputesTable>;

export interface CommissionDb {
  commission_periods: CommissionPeriodsTable;
  commission_statements: CommissionStatementsTable;
  commission_disputes: CommissionDisputesTable;
  commission_plans: CommissionPlansTable;
  commission_adjustments: CommissionAdjustmentsTable;
  commission_ledger: CommissionLedgerTable;
  commission_summary: CommissionSummaryTable;
  commission_reversed_sales: CommissionReversedSalesTable;
}
