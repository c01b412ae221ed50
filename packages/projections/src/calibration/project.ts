import type { Kysely } from 'kysely';
import type { Projection } from '../runner/projection.ts';
import { pos, upsert } from '../support.ts';
import type { CalibrationDb, NewCalibrationNoteRow } from './table.ts';

/** Calibration notes on promotion rounds, one row per `CalibrationAnnotated` event. */
export const calibrationProjection: Projection<CalibrationDb, 'CalibrationAnnotated'> = {
  name: 'calibration',
  version: '1',
  tables: ['calibration_notes'],
  eventTypes: ['CalibrationAnnotated'],
  async apply(db: Kysely<CalibrationDb>, events) {
    const rows: NewCalibrationNoteRow[] = [];
    for (const { position, id, event } of events) {
      if (event.type !== 'CalibrationAnnotated') continue;
      const d = event.data;
      rows.push({
        event_id: id,
        round: d.round,
        employee_id: d.employeeId,
        note: d.note,
        annotated_by: d.annotatedBy,
        at: d.at,
        position: pos(position),
      });
    }
    await upsert(db, 'calibration_notes', rows as unknown as Record<string, unknown>[], ['event_id']);
  },
};
