import type { Kysely } from 'kysely';
import type { Projection } from '../runner/projection.ts';
import { inTuples, millis, pos, upsert } from '../support.ts';
import type { ContactsDb, CustomerContact } from './table.ts';

const EVENT_TYPES = ['CustomerFollowUpLogged', 'DemoGiven', 'OpportunityCreated', 'SaleClosed'] as const;

const key = (employeeId: string, customerId: string) => `${employeeId}\u0000${customerId}`;

/** A rep's customers and their latest contact, for the phone's quick log. */
export const contactsProjection: Projection<ContactsDb, (typeof EVENT_TYPES)[number]> = {
  name: 'contacts',
  version: '1',
  tables: ['customer_contacts'],
  eventTypes: EVENT_TYPES,
  async apply(db: Kysely<ContactsDb>, events) {
    const touched = new Map<string, { employee_id: string; customer_id: string }>();
    for (const { event } of events) {
      const { employeeId, customerId } = event.data;
      touched.set(key(employeeId, customerId), { employee_id: employeeId, customer_id: customerId });
    }
    if (touched.size === 0) return;
    const rows = new Map<string, CustomerContact>();
    // The pairs travel as two arrays (two parameters, whatever their number).
    const pairs = [...touched.values()];
    for (const r of await db
      .selectFrom('customer_contacts')
      .selectAll()
      .where(
        inTuples(
          ['employee_id', 'customer_id'],
          pairs.map((t) => [t.employee_id, t.customer_id]),
        ),
      )
      .execute()) {
      rows.set(key(r.employee_id, r.customer_id), r);
    }
    for (const { position, event } of events) {
      const d = event.data;
      const at = event.type === 'SaleClosed' ? event.data.closedAt : event.data.at;
      const kind =
        event.type === 'CustomerFollowUpLogged'
          ? (event.data.kind ?? 'follow_up')
          : event.type === 'DemoGiven'
            ? 'demo'
            : event.type === 'OpportunityCreated'
              ? 'opportunity'
              : 'sale';
      const source =
        event.type === 'CustomerFollowUpLogged' || event.type === 'DemoGiven'
          ? (event.data.source ?? null)
          : null;
      const k = key(d.employeeId, d.customerId);
      const p = pos(position);
      const row = rows.get(k);
      // The latest contact by business time; of two at the same time, the later event.
      const later = !row || millis(at) >= millis(row.last_at);
      rows.set(k, {
        employee_id: d.employeeId,
        customer_id: d.customerId,
        contacts: (row?.contacts ?? 0) + 1,
        last_at: later ? at : (row?.last_at ?? at),
        last_kind: later ? kind : (row?.last_kind ?? kind),
        last_source: later ? source : (row?.last_source ?? source),
        position: later ? p : (row?.position ?? p),
      });
    }
    await upsert(db, 'customer_contacts', [...rows.values()], ['employee_id', 'customer_id']);
  },
};
