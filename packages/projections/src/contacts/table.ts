import type { ColumnType, Selectable } from 'kysely';

type BigintColumn = ColumnType<string, number | string, number | string>;

/**
 * `read.customer_contacts`: one row per rep and customer they were in touch with (follow-ups,
 * demos, opportunities, sales): how often, and the latest contact by business time, its kind
 * (`call`, `visit`, `message`, `follow_up` when the CRM did not say, `demo`, `opportunity`,
 * `sale`) and where it was logged (`mobile`, `crm`, or null when the event does not say).
 */
export interface CustomerContactsTable {
  employee_id: string;
  customer_id: string;
  contacts: number;
  last_at: string;
  last_kind: string;
  last_source: string | null;
  /** Global position of the latest contact's event. */
  position: BigintColumn;
}
export type CustomerContact = Selectable<CustomerContactsTable>;

export interface ContactsDb {
  customer_contacts: CustomerContactsTable;
}
