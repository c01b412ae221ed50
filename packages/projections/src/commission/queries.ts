import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { checkMonth, type ReadScope, scoped } from '../scope.ts';
import type {
  CommissionAdjustment,
  CommissionDispute,
  CommissionDisputeStatus,
  CommissionLedgerRow,
  CommissionStatement,
  CommissionSummary,
} from './table.ts';

/** One person's payments of a month with the commission each earned, in the order they counted. */
export async function commissionLedger(
  db: Kysely<Database>,
  scope: ReadScope,
  employeeId: string,
  month: string,
): Promise<CommissionLedgerRow[]> {
  checkMonth(month);
  const query = scoped(db, scope, 'commission_ledger')
    .selectAll('commission_ledger')
    .where('commission_ledger.employee_id', '=', employeeId)
    .where('commission_ledger.month', '=', month);
  return query.orderBy('commission_ledger.position').execute();
}

/** One person's commission summary of a month; `undefined` when none or out of scope. */
export async function commissionSummary(
  db: Kysely<Database>,
  scope: ReadScope,
  employeeId: string,
  month: string,
): Promise<CommissionSummary | undefined> {
  checkMonth(month);
  const query = scoped(db, scope, 'commission_summary')
    .selectAll('commission_summary')
    .where('commission_summary.employee_id', '=', employeeId)
    .where('commission_summary.month', '=', month);
  return query.executeTakeFirst();
}

/** Everyone's commission summary of a month within the scope, by employee. */
export async function commissionSummaries(
  db: Kysely<Database>,
  scope: ReadScope,
  month: string,
): Promise<CommissionSummary[]> {
  checkMonth(month);
  const query = scoped(db, scope, 'commission_summary')
    .selectAll('commission_summary')
    .where('commission_summary.month', '=', month);
  return query.orderBy('commission_summary.employee_id').execute();
}

/** Payments on reversed sales whose commission awaits review, within the scope. */
export async function commissionToReview(
  db: Kysely<Database>,
  scope: ReadScope,
): Promise<CommissionLedgerRow[]> {
  const query = scoped(db, scope, 'commission_ledger')
    .selectAll('commission_ledger')
    .where('commission_ledger.sale_reversed', '=', true);
  return query.orderBy('commission_ledger.position').execute();
}

// Payout periods and statements: months are locked by a close (`commission_periods`); a locked
// month has one statement per person, drawn at the close and never changed after.

/** The locked payout months, oldest first, each with the close that locked it. */
export async function commissionPeriods(
  db: Kysely<Database>,
): Promise<{ month: string; closed_at: string; position: string }[]> {
  return db.withSchema('read').selectFrom('commission_periods').selectAll().orderBy('month').execute();
}

/** `YYYY-MM` of the last locked payout month; null when none is locked yet. */
export async function lastLockedMonth(db: Kysely<Database>): Promise<string | null> {
  const row = await db
    .withSchema('read')
    .selectFrom('commission_periods')
    .select((eb) => eb.fn.max('month').as('month'))
    .executeTakeFirst();
  return row?.month ?? null;
}

/** Locked statements within the scope: of a month, of a person, or both; newest month first. */
export async function commissionStatements(
  db: Kysely<Database>,
  scope: ReadScope,
  filter: { readonly month?: string; readonly employeeIds?: readonly string[]; readonly last?: number },
): Promise<CommissionStatement[]> {
  if (filter.month !== undefined) checkMonth(filter.month);
  let query = scoped(db, scope, 'commission_statements').selectAll('commission_statements');
  if (filter.month !== undefined) query = query.where('commission_statements.month', '=', filter.month);
  if (filter.employeeIds !== undefined) {
    if (filter.employeeIds.length === 0) return [];
    query = query.where('commission_statements.employee_id', 'in', [...filter.employeeIds]);
  }
  return query
    .orderBy('commission_statements.month', 'desc')
    .orderBy('commission_statements.employee_id')
    .execute();
}

/** A ledger line with the month it is paid in. */
export type PayoutLine = CommissionLedgerRow;

/**
 * The ledger lines paid in payout months `from`..`to` (both optional bounds, `YYYY-MM`) of
 * some people, in the order they counted; not scoped: callers check the field rules first.
 */
export async function payoutLines(
  db: Kysely<Database>,
  employeeIds: readonly string[],
  months: { readonly after?: string | null; readonly only?: string },
): Promise<PayoutLine[]> {
  if (employeeIds.length === 0) return [];
  let query = db
    .withSchema('read')
    .selectFrom('commission_ledger')
    .selectAll()
    .where('employee_id', 'in', [...employeeIds]);
  if (months.only !== undefined) query = query.where('payout_month', '=', months.only);
  if (months.after) query = query.where('payout_month', '>', months.after);
  return query.orderBy('position').orderBy('payment_id').execute();
}

/** An adjustment with the payment it corrects. */
export type PayoutAdjustment = CommissionAdjustment & {
  payment_collected_at: string;
  payment_amount: string;
};

/** The adjustments counted in payout months (as `payoutLines`), oldest first; not scoped. */
export async function payoutAdjustments(
  db: Kysely<Database>,
  employeeIds: readonly string[],
  months: { readonly after?: string | null; readonly only?: string },
): Promise<PayoutAdjustment[]> {
  if (employeeIds.length === 0) return [];
  let query = db
    .withSchema('read')
    .selectFrom('commission_adjustments as a')
    .innerJoin('commission_ledger as l', 'l.payment_id', 'a.payment_id')
    .selectAll('a')
    .select(['l.collected_at as payment_collected_at', 'l.collected as payment_amount'])
    .where('a.employee_id', 'in', [...employeeIds]);
  if (months.only !== undefined) query = query.where('a.month', '=', months.only);
  if (months.after) query = query.where('a.month', '>', months.after);
  return query.orderBy('a.position').orderBy('a.adjustment_id').execute();
}

/** A dispute with the line it disputes. */
export type DisputeWithLine = CommissionDispute & {
  line_month: string | null;
  line_payout_month: string | null;
  line_collected: string | null;
  line_commission: string | null;
  adjustment_month: string | null;
};

/** Commission disputes within the scope, newest first; of a status and of a person when given. */
export async function commissionDisputes(
  db: Kysely<Database>,
  scope: ReadScope,
  filter: { readonly status?: CommissionDisputeStatus; readonly employeeId?: string },
): Promise<DisputeWithLine[]> {
  let query = scoped(db, scope, 'commission_disputes')
    .leftJoin('commission_ledger as l', 'l.payment_id', 'commission_disputes.payment_id')
    .leftJoin('commission_adjustments as a', 'a.adjustment_id', 'commission_disputes.adjustment_id')
    .selectAll('commission_disputes')
    .select([
      'l.month as line_month',
      'l.payout_month as line_payout_month',
      'l.collected as line_collected',
      'l.commission as line_commission',
      'a.month as adjustment_month',
    ]);
  if (filter.status) query = query.where('commission_disputes.status', '=', filter.status);
  if (filter.employeeId) query = query.where('commission_disputes.employee_id', '=', filter.employeeId);
  return query.orderBy('commission_disputes.position', 'desc').execute() as Promise<DisputeWithLine[]>;
}
