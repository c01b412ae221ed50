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
  /** The sale was reversed: the commission stands until someone reviews it. */
  sale_reversed: ColumnType<boolean, boolean | undefined, boolean>;
  /** Global position of the payment; payments of a month count towards the tiers in this order. */
  position: BigintColumn;
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

export interface CommissionDb {
  commission_ledger: CommissionLedgerTable;
  commission_summary: CommissionSummaryTable;
  commission_reversed_sales: CommissionReversedSalesTable;
}
