import {
  ACTIVITY_EVENT_TYPES,
  activityOf,
  CASH_EVENT_TYPES,
  type CashMovement,
  type CountedSale,
  cashOf,
  collectedChange,
  countSale as countSaleFacts,
  grossMarginAmount,
  monthOfDate,
  paidByMonthEnd,
  paidByWeekEnd,
} from '@trackrecord/domain';
import type { Kysely } from 'kysely';
import type { Projection } from '../runner/projection.ts';
import { weekOf } from '../support.ts';
import {
  KPI_COUNTER_COLUMN,
  KPI_COUNTER_COLUMNS,
  type KpiCounterColumn,
  type KpiFactsDb,
  type NewKpiFacts,
  type NewKpiFactsWeekly,
  type NewKpiSale,
  type NewKpiSalesByDimension,
} from './table.ts';

const EVENT_TYPES = [
  'SaleClosed',
  'SaleReversed',
  'SaleCorrected',
  ...CASH_EVENT_TYPES,
  ...ACTIVITY_EVENT_TYPES,
] as const;

/** Columns of a person's period (month or week): the KPI counters, and the cash received in the period. */
type Column = KpiCounterColumn | 'collected_in_period';
type PeriodRow = { employee_id: string; period: string; position: bigint } & Record<Column, number>;

const FACT_COUNTERS = [...KPI_COUNTER_COLUMNS, 'collected_in_month'] as const;
const WEEKLY_COUNTERS = [...KPI_COUNTER_COLUMNS, 'collected_in_week'] as const;

const DIMENSION_COUNTERS = ['sales_amount', 'deals', 'gross_margin', 'new_customers', 'collected'] as const;
type DimensionCounter = (typeof DIMENSION_COUNTERS)[number];

interface Sale {
  sale_id: string;
  employee_id: string;
  month: string;
  week: string;
  product_line: string;
  customer_type: string;
  channel: string;
  amount: number;
  gross_margin: number;
  new_customer: boolean;
  /** Payments less refunds dated by the end of the sale's month (fen), uncapped. */
  paid_by_period_end: number;
  /** Payments less refunds dated by the end of the sale's week (fen), uncapped. */
  paid_by_week_end: number;
  reversed: boolean;
  updated_position: bigint;
}

/** Rows changed per batch are inserted this many at a time (at most 21 columns: PostgreSQL allows 65,535 parameters). */
const CHUNK = 3000;

/** A batch's deltas per person and period (month or week), created on first touch. */
class PeriodDeltas {
  /** By employee, then period: no key string built per event. */
  private readonly byEmployee = new Map<string, Map<string, PeriodRow>>();
  /** The row of a person's period, its position raised to `position`. */
  at(employeeId: string, period: string, position: bigint): PeriodRow {
    let periods = this.byEmployee.get(employeeId);
    if (!periods) {
      periods = new Map();
      this.byEmployee.set(employeeId, periods);
    }
    let row = periods.get(period);
    if (!row) {
      row = { employee_id: employeeId, period, position, collected_in_period: 0 } as PeriodRow;
      for (const c of KPI_COUNTER_COLUMNS) row[c] = 0;
      periods.set(period, row);
    } else if (position > row.position) row.position = position;
    return row;
  }
  add(employeeId: string, period: string, position: bigint, counter: Column, value: number): void {
    this.at(employeeId, period, position)[counter] += value;
  }
  /** The rows in key order, with the period under `periodColumn` and the period cash column renamed. */
  sorted(periodColumn: 'month' | 'week', cashColumn: 'collected_in_month' | 'collected_in_week') {
    const rows: PeriodRow[] = [];
    for (const periods of this.byEmployee.values()) for (const row of periods.values()) rows.push(row);
    // The order of `employee_id \0 period` keys, as the statements always had.
    rows.sort((a, b) =>
      a.employee_id < b.employee_id
        ? -1
        : a.employee_id > b.employee_id
          ? 1
          : a.period < b.period
            ? -1
            : a.period > b.period
              ? 1
              : 0,
    );
    return rows.map(({ position, period, collected_in_period, ...row }) => ({
      ...row,
      [periodColumn]: period,
      [cashColumn]: collected_in_period,
      updated_position: position.toString(),
    }));
  }
}

/**
 * KPI facts per employee per calendar month and per week (Monday to Sunday, UTC), from CRM
 * sales, ERP payments and refunds, and activity events. What each event adds is the domain's
 * fact deltas (`countSale`, `cashOf`, `collectedChange`, `activityOf`), the same the facts fold
 * applies. A refund is a payment's cash going back: dated by the end of the sale's month (week)
 * it lowers that month's (week's) `collected` through the same `collectedChange`, dated later it
 * leaves it as it was; `collected_in_month` / `collected_in_week` and the slice's `collected`
 * drop by it in the refund's own month and week. The
 * counters are the domain's `KPI_COUNTERS`, one column each. A batch is first folded in memory (deltas per row),
 * then written with one additive upsert per table; the runner commits it with the checkpoint,
 * so each event counts exactly once.
 */
export const kpiFactsProjection: Projection<KpiFactsDb, (typeof EVENT_TYPES)[number]> = {
  name: 'kpi_facts',
  // 3: weekly facts (`kpi_facts_weekly`) and each sale's week in `kpi_sales`.
  // 4: refunds (`PaymentRefunded`) take back what they paid back.
  version: '4',
  tables: ['kpi_sales', 'kpi_facts', 'kpi_sales_by_dimension', 'kpi_facts_weekly'],
  eventTypes: EVENT_TYPES,
  async apply(db: Kysely<KpiFactsDb>, events) {
    // Every sale the batch refers to, loaded once: earlier batches' sales for reversals,
    // corrections and payments, and any already counted so a repeated close counts once.
    const wanted = new Set<string>();
    for (const { event } of events) {
      if (
        event.type === 'SaleClosed' ||
        event.type === 'SaleReversed' ||
        event.type === 'SaleCorrected' ||
        event.type === 'PaymentCollected' ||
        event.type === 'PaymentRefunded'
      )
        wanted.add(event.data.saleId);
    }
    const sales = new Map<string, Sale>();
    if (wanted.size > 0) {
      const rows = await db
        .selectFrom('kpi_sales')
        .selectAll()
        .where('sale_id', 'in', [...wanted])
        .execute();
      for (const r of rows) {
        sales.set(r.sale_id, {
          ...r,
          amount: Number(r.amount),
          gross_margin: Number(r.gross_margin),
          paid_by_period_end: Number(r.paid_by_period_end),
          paid_by_week_end: Number(r.paid_by_week_end),
          updated_position: BigInt(r.updated_position),
        });
      }
    }
    const changedSales = new Set<string>();

    const months = new PeriodDeltas();
    const weeks = new PeriodDeltas();
    const dimensions = new Map<
      string,
      {
        employee_id: string;
        month: string;
        product_line: string;
        customer_type: string;
        channel: string;
        position: bigint;
      } & Record<DimensionCounter, number>
    >();
    const dimensionAt = (sale: Sale, month: string, position: bigint) => {
      const key = `${sale.employee_id}\u0000${month}\u0000${sale.product_line}\u0000${sale.customer_type}\u0000${sale.channel}`;
      let row = dimensions.get(key);
      if (!row) {
        row = {
          employee_id: sale.employee_id,
          month,
          product_line: sale.product_line,
          customer_type: sale.customer_type,
          channel: sale.channel,
          position,
          sales_amount: 0,
          deals: 0,
          gross_margin: 0,
          new_customers: 0,
          collected: 0,
        };
        dimensions.set(key, row);
      } else if (position > row.position) row.position = position;
      return row;
    };
    /** Adds (sign 1) or removes (sign −1) a sale's contribution to its original month and week. */
    const countSale = (sale: Sale, sign: 1 | -1, position: bigint) => {
      const counted: CountedSale = {
        amount: sale.amount,
        grossMargin: sale.gross_margin,
        newCustomer: sale.new_customer,
      };
      for (const [row, paid] of [
        [months.at(sale.employee_id, sale.month, position), sale.paid_by_period_end],
        [weeks.at(sale.employee_id, sale.week, position), sale.paid_by_week_end],
      ] as const) {
        countSaleFacts(counted, paid, sign, (fact, value) => {
          row[KPI_COUNTER_COLUMN[fact]] += value;
        });
      }
      // The slice's `collected` is the cash received in a month (by payment), not the sale's.
      const dimension = dimensionAt(sale, sale.month, position);
      countSaleFacts(counted, 0, sign, (fact, value) => {
        if (fact !== 'collected') dimension[KPI_COUNTER_COLUMN[fact] as DimensionCounter] += value;
      });
    };

    for (const { position, event } of events) {
      switch (event.type) {
        case 'SaleClosed': {
          const d = event.data;
          if (sales.has(d.saleId)) break; // already counted
          const sale: Sale = {
            sale_id: d.saleId,
            employee_id: d.employeeId,
            month: monthOfDate(d.closedAt),
            week: weekOf(d.closedAt),
            product_line: d.productLine,
            customer_type: d.customerType,
            channel: d.channel,
            amount: d.amount,
            gross_margin: grossMarginAmount(d.amount, d.grossMargin),
            new_customer: d.newCustomer,
            paid_by_period_end: 0,
            paid_by_week_end: 0,
            reversed: false,
            updated_position: position,
          };
          sales.set(d.saleId, sale);
          changedSales.add(d.saleId);
          countSale(sale, 1, position);
          break;
        }
        case 'SaleReversed': {
          const sale = sales.get(event.data.saleId);
          if (!sale || sale.reversed) break;
          countSale(sale, -1, position);
          sale.reversed = true;
          sale.updated_position = position;
          changedSales.add(sale.sale_id);
          break;
        }
        case 'SaleCorrected': {
          const sale = sales.get(event.data.saleId);
          if (!sale) break;
          if (!sale.reversed) countSale(sale, -1, position);
          sale.amount = event.data.amount;
          sale.gross_margin = grossMarginAmount(event.data.amount, event.data.grossMargin);
          if (!sale.reversed) countSale(sale, 1, position);
          sale.updated_position = position;
          changedSales.add(sale.sale_id);
          break;
        }
        case 'PaymentCollected':
        case 'PaymentRefunded': {
          // A payment adds its amount, a refund takes its amount away (`cash` is negative).
          const c = cashOf(event) as CashMovement;
          const month = monthOfDate(c.at);
          const week = weekOf(c.at);
          months.add(c.employeeId, month, position, 'collected_in_period', c.cash);
          weeks.add(c.employeeId, week, position, 'collected_in_period', c.cash);
          const sale = sales.get(c.saleId);
          if (!sale) break;
          dimensionAt(sale, month, position).collected += c.cash;
          // The KPI counts payments and refunds by the end of the sale's month; the weekly facts,
          // by the end of its week. Later ones leave the closed period as it was.
          if (paidByMonthEnd(c.at, sale.month)) {
            const change = collectedChange(sale, sale.paid_by_period_end, c.cash);
            sale.paid_by_period_end += c.cash;
            sale.updated_position = position;
            changedSales.add(sale.sale_id);
            if (!sale.reversed) months.at(sale.employee_id, sale.month, position).collected += change;
          }
          if (paidByWeekEnd(c.at, sale.week)) {
            const change = collectedChange(sale, sale.paid_by_week_end, c.cash);
            sale.paid_by_week_end += c.cash;
            sale.updated_position = position;
            changedSales.add(sale.sale_id);
            if (!sale.reversed) weeks.at(sale.employee_id, sale.week, position).collected += change;
          }
          break;
        }
        default: {
          const activity = activityOf(event);
          if (!activity)
            throw new Error(`kpi_facts projection received ${event.type}, which it does not handle`);
          const { employeeId, at, value } = activity;
          const month = monthOfDate(at);
          const week = weekOf(at);
          if (activity.kind === 'summed') {
            const column = KPI_COUNTER_COLUMN[activity.fact];
            months.add(employeeId, month, position, column, value);
            weeks.add(employeeId, week, position, column, value);
          } else {
            // A rating: its sum and count.
            const sum = KPI_COUNTER_COLUMN[`${activity.fact}Sum`];
            const count = KPI_COUNTER_COLUMN[`${activity.fact}Count`];
            for (const [periods, period] of [
              [months, month],
              [weeks, week],
            ] as const) {
              const row = periods.at(employeeId, period, position);
              row[sum] += value;
              row[count] += 1;
            }
          }
        }
      }
    }

    const saleRows: NewKpiSale[] = [...changedSales].sort().map((id) => {
      const s = sales.get(id)!;
      return { ...s, updated_position: s.updated_position.toString() };
    });
    for (const chunk of chunks(saleRows)) {
      await db
        .insertInto('kpi_sales')
        .values(chunk)
        .onConflict((oc) =>
          oc.column('sale_id').doUpdateSet((eb) => ({
            amount: eb.ref('excluded.amount'),
            gross_margin: eb.ref('excluded.gross_margin'),
            reversed: eb.ref('excluded.reversed'),
            paid_by_period_end: eb.ref('excluded.paid_by_period_end'),
            paid_by_week_end: eb.ref('excluded.paid_by_week_end'),
            updated_position: eb.ref('excluded.updated_position'),
          })),
        )
        .execute();
    }

    const factRows = months.sorted('month', 'collected_in_month') as NewKpiFacts[];
    for (const chunk of chunks(factRows)) {
      await db
        .insertInto('kpi_facts')
        .values(chunk)
        .onConflict((oc) =>
          oc.columns(['employee_id', 'month']).doUpdateSet((eb) => ({
            ...Object.fromEntries(
              FACT_COUNTERS.map((c) => [c, eb(`kpi_facts.${c}`, '+', eb.ref(`excluded.${c}`))]),
            ),
            updated_position: eb.ref('excluded.updated_position'),
          })),
        )
        .execute();
    }

    const weekRows = weeks.sorted('week', 'collected_in_week') as NewKpiFactsWeekly[];
    for (const chunk of chunks(weekRows)) {
      await db
        .insertInto('kpi_facts_weekly')
        .values(chunk)
        .onConflict((oc) =>
          oc.columns(['employee_id', 'week']).doUpdateSet((eb) => ({
            ...Object.fromEntries(
              WEEKLY_COUNTERS.map((c) => [c, eb(`kpi_facts_weekly.${c}`, '+', eb.ref(`excluded.${c}`))]),
            ),
            updated_position: eb.ref('excluded.updated_position'),
          })),
        )
        .execute();
    }

    const dimensionRows: NewKpiSalesByDimension[] = [...dimensions.keys()].sort().map((key) => {
      const { position, ...row } = dimensions.get(key)!;
      return { ...row, updated_position: position.toString() };
    });
    for (const chunk of chunks(dimensionRows)) {
      await db
        .insertInto('kpi_sales_by_dimension')
        .values(chunk)
        .onConflict((oc) =>
          oc
            .columns(['employee_id', 'month', 'product_line', 'customer_type', 'channel'])
            .doUpdateSet((eb) => ({
              ...Object.fromEntries(
                DIMENSION_COUNTERS.map((c) => [
                  c,
                  eb(`kpi_sales_by_dimension.${c}`, '+', eb.ref(`excluded.${c}`)),
                ]),
              ),
              updated_position: eb.ref('excluded.updated_position'),
            })),
        )
        .execute();
    }
  },
};

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}
