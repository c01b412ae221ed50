import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import type { ReadScope } from '../people/queries.ts';
import { checkMonth, scopeFilter } from '../scope.ts';
import type { CommissionLedgerRow, CommissionSummary } from './table.ts';

/** One person's payments of a month with the commission each earned, in the order they counted. */
export async function commissionLedger(
  db: Kysely<Database>,
  scope: ReadScope,
  employeeId: string,
  month: string,
): Promise<CommissionLedgerRow[]> {
  checkMonth(month);
  let query = db
    .withSchema('read')
    .selectFrom('commission_ledger')
    .leftJoin('people', 'people.employee_id', 'commission_ledger.employee_id')
    .selectAll('commission_ledger')
    .where('commission_ledger.employee_id', '=', employeeId)
    .where('commission_ledger.month', '=', month);
  const filter = scopeFilter(scope);
  if (filter) query = query.where(filter.column, '=', filter.value);
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
  let query = db
    .withSchema('read')
    .selectFrom('commission_summary')
    .leftJoin('people', 'people.employee_id', 'commission_summary.employee_id')
    .selectAll('commission_summary')
    .where('commission_summary.employee_id', '=', employeeId)
    .where('commission_summary.month', '=', month);
  const filter = scopeFilter(scope);
  if (filter) query = query.where(filter.column, '=', filter.value);
  return query.executeTakeFirst();
}

/** Everyone's commission summary of a month within the scope, by employee. */
export async function commissionSummaries(
  db: Kysely<Database>,
  scope: ReadScope,
  month: string,
): Promise<CommissionSummary[]> {
  checkMonth(month);
  let query = db
    .withSchema('read')
    .selectFrom('commission_summary')
    .leftJoin('people', 'people.employee_id', 'commission_summary.employee_id')
    .selectAll('commission_summary')
    .where('commission_summary.month', '=', month);
  const filter = scopeFilter(scope);
  if (filter) query = query.where(filter.column, '=', filter.value);
  return query.orderBy('commission_summary.employee_id').execute();
}

/** Payments on reversed sales whose commission awaits review, within the scope. */
export async function commissionToReview(
  db: Kysely<Database>,
  scope: ReadScope,
): Promise<CommissionLedgerRow[]> {
  let query = db
    .withSchema('read')
    .selectFrom('commission_ledger')
    .leftJoin('people', 'people.employee_id', 'commission_ledger.employee_id')
    .selectAll('commission_ledger')
    .where('commission_ledger.sale_reversed', '=', true);
  const filter = scopeFilter(scope);
  if (filter) query = query.where(filter.column, '=', filter.value);
  return query.orderBy('commission_ledger.position').execute();
}
