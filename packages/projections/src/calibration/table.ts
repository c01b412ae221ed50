import type { ColumnType, Insertable, Selectable } from 'kysely';

type BigintColumn = ColumnType<string, number | string, number | string>;

/**
 * `read.calibration_notes`: the notes of HR and the review committee on a promotion round
 * (`CalibrationAnnotated`), about one candidate or the round as a whole: the calibration
 * page's activity log.
 */
export interface CalibrationNotesTable {
  /** Id of the `CalibrationAnnotated` event: a replay overwrites, never doubles. */
  event_id: string;
  /** The round, `YYYY-Qn`. */
  round: string;
  /** The candidate the note is about; null for the round as a whole. */
  employee_id: string | null;
  note: string;
  annotated_by: string;
  /** Business time of the note (ISO 8601). */
  at: string;
  position: BigintColumn;
}
export type CalibrationNoteRow = Selectable<CalibrationNotesTable>;
export type NewCalibrationNoteRow = Insertable<CalibrationNotesTable>;

export interface CalibrationDb {
  calibration_notes: CalibrationNotesTable;
}
