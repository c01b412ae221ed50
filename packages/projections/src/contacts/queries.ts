import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import type { CustomerContact } from './table.ts';

/** A rep's customers, latest contact first (at most `limit`). */
export async function recentCustomers(
  db: Kysely<Database>,
  employeeId: string,
  limit = 8,
): Promise<CustomerContact[]> {
  return db
    .withSchema('read')
    .selectFrom('customer_contacts')
    .selectAll()
    .where('employee_id', '=', employeeId)
    .orderBy('last_at', 'desc')
    .orderBy('customer_id')
    .limit(limit)
    .execute();
}
