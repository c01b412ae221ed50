import {
  addMonths,
  type CommissionPlan,
  commissionPeriodKey,
  commissionPlanInForce,
  DEFAULT_COMMISSION_PLAN_IN_FORCE,
  marginalRate,
  monthRange,
  type PlanInForce,
  paymentCommission,
  refundClawback,
} from '@trackrecord/domain';
import { type Kysely, sql } from 'kysely';
import { eventTime } from '../policies/project.ts';
import type { Projection } from '../runner/projection.ts';
import { inTuples, upsert } from '../support.ts';
import type {
  CommissionDb,
  NewCommissionAdjustment,
  NewCommissionDispute,
  NewCommissionLedgerRow,
  NewCommissionSummary,
} from './table.ts';

const EVENT_TYPES = [
  'PaymentCollected',
  'SaleReversed',
  'PaymentRefunded',
  'CommissionLineDisputed',
  'CommissionDisputeResolved',
  'CommissionPlanPublished',
  'CommissionPeriodClosed',
] as const;

/**
 * The months of the period `period` holding `month` (`YYYY-MM`): the month itself, or all three
 * months of its quarter. Tiers count what was recorded earlier in any of them, whatever its date.
 */
function periodMonths(month: string, period: CommissionPlan['period']): string[] {
  if (period === 'month') return [month];
  const year = month.slice(0, 4);
  const first = Math.floor((Number(month.slice(5, 7)) - 1) / 3) * 3 + 1;
  return [0, 1, 2].map((i) => `${year}-${String(first + i).padStart(2, '0')}`);
}

const key = (employeeId: string, month: string) => `${employeeId}\u0000${month}`;

type Summary = {
  employee_id: string;
  month: string;
  collected: number;
  commission: number;
  adjustments: number;
  payments: number;
  reversed_payments: number;
  reversed_commission: number;
  plan_id: string;
  plan_version: number;
  position: bigint;
  changed: boolean;
};

/** A ledger line as the clawback and reprocessing need it. */
type Line = {
  payment_id: string;
  sale_id: string;
  employee_id: string;
  month: string;
  collected_at: string;
  collected: number;
  rate: number;
  commission: number;
  plan_id: string;
  plan_version: number;
  position: bigint;
  /** What plan reprocessing has added to the line since (fen). */
  reprocessed: number;
  /** What accepted disputes have added to the line since (fen). */
  disputed: number;
  /** Fen of the payment refunded so far. */
  refunded: number;
  /** Every adjustment of the line so far (fen): commission + adjusted is what it has paid. */
  adjusted: number;
  /** The month the line is paid in. */
  payout_month: string;
};

/** What the line earns before refunds: its commission and the corrections of it (fen). */
const earned = (line: Line) => line.commission + line.reprocessed + line.disputed;

/**
 * Commission ledger, adjustments, monthly summary, payout periods, statements and disputes.
 * Each payment is paid under the plan in force at its business date (`commissionPlanInForce`:
 * the version with the latest effective date on or before it; the demo plan before any is
 * published), its tiers counted on what the person collected earlier in that plan's period
 * (month or quarter), in the order payments were recorded (global position). A line is never
 * rewritten once written; corrections are adjustment lines beside it:
 *
 * - a reversed sale claws back what each of its payments has paid so far, at the rate it was
 *   paid at, in the month the reversal is dated; a payment recorded on a sale already reversed
 *   is clawed back at once;
 * - a refund claws back the refunded share of what the line earned (its commission with
 *   reprocessing and accepted disputes): cumulatively, round(earned × refunded ÷ collected)
 *   after the refund minus before it, so a full refund claws back exactly what was earned;
 * - a plan version whose effective date lies before payments already paid reprocesses them:
 *   each payment's commission is recomputed under the plans then known, and the difference is
 *   an adjustment in the payment's own month, naming the new version;
 * - an accepted dispute pays the correction HR decided, in the month of the resolution.
 *
 * Payout periods: closing a month locks it and every earlier open month, and draws one
 * statement per person for each (lines by `payout_month`, adjustments by `month`). Anything
 * later that would count in a locked month counts in the first open month instead, and names
 * the locked month it corrects (`corrects_month`).
 *
 * Rows are a function of the events in `$all` order, whatever the batch size.
 */
export const commissionProjection: Projection<CommissionDb, (typeof EVENT_TYPES)[number]> = {
  name: 'commission',
  version: '3',
  tables: [
    'commission_ledger',
    'commission_summary',
    'commission_reversed_sales',
    'commission_plans',
    'commission_adjustments',
    'commission_periods',
    'commission_statements',
    'commission_disputes',
  ],
  eventTypes: EVENT_TYPES,
  async apply(db: Kysely<CommissionDb>, events) {
    const parsed = events;

    const plans: PlanInForce[] = [
      DEFAULT_COMMISSION_PLAN_IN_FORCE,
      ...(await db.selectFrom('commission_plans').selectAll().execute()).map((r) => ({
        plan: r.document as CommissionPlan,
        effectiveFrom: r.effective_from,
        position: BigInt(r.position),
      })),
    ];
    const planAt = (date: string): PlanInForce =>
      commissionPlanInForce(plans, date) ?? DEFAULT_COMMISSION_PLAN_IN_FORCE;

    const locked = await db
      .selectFrom('commission_periods')
      .select((e) => e.fn.max('month').as('month'))
      .executeTakeFirst();
    let closedThrough: string | null = locked?.month ?? null;
    /** The month something of business month `month` counts in: its own, or the first open one. */
    const payoutMonth = (month: string) =>
      closedThrough !== null && month <= closedThrough ? addMonths(closedThrough, 1) : month;
    const lockedMonth = (month: string) => (closedThrough !== null && month <= closedThrough ? month : null);

    // What this batch needs from earlier ones, in a handful of statements.
    const paymentIds: string[] = [];
    const saleIds = new Set<string>();
    const disputeIds: string[] = [];
    const months = new Map<string, { employeeId: string; month: string }>();
    const wantMonth = (employeeId: string, month: string) => {
      for (const m of periodMonths(month, 'quarter'))
        months.set(key(employeeId, m), { employeeId, month: m });
      if (closedThrough !== null) {
        const open = addMonths(closedThrough, 1);
        months.set(key(employeeId, open), { employeeId, month: open });
      }
    };
    for (const { event } of parsed) {
      switch (event.type) {
        case 'PaymentCollected':
          paymentIds.push(event.data.paymentId);
          saleIds.add(event.data.saleId);
          wantMonth(event.data.employeeId, event.data.collectedAt.slice(0, 7));
          break;
        case 'SaleReversed':
          saleIds.add(event.data.saleId);
          wantMonth(event.data.employeeId, event.data.reversedAt.slice(0, 7));
          break;
        case 'PaymentRefunded':
          saleIds.add(event.data.saleId);
          wantMonth(event.data.employeeId, event.data.refundedAt.slice(0, 7));
          break;
        case 'CommissionLineDisputed':
          disputeIds.push(event.data.disputeId);
          break;
        case 'CommissionDisputeResolved':
          disputeIds.push(event.data.disputeId);
          saleIds.add(event.data.saleId);
          wantMonth(event.data.employeeId, event.data.at.slice(0, 7));
          break;
        default:
          break;
      }
    }
    const seen = new Set<string>();
    if (paymentIds.length > 0) {
      for (const r of await db
        .selectFrom('commission_ledger')
        .select('payment_id')
        .where('payment_id', 'in', paymentIds)
        .execute())
        seen.add(r.payment_id);
    }
    const reversed = new Set<string>();
    /** Lines of the sales this batch touches, written earlier or in this batch. */
    const linesBySale = new Map<string, Line[]>();
    const lineOf = (saleId: string, paymentId: string) =>
      linesBySale.get(saleId)?.find((l) => l.payment_id === paymentId);
    if (saleIds.size > 0) {
      for (const r of await db
        .selectFrom('commission_reversed_sales')
        .select('sale_id')
        .where('sale_id', 'in', [...saleIds])
        .execute())
        reversed.add(r.sale_id);
      const lines = await loadLines(db, (q) => q.where('commission_ledger.sale_id', 'in', [...saleIds]));
      for (const line of lines) {
        const list = linesBySale.get(line.sale_id);
        if (list) list.push(line);
        else linesBySale.set(line.sale_id, [line]);
      }
    }
    /** Disputes of this batch and the earlier ones it resolves, as rows to write back. */
    const disputes = new Map<string, NewCommissionDispute & { changed: boolean }>();
    if (disputeIds.length > 0) {
      for (const r of await db
        .selectFrom('commission_disputes')
        .selectAll()
        .where('dispute_id', 'in', disputeIds)
        .execute())
        disputes.set(r.dispute_id, { ...r, changed: false });
    }

    const summaries = new Map<string, Summary>();
    const loadSummaries = async (wanted: { employeeId: string; month: string }[]) => {
      const missing = wanted.filter((w) => !summaries.has(key(w.employeeId, w.month)));
      if (missing.length === 0) return;
      const rows = await db
        .selectFrom('commission_summary')
        .selectAll()
        .where(
          inTuples(
            ['employee_id', 'month'],
            missing.map((p) => [p.employeeId, p.month]),
          ),
        )
        .execute();
      for (const r of rows) {
        summaries.set(key(r.employee_id, r.month), {
          employee_id: r.employee_id,
          month: r.month,
          collected: Number(r.collected),
          commission: Number(r.commission),
          adjustments: Number(r.adjustments),
          payments: r.payments,
          reversed_payments: r.reversed_payments,
          reversed_commission: Number(r.reversed_commission),
          plan_id: r.plan_id,
          plan_version: r.plan_version,
          position: BigInt(r.updated_position),
          changed: false,
        });
      }
    };
    await loadSummaries([...months.values()]);
    const summaryOf = (employeeId: string, month: string, position: bigint, plan: CommissionPlan) => {
      const k = key(employeeId, month);
      let summary = summaries.get(k);
      if (!summary) {
        summary = {
          employee_id: employeeId,
          month,
          collected: 0,
          commission: 0,
          adjustments: 0,
          payments: 0,
          reversed_payments: 0,
          reversed_commission: 0,
          plan_id: plan.id,
          plan_version: plan.version,
          position,
          changed: true,
        };
        summaries.set(k, summary);
      }
      return summary;
    };

    let ledger: NewCommissionLedgerRow[] = [];
    let adjustments: NewCommissionAdjustment[] = [];
    let newlyReversed: { sale_id: string; reversed_at: string; position: string }[] = [];
    let newPlans: {
      plan_id: string;
      version: number;
      effective_from: string;
      document: string;
      position: string;
    }[] = [];
    /**
     * An adjustment of `line`, counted in the payout month of business month `month` (the
     * first open month when it is locked); returns its id.
     */
    const adjust = async (
      line: Line,
      month: string,
      a: Omit<NewCommissionAdjustment, 'payment_id' | 'sale_id' | 'employee_id' | 'month' | 'corrects_month'>,
    ): Promise<string> => {
      const paidIn = payoutMonth(month);
      adjustments.push({
        ...a,
        month: paidIn,
        corrects_month: lockedMonth(line.payout_month),
        payment_id: line.payment_id,
        sale_id: line.sale_id,
        employee_id: line.employee_id,
      });
      line.adjusted += Number(a.amount);
      await loadSummaries([{ employeeId: line.employee_id, month: paidIn }]);
      const summary = summaryOf(line.employee_id, paidIn, BigInt(a.position), planAt(a.recorded_at).plan);
      summary.adjustments += Number(a.amount);
      summary.position = BigInt(a.position);
      summary.changed = true;
      return a.adjustment_id;
    };
    const flush = async () => {
      await upsert(db, 'commission_plans', newPlans, ['plan_id', 'version']);
      await upsert(db, 'commission_ledger', ledger, ['payment_id']);
      await upsert(db, 'commission_adjustments', adjustments, ['adjustment_id']);
      await upsert(db, 'commission_reversed_sales', newlyReversed, ['sale_id']);
      const changed = [...summaries.keys()]
        .sort()
        .map((k) => summaries.get(k)!)
        .filter((s) => s.changed);
      const rows: NewCommissionSummary[] = changed.map(({ position, changed: _, ...s }) => ({
        ...s,
        updated_position: position.toString(),
      }));
      await upsert(db, 'commission_summary', rows, ['employee_id', 'month']);
      for (const s of changed) s.changed = false;
      const changedDisputes = [...disputes.values()].filter((d) => d.changed);
      await upsert(
        db,
        'commission_disputes',
        changedDisputes.map(({ changed: _, ...d }) => d),
        ['dispute_id'],
      );
      for (const d of changedDisputes) d.changed = false;
      ledger = [];
      adjustments = [];
      newlyReversed = [];
      newPlans = [];
    };

    for (const { position, id, recordedAt, metadata, event } of parsed) {
      switch (event.type) {
        case 'PaymentCollected': {
          const d = event.data;
          if (seen.has(d.paymentId)) break; // already in the ledger
          seen.add(d.paymentId);
          const month = d.collectedAt.slice(0, 7);
          const { plan } = planAt(d.collectedAt);
          const before = periodMonths(month, plan.period).reduce(
            (sum, m) => sum + (summaries.get(key(d.employeeId, m))?.collected ?? 0),
            0,
          );
          const commission = paymentCommission(before, d.amount, plan);
          const rate = marginalRate(before + d.amount, plan);
          const saleReversed = reversed.has(d.saleId);
          const line: Line = {
            payment_id: d.paymentId,
            sale_id: d.saleId,
            employee_id: d.employeeId,
            month,
            collected_at: d.collectedAt,
            collected: d.amount,
            rate,
            commission,
            plan_id: plan.id,
            plan_version: plan.version,
            position,
            reprocessed: 0,
            disputed: 0,
            refunded: 0,
            adjusted: 0,
            payout_month: payoutMonth(month),
          };
          const { reprocessed: _r, disputed: _d, refunded: _f, adjusted: _a, ...columns } = line;
          ledger.push({
            ...columns,
            position: position.toString(),
            collected_before: before,
            sale_reversed: saleReversed,
          });
          const list = linesBySale.get(d.saleId);
          if (list) list.push(line);
          else linesBySale.set(d.saleId, [line]);
          const summary = summaryOf(d.employeeId, month, position, plan);
          summary.collected += d.amount;
          summary.commission += commission;
          summary.payments += 1;
          summary.plan_id = plan.id;
          summary.plan_version = plan.version;
          summary.position = position;
          summary.changed = true;
          if (saleReversed) {
            summary.reversed_payments += 1;
            summary.reversed_commission += commission;
            if (commission !== 0)
              await adjust(line, month, {
                adjustment_id: `sale_reversed:${d.paymentId}`,
                reason: 'sale_reversed',
                amount: -commission,
                rate,
                plan_id: plan.id,
                plan_version: plan.version,
                recorded_at: d.collectedAt,
                position: position.toString(),
              });
          }
          break;
        }
        case 'SaleReversed': {
          const d = event.data;
          if (reversed.has(d.saleId)) break;
          reversed.add(d.saleId);
          newlyReversed.push({ sale_id: d.saleId, reversed_at: d.reversedAt, position: position.toString() });
          const month = d.reversedAt.slice(0, 7);
          const lines = linesBySale.get(d.saleId) ?? [];
          await loadSummaries(lines.map((l) => ({ employeeId: l.employee_id, month: l.month })));
          for (const line of lines) {
            const paid = line.commission + line.adjusted;
            const original = summaryOf(
              line.employee_id,
              line.month,
              position,
              planAt(line.collected_at).plan,
            );
            original.reversed_payments += 1;
            original.reversed_commission += line.commission;
            original.changed = true;
            if (paid === 0) continue;
            await adjust(line, month, {
              adjustment_id: `sale_reversed:${line.payment_id}`,
              reason: 'sale_reversed',
              amount: -paid,
              rate: line.rate,
              plan_id: line.plan_id,
              plan_version: line.plan_version,
              recorded_at: d.reversedAt,
              position: position.toString(),
            });
          }
          // Lines written in this batch carry the flag from the start; earlier ones are updated.
          for (const row of ledger) if (row.sale_id === d.saleId) row.sale_reversed = true;
          await db
            .updateTable('commission_ledger')
            .set({ sale_reversed: true })
            .where('sale_id', '=', d.saleId)
            .execute();
          break;
        }
        case 'PaymentRefunded': {
          const d = event.data;
          const line = lineOf(d.saleId, d.paymentId);
          if (!line) break; // a refund of a payment the ledger does not hold (refused upstream)
          const before = line.refunded;
          line.refunded += d.amount;
          // A reversed sale has paid nothing back already: its lines were clawed back in full.
          const amount = reversed.has(d.saleId)
            ? 0
            : -(
                refundClawback(earned(line), line.refunded, line.collected) -
                refundClawback(earned(line), before, line.collected)
              );
          await adjust(line, d.refundedAt.slice(0, 7), {
            adjustment_id: `payment_refunded:${d.paymentId}:${position}`,
            reason: 'payment_refunded',
            amount,
            basis: d.amount,
            rate: line.collected === 0 ? 0 : earned(line) / line.collected,
            plan_id: line.plan_id,
            plan_version: line.plan_version,
            recorded_at: d.refundedAt,
            position: position.toString(),
          });
          break;
        }
        case 'CommissionLineDisputed': {
          const d = event.data;
          if (disputes.has(d.disputeId)) break;
          disputes.set(d.disputeId, {
            dispute_id: d.disputeId,
            sale_id: d.saleId,
            payment_id: d.paymentId,
            employee_id: d.employeeId,
            comment: d.comment,
            disputed_at: d.at,
            disputed_by: metadata.actor ?? 'unknown',
            position: position.toString(),
            status: 'open',
            amount: 0,
            reason: null,
            resolved_at: null,
            resolved_by: null,
            resolved_position: null,
            adjustment_id: null,
            changed: true,
          });
          break;
        }
        case 'CommissionDisputeResolved': {
          const d = event.data;
          const dispute = disputes.get(d.disputeId);
          if (dispute?.status !== 'open') break;
          dispute.status = d.outcome;
          dispute.amount = d.amount;
          dispute.reason = d.reason;
          dispute.resolved_at = d.at;
          dispute.resolved_by = metadata.actor ?? 'unknown';
          dispute.resolved_position = position.toString();
          dispute.changed = true;
          const line = lineOf(d.saleId, d.paymentId);
          if (d.outcome === 'accepted' && d.amount !== 0 && line) {
            line.disputed += d.amount;
            dispute.adjustment_id = await adjust(line, d.at.slice(0, 7), {
              adjustment_id: `dispute_accepted:${d.disputeId}`,
              reason: 'dispute_accepted',
              amount: d.amount,
              rate: line.rate,
              plan_id: line.plan_id,
              plan_version: line.plan_version,
              recorded_at: d.at,
              position: position.toString(),
              dispute_id: d.disputeId,
            });
          }
          break;
        }
        case 'CommissionPlanPublished': {
          const plan = event.data.plan;
          const effectiveFrom = plan.effectiveFrom ?? eventTime({ id, recordedAt }).slice(0, 10);
          plans.push({ plan, effectiveFrom, position });
          newPlans.push({
            plan_id: plan.id,
            version: plan.version,
            effective_from: effectiveFrom,
            document: JSON.stringify(plan),
            position: position.toString(),
          });
          // Payments already paid on or after its effective date are paid again under the plans
          // now known; the difference is an adjustment in the payment's month (or the first
          // open month when that is locked).
          await flush();
          const differences = await reprocess(db, effectiveFrom, position, planAt, reversed, linesBySale);
          for (const { line, amount, rate, plan: now } of differences) {
            line.reprocessed += amount;
            await adjust(line, line.month, {
              adjustment_id: `plan_reprocessed:${line.payment_id}:${position}`,
              reason: 'plan_reprocessed',
              amount,
              rate,
              plan_id: now.id,
              plan_version: now.version,
              recorded_at: effectiveFrom,
              position: position.toString(),
            });
          }
          break;
        }
        case 'CommissionPeriodClosed': {
          const d = event.data;
          if (closedThrough !== null && d.month <= closedThrough) break;
          await flush();
          await closePeriods(db, closedThrough, d.month, d.at, position);
          closedThrough = d.month;
          break;
        }
        default: {
          const unhandled: never = event;
          throw new Error(
            `commission projection received ${JSON.stringify(unhandled)}, which it does not handle`,
          );
        }
      }
    }
    await flush();
  },
};

/**
 * Locks the payout months after `closedThrough` up to `month` and draws their statements: per
 * person and month, the lines paid in it and the adjustments counted in it, with their totals
 * and the plan versions behind them. The rows read are the ones written before the close.
 */
async function closePeriods(
  db: Kysely<CommissionDb>,
  closedThrough: string | null,
  month: string,
  closedAt: string,
  position: bigint,
): Promise<void> {
  const after = closedThrough ?? '';
  const lines = await db
    .selectFrom('commission_ledger')
    .select(['employee_id', 'payout_month', 'collected', 'commission', 'plan_id', 'plan_version'])
    .where('payout_month', '>', after)
    .where('payout_month', '<=', month)
    .execute();
  const adjustments = await db
    .selectFrom('commission_adjustments')
    .select(['employee_id', 'month', 'amount', 'plan_id', 'plan_version'])
    .where('month', '>', after)
    .where('month', '<=', month)
    .execute();
  type Draft = {
    payments: number;
    collected: number;
    commission: number;
    adjustment_count: number;
    adjustments: number;
    plans: Set<string>;
  };
  const drafts = new Map<string, Draft & { employee_id: string; month: string }>();
  const draftOf = (employeeId: string, m: string) => {
    const k = key(employeeId, m);
    let draft = drafts.get(k);
    if (!draft) {
      draft = {
        employee_id: employeeId,
        month: m,
        payments: 0,
        collected: 0,
        commission: 0,
        adjustment_count: 0,
        adjustments: 0,
        plans: new Set(),
      };
      drafts.set(k, draft);
    }
    return draft;
  };
  let first = closedThrough === null ? month : addMonths(closedThrough, 1);
  for (const l of lines) {
    const draft = draftOf(l.employee_id, l.payout_month);
    draft.payments += 1;
    draft.collected += Number(l.collected);
    draft.commission += Number(l.commission);
    draft.plans.add(`${l.plan_id} v${l.plan_version}`);
    if (l.payout_month < first) first = l.payout_month;
  }
  for (const a of adjustments) {
    const draft = draftOf(a.employee_id, a.month);
    draft.adjustment_count += 1;
    draft.adjustments += Number(a.amount);
    draft.plans.add(`${a.plan_id} v${a.plan_version}`);
    if (a.month < first) first = a.month;
  }
  await upsert(
    db,
    'commission_periods',
    monthRange(first, month).map((m) => ({
      month: m,
      closed_at: closedAt,
      position: position.toString(),
    })),
    ['month'],
  );
  const statements = [...drafts.keys()].sort().map((k) => {
    const { plans, ...d } = drafts.get(k)!;
    return {
      ...d,
      payable: d.commission + d.adjustments,
      plans: [...plans].sort(),
      closed_at: closedAt,
      position: position.toString(),
    };
  });
  await upsert(db, 'commission_statements', statements, ['employee_id', 'month']);
}

/** Ledger lines (with what adjustments have added to each), oldest first. */
async function loadLines(
  db: Kysely<CommissionDb>,
  where: (q: ReturnType<typeof linesQuery>) => ReturnType<typeof linesQuery>,
): Promise<Line[]> {
  const rows = await where(linesQuery(db)).orderBy('commission_ledger.position').execute();
  return rows.map((r) => ({
    payment_id: r.payment_id,
    sale_id: r.sale_id,
    employee_id: r.employee_id,
    month: r.month,
    collected_at: r.collected_at,
    collected: Number(r.collected),
    rate: r.rate,
    commission: Number(r.commission),
    plan_id: r.plan_id,
    plan_version: r.plan_version,
    position: BigInt(r.position),
    payout_month: r.payout_month,
    reprocessed: Number(r.reprocessed ?? 0),
    disputed: Number(r.disputed ?? 0),
    refunded: Number(r.refunded ?? 0),
    adjusted: Number(r.adjusted ?? 0),
  }));
}

function linesQuery(db: Kysely<CommissionDb>) {
  return db
    .selectFrom('commission_ledger')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('commission_adjustments')
          .select([
            'payment_id',
            sql<string>`sum(amount) FILTER (WHERE reason = 'plan_reprocessed')`.as('reprocessed'),
            sql<string>`sum(amount) FILTER (WHERE reason = 'dispute_accepted')`.as('disputed'),
            sql<string>`sum(basis) FILTER (WHERE reason = 'payment_refunded')`.as('refunded'),
            (e) => e.fn.sum<string>('amount').as('adjusted'),
          ])
          .groupBy('payment_id')
          .as('r'),
      (join) => join.onRef('r.payment_id', '=', 'commission_ledger.payment_id'),
    )
    .select([
      'commission_ledger.payment_id',
      'commission_ledger.sale_id',
      'commission_ledger.employee_id',
      'commission_ledger.month',
      'commission_ledger.collected_at',
      'commission_ledger.collected',
      'commission_ledger.rate',
      'commission_ledger.commission',
      'commission_ledger.plan_id',
      'commission_ledger.plan_version',
      'commission_ledger.position',
      'commission_ledger.payout_month',
      'r.reprocessed',
      'r.disputed',
      'r.refunded',
      'r.adjusted',
    ]);
}

/**
 * Pays again, under the plans known now, every payment of a period that a plan effective from
 * `effectiveFrom` covers, walking each person's payments in recorded order so that each is
 * counted on what was collected before it in its plan's period; returns every difference.
 * Payments on reversed sales stay at nothing.
 */
async function reprocess(
  db: Kysely<CommissionDb>,
  effectiveFrom: string,
  position: bigint,
  planAt: (date: string) => PlanInForce,
  reversed: ReadonlySet<string>,
  linesBySale: Map<string, Line[]>,
): Promise<{ line: Line; amount: number; rate: number; plan: CommissionPlan }[]> {
  // Every line of a quarter that may hold a covered payment, so tiers see what came before.
  const firstMonth = periodMonths(effectiveFrom.slice(0, 7), 'quarter')[0]!;
  const lines = await loadLines(db, (q) =>
    q
      .where('commission_ledger.month', '>=', firstMonth)
      .where('commission_ledger.position', '<', position.toString()),
  );
  const differences: { line: Line; amount: number; rate: number; plan: CommissionPlan }[] = [];
  if (lines.length === 0) return differences;
  // Lines of sales this batch touched are the objects a later event in it reads.
  const live = new Map<string, Line>();
  for (const list of linesBySale.values()) for (const l of list) live.set(l.payment_id, l);
  /** Collected per person and period so far, walking in recorded order (`month|quarter` keys). */
  const collectedIn = new Map<string, number>();
  const periodKey = (line: Line, period: CommissionPlan['period']) =>
    `${period}\u0000${key(line.employee_id, commissionPeriodKey(line.collected_at, period))}`;
  for (const stored of lines) {
    const line = live.get(stored.payment_id) ?? stored;
    if (!live.has(line.payment_id)) {
      // Later events of the batch (a refund, a reversal) must see what this adds.
      const list = linesBySale.get(line.sale_id);
      if (list) list.push(line);
      else linesBySale.set(line.sale_id, [line]);
      live.set(line.payment_id, line);
    }
    const now = planAt(line.collected_at);
    const before = collectedIn.get(periodKey(line, now.plan.period)) ?? 0;
    for (const period of ['month', 'quarter'] as const) {
      const k = periodKey(line, period);
      collectedIn.set(k, (collectedIn.get(k) ?? 0) + line.collected);
    }
    if (line.collected_at.slice(0, 10) < effectiveFrom || reversed.has(line.sale_id)) continue;
    const difference =
      paymentCommission(before, line.collected, now.plan) - (line.commission + line.reprocessed);
    if (difference === 0) continue;
    differences.push({
      line,
      amount: difference,
      rate: marginalRate(before + line.collected, now.plan),
      plan: now.plan,
    });
  }
  return differences;
}
