import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { checkMonth, type ReadScope, scoped } from '../scope.ts';
import type { CommissionLedgerRow, CommissionSummary } from './table.ts';

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
