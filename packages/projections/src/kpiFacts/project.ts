import { dateOf, monthEnd } from '@trackrecord/domain';
import type { Kysely } from 'kysely';
import { parseRecorded } from '../runner/parse.ts';
import type { Projection } from '../runner/projection.ts';
import type { KpiFactsDb, NewKpiFacts, NewKpiSale, NewKpiSalesByDimension } from './table.ts';

const EVENT_TYPES = [
  'SaleClosed',
  'SaleReversed',
  'SaleCorrected',
  'PaymentCollected',
  'OpportunityCreated',
  'DemoGiven',
  'CustomerFollowUpLogged',
  'CustomerRetained',
  'CustomerChurned',
  'CustomerFeedbackGiven',
  'ExpenseRecorded',
  'CollaborationCredited',
  'Feedback360Given',
] as const;

/** The calendar month (`YYYY-MM`) of a business time, as written (local time of the source system). */
export const monthOf = (time: string): string => time.slice(0, 7);

/** Gross margin amount in fen of a sale. */
export const marginAmount = (amount: number, grossMargin: number): number => Math.round(amount * grossMargin);

const FACT_COUNTERS = [
  'sales_amount',
  'deals',
  'gross_margin',
  'collected',
  'collected_in_month',
  'follow_ups',
  'demos',
  'opportunities',
  'new_customers',
  'customers_retained',
  'customers_churned',
  'feedback_rating_sum',
  'feedback_rating_count',
  'collaboration_credits',
  'rating360_sum',
  'rating360_count',
  'expenses',
] as const;
type FactCounter = (typeof FACT_COUNTERS)[number];

const DIMENSION_COUNTERS = ['sales_amount', 'deals', 'gross_margin', 'new_customers', 'collected'] as const;
type DimensionCounter = (typeof DIMENSION_COUNTERS)[number];

interface Sale {
  sale_id: string;
  employee_id: string;
  month: string;
  product_line: string;
  customer_type: string;
  channel: string;
  amount: number;
  gross_margin: number;
  new_customer: boolean;
  paid_by_period_end: number;
  reversed: boolean;
  updated_position: bigint;
}

/** Rows changed per batch are inserted this many at a time (PostgreSQL allows 65,535 parameters). */
const CHUNK = 1000;

/**
 * KPI facts per employee per calendar month, from CRM sales, ERP payments and activity events.
 * A batch is first folded in memory (deltas per row), then written with one additive upsert per
 * table; the runner commits it with the checkpoint, so each event counts exactly once.
 */
export const kpiFactsProjection: Projection<KpiFactsDb> = {
  name: 'kpi_facts',
  version: '2',
  tables: ['kpi_sales', 'kpi_facts', 'kpi_sales_by_dimension'],
  eventTypes: EVENT_TYPES,
  async apply(db: Kysely<KpiFactsDb>, events) {
    const parsed = events.map((recorded) => ({
      position: recorded.position,
      event: parseRecorded(recorded),
    }));

    // Every sale the batch refers to, loaded once: earlier batches' sales for reversals,
    // corrections and payments, and any already counted so a repeated close counts once.
    const wanted = new Set<string>();
    for (const { event } of parsed) {
      if (
        event.type === 'SaleClosed' ||
        event.type === 'SaleReversed' ||
        event.type === 'SaleCorrected' ||
        event.type === 'PaymentCollected'
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
          updated_position: BigInt(r.updated_position),
        });
      }
    }
    const changedSales = new Set<string>();

    const facts = new Map<
      string,
      { employee_id: string; month: string; position: bigint } & Record<FactCounter, number>
    >();
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
    const addFacts = (
      employeeId: string,
      month: string,
      position: bigint,
      delta: Partial<Record<FactCounter, number>>,
    ) => {
      const key = `${employeeId}\u0000${month}`;
      let row = facts.get(key);
      if (!row) {
        row = {
          employee_id: employeeId,
          month,
          position,
          ...(Object.fromEntries(FACT_COUNTERS.map((c) => [c, 0])) as Record<FactCounter, number>),
        };
        facts.set(key, row);
      }
      for (const [column, value] of Object.entries(delta) as [FactCounter, number][]) row[column] += value;
      if (position > row.position) row.position = position;
    };
    const addDimension = (
      sale: Sale,
      month: string,
      position: bigint,
      delta: Partial<Record<DimensionCounter, number>>,
    ) => {
      const key = [sale.employee_id, month, sale.product_line, sale.customer_type, sale.channel].join(
        '\u0000',
      );
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
      }
      for (const [column, value] of Object.entries(delta) as [DimensionCounter, number][])
        row[column] += value;
      if (position > row.position) row.position = position;
    };
    /** Adds (sign 1) or removes (sign −1) a sale's contribution to its original month. */
    const countSale = (sale: Sale, sign: 1 | -1, position: bigint) => {
      const delta = {
        sales_amount: sign * sale.amount,
        deals: sign,
        gross_margin: sign * sale.gross_margin,
        new_customers: sale.new_customer ? sign : 0,
      };
      addFacts(sale.employee_id, sale.month, position, {
        ...delta,
        collected: sign * Math.min(sale.paid_by_period_end, sale.amount),
      });
      addDimension(sale, sale.month, position, delta);
    };

    for (const { position, event } of parsed) {
      switch (event.type) {
        case 'SaleClosed': {
          const d = event.data;
          if (sales.has(d.saleId)) break; // already counted
          const sale: Sale = {
            sale_id: d.saleId,
            employee_id: d.employeeId,
            month: monthOf(d.closedAt),
            product_line: d.productLine,
            customer_type: d.customerType,
            channel: d.channel,
            amount: d.amount,
            gross_margin: marginAmount(d.amount, d.grossMargin),
            new_customer: d.newCustomer,
            paid_by_period_end: 0,
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
          sale.gross_margin = marginAmount(event.data.amount, event.data.grossMargin);
          if (!sale.reversed) countSale(sale, 1, position);
          sale.updated_position = position;
          changedSales.add(sale.sale_id);
          break;
        }
        case 'PaymentCollected': {
          const d = event.data;
          const month = monthOf(d.collectedAt);
          addFacts(d.employeeId, month, position, { collected_in_month: d.amount });
          const sale = sales.get(d.saleId);
          if (!sale) break;
          addDimension(sale, month, position, { collected: d.amount });
          // The KPI: only payments by the end of the sale's month count, up to its amount.
          if (dateOf(d.collectedAt) > monthEnd(sale.month)) break;
          const before = Math.min(sale.paid_by_period_end, sale.amount);
          sale.paid_by_period_end += d.amount;
          sale.updated_position = position;
          changedSales.add(sale.sale_id);
          if (!sale.reversed) {
            addFacts(sale.employee_id, sale.month, position, {
              collected: Math.min(sale.paid_by_period_end, sale.amount) - before,
            });
          }
          break;
        }
        case 'OpportunityCreated':
          addFacts(event.data.employeeId, monthOf(event.data.at), position, { opportunities: 1 });
          break;
        case 'DemoGiven':
          addFacts(event.data.employeeId, monthOf(event.data.at), position, { demos: 1 });
          break;
        case 'CustomerFollowUpLogged':
          addFacts(event.data.employeeId, monthOf(event.data.at), position, { follow_ups: 1 });
          break;
        case 'CustomerRetained':
          addFacts(event.data.employeeId, monthOf(event.data.at), position, { customers_retained: 1 });
          break;
        case 'CustomerChurned':
          addFacts(event.data.employeeId, monthOf(event.data.at), position, { customers_churned: 1 });
          break;
        case 'CustomerFeedbackGiven':
          addFacts(event.data.employeeId, monthOf(event.data.at), position, {
            feedback_rating_sum: event.data.rating,
            feedback_rating_count: 1,
          });
          break;
        case 'ExpenseRecorded':
          addFacts(event.data.employeeId, monthOf(event.data.at), position, { expenses: event.data.amount });
          break;
        case 'CollaborationCredited':
          addFacts(event.data.employeeId, monthOf(event.data.at), position, { collaboration_credits: 1 });
          break;
        case 'Feedback360Given':
          addFacts(event.data.employeeId, monthOf(event.data.at), position, {
            rating360_sum: event.data.rating,
            rating360_count: 1,
          });
          break;
        default:
          throw new Error(`kpi_facts projection received ${event.type}, which it does not handle`);
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
            updated_position: eb.ref('excluded.updated_position'),
          })),
        )
        .execute();
    }

    const factRows: NewKpiFacts[] = [...facts.keys()].sort().map((key) => {
      const { position, ...row } = facts.get(key)!;
      return { ...row, updated_position: position.toString() };
    });
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
