import { type CommissionPlan, DEFAULT_COMMISSION_PLAN, tieredCommission } from '@trackrecord/domain';
import { type Kysely, sql } from 'kysely';
import { parseRecorded } from '../runner/parse.ts';
import type { Projection } from '../runner/projection.ts';
import type { CommissionDb, NewCommissionLedgerRow, NewCommissionSummary } from './table.ts';

const EVENT_TYPES = ['PaymentCollected', 'SaleReversed'] as const;

/** The plan in force: the demo plan, monthly tiers on collected revenue. */
export const COMMISSION_PLAN: CommissionPlan = DEFAULT_COMMISSION_PLAN;
if (COMMISSION_PLAN.period !== 'month') {
  throw new Error(
    `the commission read model keeps monthly periods, plan ${COMMISSION_PLAN.id} is per ${COMMISSION_PLAN.period}`,
  );
}

/** Rate of the tier holding the last fen of `collected` (the first tier's rate for nothing collected). */
export function marginalRate(collected: number, plan: CommissionPlan): number {
  let rate = plan.tiers[0]?.rate ?? 0;
  for (const tier of plan.tiers) if (collected > tier.from) rate = tier.rate;
  return rate;
}

/**
 * Commission earned by a payment of `amount` when `before` was already collected in the period:
 * the rounded cumulative commission after it minus before it, exactly as `periodCommission` pays
 * each payment, so the ledger sums to the period total and a payment's figure never changes.
 */
export function paymentCommission(before: number, amount: number, plan: CommissionPlan): number {
  return Math.round(tieredCommission(before + amount, plan)) - Math.round(tieredCommission(before, plan));
}

const CHUNK = 1000;

/**
 * Commission ledger and monthly summary. Payments count towards their month's tiers in the order
 * they were recorded (global position), which is the order `periodCommission` is given them.
 */
export const commissionProjection: Projection<CommissionDb> = {
  name: 'commission',
  version: '1',
  tables: ['commission_ledger', 'commission_summary', 'commission_reversed_sales'],
  eventTypes: EVENT_TYPES,
  async apply(db: Kysely<CommissionDb>, events) {
    const parsed = events.map((recorded) => ({
      position: recorded.position,
      event: parseRecorded(recorded),
    }));
    const key = (employeeId: string, month: string) => `${employeeId}\u0000${month}`;

    const paymentIds: string[] = [];
    const saleIds = new Set<string>();
    const periods = new Map<string, { employeeId: string; month: string }>();
    for (const { event } of parsed) {
      if (event.type === 'PaymentCollected') {
        const month = event.data.collectedAt.slice(0, 7);
        paymentIds.push(event.data.paymentId);
        saleIds.add(event.data.saleId);
        periods.set(key(event.data.employeeId, month), { employeeId: event.data.employeeId, month });
      } else if (event.type === 'SaleReversed') saleIds.add(event.data.saleId);
    }

    const seen = new Set<string>();
    if (paymentIds.length > 0) {
      const rows = await db
        .selectFrom('commission_ledger')
        .select('payment_id')
        .where('payment_id', 'in', paymentIds)
        .execute();
      for (const r of rows) seen.add(r.payment_id);
    }
    const reversed = new Set<string>();
    if (saleIds.size > 0) {
      const rows = await db
        .selectFrom('commission_reversed_sales')
        .select('sale_id')
        .where('sale_id', 'in', [...saleIds])
        .execute();
      for (const r of rows) reversed.add(r.sale_id);
    }
    type Summary = {
      employee_id: string;
      month: string;
      collected: number;
      commission: number;
      payments: number;
      reversed_payments: number;
      reversed_commission: number;
      position: bigint;
      changed: boolean;
    };
    const summaries = new Map<string, Summary>();
    if (periods.size > 0) {
      const rows = await db
        .selectFrom('commission_summary')
        .selectAll()
        .where(({ eb, refTuple, tuple }) =>
          eb(
            refTuple('employee_id', 'month'),
            'in',
            [...periods.values()].map((p) => tuple(p.employeeId, p.month)),
          ),
        )
        .execute();
      for (const r of rows) {
        summaries.set(key(r.employee_id, r.month), {
          employee_id: r.employee_id,
          month: r.month,
          collected: Number(r.collected),
          commission: Number(r.commission),
          payments: r.payments,
          reversed_payments: r.reversed_payments,
          reversed_commission: Number(r.reversed_commission),
          position: BigInt(r.updated_position),
          changed: false,
        });
      }
    }

    const ledger: NewCommissionLedgerRow[] = [];
    const newlyReversed: { sale_id: string; reversed_at: string; position: string }[] = [];
    for (const { position, event } of parsed) {
      switch (event.type) {
        case 'PaymentCollected': {
          const d = event.data;
          if (seen.has(d.paymentId)) break; // already in the ledger
          seen.add(d.paymentId);
          const month = d.collectedAt.slice(0, 7);
          const k = key(d.employeeId, month);
          let summary = summaries.get(k);
          if (!summary) {
            summary = {
              employee_id: d.employeeId,
              month,
              collected: 0,
              commission: 0,
              payments: 0,
              reversed_payments: 0,
              reversed_commission: 0,
              position,
              changed: true,
            };
            summaries.set(k, summary);
          }
          const before = summary.collected;
          const commission = paymentCommission(before, d.amount, COMMISSION_PLAN);
          const saleReversed = reversed.has(d.saleId);
          ledger.push({
            payment_id: d.paymentId,
            sale_id: d.saleId,
            employee_id: d.employeeId,
            month,
            collected_at: d.collectedAt,
            collected: d.amount,
            collected_before: before,
            rate: marginalRate(before + d.amount, COMMISSION_PLAN),
            commission,
            plan_id: COMMISSION_PLAN.id,
            plan_version: COMMISSION_PLAN.version,
            sale_reversed: saleReversed,
            position: position.toString(),
          });
          summary.collected += d.amount;
          summary.commission += commission;
          summary.payments += 1;
          if (saleReversed) {
            summary.reversed_payments += 1;
            summary.reversed_commission += commission;
          }
          summary.position = position;
          summary.changed = true;
          break;
        }
        case 'SaleReversed':
          if (reversed.has(event.data.saleId)) break;
          reversed.add(event.data.saleId);
          newlyReversed.push({
            sale_id: event.data.saleId,
            reversed_at: event.data.reversedAt,
            position: position.toString(),
          });
          break;
        default:
          throw new Error(`commission projection received ${event.type}, which it does not handle`);
      }
    }

    const summaryRows: NewCommissionSummary[] = [...summaries.keys()]
      .sort()
      .map((k) => summaries.get(k)!)
      .filter((s) => s.changed)
      .map(({ position, changed: _, ...s }) => ({
        ...s,
        plan_id: COMMISSION_PLAN.id,
        plan_version: COMMISSION_PLAN.version,
        updated_position: position.toString(),
      }));
    for (let i = 0; i < summaryRows.length; i += CHUNK) {
      await db
        .insertInto('commission_summary')
        .values(summaryRows.slice(i, i + CHUNK))
        .onConflict((oc) =>
          oc.columns(['employee_id', 'month']).doUpdateSet((eb) => ({
            collected: eb.ref('excluded.collected'),
            commission: eb.ref('excluded.commission'),
            payments: eb.ref('excluded.payments'),
            reversed_payments: eb.ref('excluded.reversed_payments'),
            reversed_commission: eb.ref('excluded.reversed_commission'),
            plan_id: eb.ref('excluded.plan_id'),
            plan_version: eb.ref('excluded.plan_version'),
            updated_position: eb.ref('excluded.updated_position'),
          })),
        )
        .execute();
    }
    for (let i = 0; i < ledger.length; i += CHUNK) {
      await db
        .insertInto('commission_ledger')
        .values(ledger.slice(i, i + CHUNK))
        .execute();
    }

    if (newlyReversed.length > 0) {
      await db.insertInto('commission_reversed_sales').values(newlyReversed).execute();
      // Flag the payments recorded before the reversal (in earlier batches or earlier in this one).
      const flagged = await db
        .updateTable('commission_ledger')
        .set({ sale_reversed: true })
        .where(
          'sale_id',
          'in',
          newlyReversed.map((r) => r.sale_id),
        )
        .where('sale_reversed', '=', false)
        .returning(['employee_id', 'month', 'commission'])
        .execute();
      const byPeriod = new Map<
        string,
        { employeeId: string; month: string; payments: number; commission: number }
      >();
      for (const row of flagged) {
        const k = key(row.employee_id, row.month);
        const entry = byPeriod.get(k) ?? {
          employeeId: row.employee_id,
          month: row.month,
          payments: 0,
          commission: 0,
        };
        entry.payments += 1;
        entry.commission += Number(row.commission);
        byPeriod.set(k, entry);
      }
      for (const k of [...byPeriod.keys()].sort()) {
        const p = byPeriod.get(k)!;
        await db
          .updateTable('commission_summary')
          .set({
            reversed_payments: sql<number>`reversed_payments + ${p.payments}`,
            reversed_commission: sql<string>`reversed_commission + ${p.commission}`,
          })
          .where('employee_id', '=', p.employeeId)
          .where('month', '=', p.month)
          .execute();
      }
    }
  },
};
