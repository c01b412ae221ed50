import type { Kysely } from 'kysely';
import type { Projection } from '../runner/projection.ts';
import { pos, upsert } from '../support.ts';
import type { FeedbackDb, NewFeedback360Row } from './table.ts';

/** 360-degree feedback, one row per `Feedback360Given` event. */
export const feedbackProjection: Projection<FeedbackDb, 'Feedback360Given'> = {
  name: 'feedback',
  version: '1',
  tables: ['feedback_360'],
  eventTypes: ['Feedback360Given'],
  async apply(db: Kysely<FeedbackDb>, events) {
    const rows: NewFeedback360Row[] = [];
    for (const { position, id, event } of events) {
      if (event.type !== 'Feedback360Given') continue;
      const d = event.data;
      rows.push({
        event_id: id,
        employee_id: d.employeeId,
        from_kind: d.from,
        from_id: d.fromId ?? null,
        rating: d.rating,
        comment: d.comment ?? null,
        at: d.at,
        position: pos(position),
      });
    }
    await upsert(db, 'feedback_360', rows as unknown as Record<string, unknown>[], ['event_id']);
  },
};
