import type { Kysely } from 'kysely';
import type { ReadScope } from '../people/queries.ts';
import type { PeopleDb } from '../people/table.ts';
import { checkMonthRange, checkWeekRange, type MonthRange, scopeFilter, type WeekRange } from '../scope.ts';
import type { KpiFacts, KpiFactsDb, KpiFactsWeekly } from './table.ts';

type Db = KpiFactsDb & PeopleDb;

/** One person's KPI facts for each month of the range that has any; empty when out of scope. */
export async function personKpiFacts(
  db: Kysely<Db>,
  scope: ReadScope,
  employeeId: string,
  range: MonthRange,
): Promise<KpiFacts[]> {
  checkMonthRange(range);
  let query = db
    .withSchema('read')
    .selectFrom('kpi_facts')
    .leftJoin('people', 'people.employee_id', 'kpi_facts.employee_id')
    .selectAll('kpi_facts')
    .where('kpi_facts.employee_id', '=', employeeId)
    .where('kpi_facts.month', '>=', range.from)
    .where('kpi_facts.month', '<=', range.to);
  const filter = scopeFilter(scope);
  if (filter) query = query.where(filter.column, '=', filter.value);
  return query.orderBy('kpi_facts.month').execute();
}

/**
 * One person's KPI facts for each week of the range that has any (weeks named by their Monday,
 * `YYYY-MM-DD`, UTC, both ends inclusive), oldest first; empty when out of scope.
 */
export async function personKpiWeeks(
  db: Kysely<Db>,
  scope: ReadScope,
  employeeId: string,
  range: WeekRange,
): Promise<KpiFactsWeekly[]> {
  checkWeekRange(range);
  let query = db
    .withSchema('read')
    .selectFrom('kpi_facts_weekly')
    .leftJoin('people', 'people.employee_id', 'kpi_facts_weekly.employee_id')
    .selectAll('kpi_facts_weekly')
    .where('kpi_facts_weekly.employee_id', '=', employeeId)
    .where('kpi_facts_weekly.week', '>=', range.from)
    .where('kpi_facts_weekly.week', '<=', range.to);
  const filter = scopeFilter(scope);
  if (filter) query = query.where(filter.column, '=', filter.value);
  return query.orderBy('kpi_facts_weekly.week').execute();
}

/** Dimensions KPI totals can be grouped by (branch and team are the person's current ones). */
export type KpiGroup = 'branch' | 'team' | 'month' | 'person';

export interface KpiTotals {
  /** The group's key, one entry per requested dimension (null: person unknown to `read.people`). */
  readonly group: Readonly<Partial<Record<KpiGroup, string | null>>>;
  readonly people: number;
  readonly salesAmount: number;
  readonly deals: number;
  readonly grossMargin: number;
  /** Payments against the months' sales by each month's end (fen), the collection-rate numerator. */
  readonly collected: number;
  /** Cash received in the months against any sale (fen). */
  readonly collectedInMonth: number;
  /** collected ÷ sales of the group; null when it has no sales. */
  readonly collectionRate: number | null;
  readonly followUps: number;
  readonly demos: number;
  readonly opportunities: number;
  readonly newCustomers: number;
  readonly customersRetained: number;
  readonly customersChurned: number;
  readonly feedbackRatingSum: number;
  readonly feedbackRatingCount: number;
  readonly collaborationCredits: number;
  readonly rating360Sum: number;
  readonly rating360Count: number;
  readonly expenses: number;
}

const KPI_GROUP_COLUMNS = {
  branch: 'people.branch_id',
  team: 'people.team_id',
  month: 'kpi_facts.month',
  person: 'kpi_facts.employee_id',
} as const;

/** KPI facts summed over the months of the range within the scope, grouped as asked (none: one total). */
export async function kpiTotals(
  db: Kysely<Db>,
  scope: ReadScope,
  range: MonthRange,
  groupBy: readonly KpiGroup[],
): Promise<KpiTotals[]> {
  checkMonthRange(range);
  const groups = [...new Set(groupBy)];
  let query = db
    .withSchema('read')
    .selectFrom('kpi_facts')
    .leftJoin('people', 'people.employee_id', 'kpi_facts.employee_id')
    .where('kpi_facts.month', '>=', range.from)
    .where('kpi_facts.month', '<=', range.to)
    .select((eb) => [
      ...groups.map((g) => eb.ref(KPI_GROUP_COLUMNS[g]).as(g)),
      eb.fn.count<string>('kpi_facts.employee_id').distinct().as('people'),
      eb.fn.sum<string>('kpi_facts.sales_amount').as('sales_amount'),
      eb.fn.sum<string>('kpi_facts.deals').as('deals'),
      eb.fn.sum<string>('kpi_facts.gross_margin').as('gross_margin'),
      eb.fn.sum<string>('kpi_facts.collected').as('collected'),
      eb.fn.sum<string>('kpi_facts.collected_in_month').as('collected_in_month'),
      eb.fn.sum<string>('kpi_facts.follow_ups').as('follow_ups'),
      eb.fn.sum<string>('kpi_facts.demos').as('demos'),
      eb.fn.sum<string>('kpi_facts.opportunities').as('opportunities'),
      eb.fn.sum<string>('kpi_facts.new_customers').as('new_customers'),
      eb.fn.sum<string>('kpi_facts.customers_retained').as('customers_retained'),
      eb.fn.sum<string>('kpi_facts.customers_churned').as('customers_churned'),
      eb.fn.sum<string>('kpi_facts.feedback_rating_sum').as('feedback_rating_sum'),
      eb.fn.sum<string>('kpi_facts.feedback_rating_count').as('feedback_rating_count'),
      eb.fn.sum<string>('kpi_facts.collaboration_credits').as('collaboration_credits'),
      eb.fn.sum<string>('kpi_facts.rating360_sum').as('rating360_sum'),
      eb.fn.sum<string>('kpi_facts.rating360_count').as('rating360_count'),
      eb.fn.sum<string>('kpi_facts.expenses').as('expenses'),
    ]);
  const filter = scopeFilter(scope);
  if (filter) query = query.where(filter.column, '=', filter.value);
  if (groups.length > 0) {
    const columns = groups.map((g) => KPI_GROUP_COLUMNS[g]);
    query = query.groupBy(columns);
    for (const column of columns) query = query.orderBy(column);
  }
  const rows = (await query.execute()) as unknown as Record<string, string | number | null>[];
  // Without grouping, an empty range still yields one row of nulls: report no totals instead.
  return rows
    .filter((r) => Number(r.people) > 0)
    .map((r) => {
      const n = (column: string) => Number(r[column] ?? 0);
      const salesAmount = n('sales_amount');
      const collected = n('collected');
      return {
        group: Object.fromEntries(groups.map((g) => [g, (r[g] as string | null) ?? null])),
        people: n('people'),
        salesAmount,
        deals: n('deals'),
        grossMargin: n('gross_margin'),
        collected,
        collectedInMonth: n('collected_in_month'),
        collectionRate: salesAmount > 0 ? collected / salesAmount : null,
        followUps: n('follow_ups'),
        demos: n('demos'),
        opportunities: n('opportunities'),
        newCustomers: n('new_customers'),
        customersRetained: n('customers_retained'),
        customersChurned: n('customers_churned'),
        feedbackRatingSum: n('feedback_rating_sum'),
        feedbackRatingCount: n('feedback_rating_count'),
        collaborationCredits: n('collaboration_credits'),
        rating360Sum: n('rating360_sum'),
        rating360Count: n('rating360_count'),
        expenses: n('expenses'),
      };
    });
}

/** Dimensions sales can be analysed by. */
export type SalesGroup = KpiGroup | 'product_line' | 'customer_type' | 'channel';

export interface SalesTotals {
  readonly group: Readonly<Partial<Record<SalesGroup, string | null>>>;
  readonly salesAmount: number;
  readonly deals: number;
  readonly grossMargin: number;
  readonly newCustomers: number;
  readonly collected: number;
}

const SALES_GROUP_COLUMNS = {
  branch: 'people.branch_id',
  team: 'people.team_id',
  month: 'kpi_sales_by_dimension.month',
  product_line: 'kpi_sales_by_dimension.product_line',
  customer_type: 'kpi_sales_by_dimension.customer_type',
  channel: 'kpi_sales_by_dimension.channel',
  person: 'kpi_sales_by_dimension.employee_id',
} as const;

/** Sales analytics: sales, deals, margin and collection over the range within the scope, grouped as asked. */
export async function salesTotals(
  db: Kysely<Db>,
  scope: ReadScope,
  range: MonthRange,
  groupBy: readonly SalesGroup[],
): Promise<SalesTotals[]> {
  checkMonthRange(range);
  const groups = [...new Set(groupBy)];
  let query = db
    .withSchema('read')
    .selectFrom('kpi_sales_by_dimension')
    .leftJoin('people', 'people.employee_id', 'kpi_sales_by_dimension.employee_id')
    .where('kpi_sales_by_dimension.month', '>=', range.from)
    .where('kpi_sales_by_dimension.month', '<=', range.to)
    .select((eb) => [
      ...groups.map((g) => eb.ref(SALES_GROUP_COLUMNS[g]).as(g)),
      eb.fn.countAll<string>().as('rows'),
      eb.fn.sum<string>('kpi_sales_by_dimension.sales_amount').as('sales_amount'),
      eb.fn.sum<string>('kpi_sales_by_dimension.deals').as('deals'),
      eb.fn.sum<string>('kpi_sales_by_dimension.gross_margin').as('gross_margin'),
      eb.fn.sum<string>('kpi_sales_by_dimension.new_customers').as('new_customers'),
      eb.fn.sum<string>('kpi_sales_by_dimension.collected').as('collected'),
    ]);
  const filter = scopeFilter(scope);
  if (filter) query = query.where(filter.column, '=', filter.value);
  if (groups.length > 0) {
    const columns = groups.map((g) => SALES_GROUP_COLUMNS[g]);
    query = query.groupBy(columns);
    for (const column of columns) query = query.orderBy(column);
  }
  const rows = (await query.execute()) as unknown as Record<string, string | number | null>[];
  return rows
    .filter((r) => Number(r.rows) > 0)
    .map((r) => {
      const n = (column: string) => Number(r[column] ?? 0);
      return {
        group: Object.fromEntries(groups.map((g) => [g, (r[g] as string | null) ?? null])),
        salesAmount: n('sales_amount'),
        deals: n('deals'),
        grossMargin: n('gross_margin'),
        newCustomers: n('new_customers'),
        collected: n('collected'),
      };
    });
}
