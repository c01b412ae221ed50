import { KPI_COUNTERS, type KpiCounter } from '@trackrecord/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import {
  checkMonthRange,
  checkWeekRange,
  type MonthRange,
  type ReadScope,
  scoped,
  type WeekRange,
  whereInScope,
} from '../scope.ts';
import { KPI_COUNTER_COLUMN, KPI_COUNTER_COLUMNS, type KpiFacts, type KpiFactsWeekly } from './table.ts';

/** One person's KPI facts for each month of the range that has any; empty when out of scope. */
export async function personKpiFacts(
  db: Kysely<Database>,
  scope: ReadScope,
  employeeId: string,
  range: MonthRange,
): Promise<KpiFacts[]> {
  checkMonthRange(range);
  const query = scoped(db, scope, 'kpi_facts')
    .selectAll('kpi_facts')
    .where('kpi_facts.employee_id', '=', employeeId)
    .where('kpi_facts.month', '>=', range.from)
    .where('kpi_facts.month', '<=', range.to);
  return query.orderBy('kpi_facts.month').execute();
}

/**
 * One person's KPI facts for each week of the range that has any (weeks named by their Monday,
 * `YYYY-MM-DD`, UTC, both ends inclusive), oldest first; empty when out of scope.
 */
export async function personKpiWeeks(
  db: Kysely<Database>,
  scope: ReadScope,
  employeeId: string,
  range: WeekRange,
): Promise<KpiFactsWeekly[]> {
  checkWeekRange(range);
  const query = scoped(db, scope, 'kpi_facts_weekly')
    .selectAll('kpi_facts_weekly')
    .where('kpi_facts_weekly.employee_id', '=', employeeId)
    .where('kpi_facts_weekly.week', '>=', range.from)
    .where('kpi_facts_weekly.week', '<=', range.to);
  return query.orderBy('kpi_facts_weekly.week').execute();
}

/**
 * Dimensions KPI totals can be grouped by (branch and team are the person's current ones). By
 * `week`, the totals come from the weekly facts: the weeks whose Monday lies in the months of
 * the range, each named by its Monday; `week` and `month` together are refused.
 */
export type KpiGroup = 'branch' | 'team' | 'month' | 'week' | 'person';

/**
 * KPI totals of a group: each of the domain's KPI counters summed over the group's periods
 * (`collected`, the collection-rate numerator, counts payments less refunds by each period's end).
 */
export interface KpiTotals extends Readonly<Record<KpiCounter, number>> {
  /** The group's key, one entry per requested dimension (null: person unknown to `read.people`). */
  readonly group: Readonly<Partial<Record<KpiGroup, string | null>>>;
  readonly people: number;
  /** Cash received in the months (by `week`: in the weeks) against any sale, less refunds paid back in them (fen). */
  readonly collectedInMonth: number;
  /** collected ÷ sales of the group; null when it has no sales. */
  readonly collectionRate: number | null;
}

const KPI_GROUP_COLUMNS = {
  branch: 'people.branch_id',
  team: 'people.team_id',
  month: 'f.period',
  week: 'f.period',
  person: 'f.employee_id',
} as const;

/** The first and last day (`YYYY-MM-DD`) of a month range. */
function daysOf(range: MonthRange): { first: string; last: string } {
  const [y, m] = range.to.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { first: `${range.from}-01`, last };
}

/** KPI facts summed over the months of the range within the scope, grouped as asked (none: one total). */
export async function kpiTotals(
  db: Kysely<Database>,
  scope: ReadScope,
  range: MonthRange,
  groupBy: readonly KpiGroup[],
): Promise<KpiTotals[]> {
  checkMonthRange(range);
  const groups = [...new Set(groupBy)];
  const weekly = groups.includes('week');
  if (weekly && groups.includes('month')) {
    throw new RangeError('groupBy: WEEK and MONTH cannot be combined (weeks cross months); choose one');
  }
  const days = daysOf(range);
  // The monthly and weekly tables share their counters; only the period column and the cash
  // received in the period are named differently: each is read as `f` with `period` and `cash`.
  const read = db.withSchema('read');
  const [facts, from, to] = weekly
    ? ([
        read
          .selectFrom('kpi_facts_weekly')
          .select(['employee_id', ...KPI_COUNTER_COLUMNS, 'week as period', 'collected_in_week as cash'])
          .as('f'),
        days.first,
        days.last,
      ] as const)
    : ([
        read
          .selectFrom('kpi_facts')
          .select(['employee_id', ...KPI_COUNTER_COLUMNS, 'month as period', 'collected_in_month as cash'])
          .as('f'),
        range.from,
        range.to,
      ] as const);
  let query = read
    .selectFrom(facts)
    .leftJoin('people', 'people.employee_id', 'f.employee_id')
    .where('f.period', '>=', from)
    .where('f.period', '<=', to)
    .select((eb) => [
      ...groups.map((g) => eb.ref(KPI_GROUP_COLUMNS[g]).as(g)),
      eb.fn.count<string>('f.employee_id').distinct().as('people'),
      ...KPI_COUNTER_COLUMNS.map((c) => eb.fn.sum<string>(`f.${c}`).as(c)),
      eb.fn.sum<string>('f.cash').as('collected_in_month'),
    ]);
  query = whereInScope(query, scope);
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
      const counters = Object.fromEntries(KPI_COUNTERS.map((c) => [c, n(KPI_COUNTER_COLUMN[c])])) as Record<
        KpiCounter,
        number
      >;
      return {
        group: Object.fromEntries(groups.map((g) => [g, (r[g] as string | null) ?? null])),
        people: n('people'),
        ...counters,
        collectedInMonth: n('collected_in_month'),
        collectionRate: counters.salesAmount > 0 ? counters.collected / counters.salesAmount : null,
      };
    });
}

/** Dimensions sales can be analysed by. */
export type SalesGroup = Exclude<KpiGroup, 'week'> | 'product_line' | 'customer_type' | 'channel';

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
  db: Kysely<Database>,
  scope: ReadScope,
  range: MonthRange,
  groupBy: readonly SalesGroup[],
): Promise<SalesTotals[]> {
  checkMonthRange(range);
  const groups = [...new Set(groupBy)];
  let query = scoped(db, scope, 'kpi_sales_by_dimension')
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
