import type { Kysely } from 'kysely';
import type { Projection } from '../runner/projection.ts';
import { pos, upsert } from '../support.ts';
import type { InterventionsDb, NewInterventionRow } from './table.ts';

/** Interventions on people at risk of leaving, one row per `InterventionRecorded` event. */
export const interventionsProjection: Projection<InterventionsDb, 'InterventionRecorded'> = {
  name: 'interventions',
  version: '1',
  tables: ['interventions'],
  eventTypes: ['InterventionRecorded'],
  async apply(db: Kysely<InterventionsDb>, events) {
    const rows: NewInterventionRow[] = [];
    for (const { position, id, event } of events) {
      if (event.type !== 'InterventionRecorded') continue;
      const d = event.data;
      rows.push({
        event_id: id,
        employee_id: d.employeeId,
        kind: d.kind,
        note: d.note,
        recorded_by: d.recordedBy,
        at: d.at,
        position: pos(position),
      });
    }
    await upsert(db, 'interventions', rows as unknown as Record<string, unknown>[], ['event_id']);
  },
};
