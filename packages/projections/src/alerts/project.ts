import type { Kysely } from 'kysely';
import type { Projection } from '../runner/projection.ts';
import { pos, upsert } from '../support.ts';
import type { AlertsDb } from './table.ts';

/** Raised alerts and acknowledgements. */
export const alertsProjection: Projection<AlertsDb, 'AlertRaised' | 'AlertAcknowledged'> = {
  name: 'alerts',
  version: '1',
  tables: ['alerts', 'alert_acks'],
  eventTypes: ['AlertRaised', 'AlertAcknowledged'],
  async apply(db: Kysely<AlertsDb>, events) {
    const raised: Record<string, unknown>[] = [];
    const acks: Record<string, unknown>[] = [];
    for (const { position, event } of events) {
      if (event.type === 'AlertRaised') {
        const d = event.data;
        raised.push({
          alert_id: d.alertId,
          kind: d.kind,
          employee_id: d.employeeId,
          assignees: JSON.stringify(d.assignees),
          evidence_kind: d.evidence.kind,
          evidence_ref: d.evidence.ref ?? null,
          evidence_position: d.evidence.position,
          message_en: d.message.en,
          message_zh: d.message.zh,
          raised_by: d.raisedBy,
          raised_at: d.at,
          position: pos(position),
        });
      } else if (event.type === 'AlertAcknowledged') {
        const d = event.data;
        acks.push({
          alert_id: d.alertId,
          acknowledged_by: d.acknowledgedBy,
          note: d.note ?? null,
          at: d.at,
          position: pos(position),
        });
      }
    }
    await upsert(db, 'alerts', raised, ['alert_id']);
    await upsert(db, 'alert_acks', acks, ['alert_id']);
  },
};
