import type { ColumnType, Insertable, Selectable } from 'kysely';

type BigintColumn = ColumnType<string, number | string, number | string>;

/**
 * `read.feedback_360`: every 360-degree feedback about an employee (OA `Feedback360Given`):
 * who gave it (manager, peer or customer, and their id when known), the rating 1–5, the
 * comment and when. The comment is stored; who may read it is the API's field rule.
 */
export interface Feedback360Table {
  /** Id of the `Feedback360Given` event: one row per event, so a replay overwrites, never doubles. */
  event_id: string;
  employee_id: string;
  from_kind: 'manager' | 'peer' | 'customer';
  from_id: string | null;
  rating: number;
  comment: string | null;
  at: string;
  position: BigintColumn;
}
export type Feedback360Row = Selectable<Feedback360Table>;
export type NewFeedback360Row = Insertable<Feedback360Table>;

export interface FeedbackDb {
  feedback_360: Feedback360Table;
}
