import { KPI_COUNTERS, type KpiCounter } from '@trackrecord/domain';
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** `salesAmount` → `sales_amount`, `rating360Sum` → `rating360_sum`: a counter's column name. */
type Snake<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${Snake<T>}`
  : S;
/** The column of a KPI counter in `kpi_facts` and `kpi_facts_weekly`. */
export type KpiCounterColumn = Snake<KpiCounter>;
/** The column of each KPI counter (the domain's counters, one column each). */
export const KPI_COUNTER_COLUMN = Object.fromEntries(
  KPI_COUNTERS.map((c) => [c, c.replace(/[A-Z]/g, (h) => `_${h.toLowerCase()}`)]),
) as { readonly [C in KpiCounter]: Snake<C> };
/** Every KPI counter column, in the domain's order of the counters. */
export const KPI_COUNTER_COLUMNS: readonly KpiCounterColumn[] = KPI_COUNTERS.map(
  (c) => KPI_COUNTER_COLUMN[c],
);

/** A `bigint` column of fen (or a position): read back as a string, written as a number. */
export type BigintColumn = ColumnType<string, number | string, number | string>;
/** A counter or sum with a database default of 0. */
type Counter = ColumnType<number, number | undefined, number>;
/** A `bigint` sum of fen with a database default of 0. */
type FenCounter = ColumnType<string, number | string | undefined, number | string>;

/** `read.kpi_sales`: every sale counted, so a reversal or correction finds its original month. */
export interface KpiSalesTable {
  sale_id: string;
  employee_id: string;
  /** `YYYY-MM` of `closedAt`. */
  month: string;
  product_line: string;
  customer_type: string;
  channel: string;
  /** Amount in fen, as last corrected. */
  amount: BigintColumn;
  /** Gross margin amount in fen: round(amount × gross margin fraction). */
  gross_margin: BigintColumn;
  new_customer: boolean;
  /** Payments less refunds against the sale dated on or before the end of its month (fen), uncapped. */
  paid_by_period_end: FenCounter;
  reversed: ColumnType<boolean, boolean | undefined, boolean>;
  /** Monday (`YYYY-MM-DD`, UTC) of the week of `closedAt`. */
  week: string;
  /** Payments less refunds against the sale dated by the end of its week (Sunday, UTC), uncapped (fen). */
  paid_by_week_end: FenCounter;
  updated_position: BigintColumn;
}

/** `read.kpi_facts`: one row per employee per calendar month with any fact. */
export interface KpiFactsTable {
  employee_id: string;
  /** `YYYY-MM`, from the business time of each fact (`closedAt`, `collectedAt`, `refundedAt`, `at`). */
  month: string;
  /** Sales closed in the month, less reversals, as corrected (fen). */
  sales_amount: FenCounter;
  deals: Counter;
  /** Gross margin amount of the month's sales (fen). */
  gross_margin: FenCounter;
  /**
   * Payments collected (回款) against the month's sales, less refunds of them, dated on or before
   * the month's end, at most each sale's amount (fen): `PersonPeriodFacts.collectedAmount`. A
   * refund dated after the month's end leaves it as it was.
   */
  collected: FenCounter;
  /**
   * Cash received in the month against any sale, less the refunds paid back in it (fen; below
   * zero in a month of refunds only), for cash-flow views; not the KPI.
   */
  collected_in_month: FenCounter;
  /** collected ÷ sales_amount (回款率); null when the month has no sales. Computed by the database. */
  collection_rate: Generated<number | null>;
  follow_ups: Counter;
  demos: Counter;
  opportunities: Counter;
  new_customers: Counter;
  customers_retained: Counter;
  customers_churned: Counter;
  feedback_rating_sum: Counter;
  feedback_rating_count: Counter;
  collaboration_credits: Counter;
  rating360_sum: Counter;
  rating360_count: Counter;
  expenses: FenCounter;
  updated_position: BigintColumn;
}
export type KpiFacts = Selectable<KpiFactsTable>;
export type NewKpiFacts = Insertable<KpiFactsTable>;

/**
 * `read.kpi_facts_weekly`: one row per employee per week with any fact. The counters of
 * {@link KpiFactsTable}, with the week (Monday to Sunday, UTC; the key is the Monday as
 * `YYYY-MM-DD`, as in the mentoring read model) in place of the month: `collected` counts
 * payments less refunds dated by the end of the sale's week against the week's sales, at most
 * each sale's amount; `collected_in_week` is the cash received in the week against any sale,
 * less the refunds paid back in it.
 */
export interface KpiFactsWeeklyTable {
  employee_id: string;
  /** Monday of the week (`YYYY-MM-DD`, UTC) of each fact's business time. */
  week: string;
  sales_amount: FenCounter;
  deals: Counter;
  gross_margin: FenCounter;
  collected: FenCounter;
  collected_in_week: FenCounter;
  collection_rate: Generated<number | null>;
  follow_ups: Counter;
  demos: Counter;
  opportunities: Counter;
  new_customers: Counter;
  customers_retained: Counter;
  customers_churned: Counter;
  feedback_rating_sum: Counter;
  feedback_rating_count: Counter;
  collaboration_credits: Counter;
  rating360_sum: Counter;
  rating360_count: Counter;
  expenses: FenCounter;
  updated_position: BigintColumn;
}
export type KpiFactsWeekly = Selectable<KpiFactsWeeklyTable>;
export type NewKpiFactsWeekly = Insertable<KpiFactsWeeklyTable>;

/** `read.kpi_sales_by_dimension`: sales per employee, month, product line, customer type and channel. */
export interface KpiSalesByDimensionTable {
  employee_id: string;
  month: string;
  product_line: string;
  customer_type: string;
  channel: string;
  sales_amount: FenCounter;
  deals: Counter;
  gross_margin: FenCounter;
  new_customers: Counter;
  /** Payments collected in the month against sales of this slice, less refunds paid back in it (fen). */
  collected: FenCounter;
  updated_position: BigintColumn;
}
export type KpiSalesByDimension = Selectable<KpiSalesByDimensionTable>;
export type NewKpiSalesByDimension = Insertable<KpiSalesByDimensionTable>;
export type KpiSale = Selectable<KpiSalesTable>;
export type NewKpiSale = Insertable<KpiSalesTable>;

// Both tables have a column for every counter, and besides their key, the cash received in the
// period and the collection rate, no other: a counter without its column, or a column without
// its counter, fails to compile here.
type Mismatch<T, Other extends string> =
  | Exclude<KpiCounterColumn, keyof T>
  | Exclude<keyof T, KpiCounterColumn | Other | 'employee_id' | 'collection_rate' | 'updated_position'>;
type HasCounters<T, Other extends string> = [Mismatch<T, Other>] extends [never] ? true : Mismatch<T, Other>;
const countersInFacts: HasCounters<KpiFactsTable, 'month' | 'collected_in_month'> = true;
const countersInWeeks: HasCounters<KpiFactsWeeklyTable, 'week' | 'collected_in_week'> = true;
void countersInFacts;
void countersInWeeks;

export interface KpiFactsDb {
  kpi_sales: KpiSalesTable;
  kpi_facts: KpiFactsTable;
  kpi_facts_weekly: KpiFactsWeeklyTable;
  kpi_sales_by_dimension: KpiSalesByDimensionTable;
}
