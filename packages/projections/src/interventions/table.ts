import type { ColumnType, Insertable, Selectable } from 'kysely';

type BigintColumn = ColumnType<string, number | string, number | string>;

/** `read.interventions`: every intervention on a person at risk of leaving (`InterventionRecorded`). */
export interface InterventionsTable {
  /** Id of the `InterventionRecorded` event: a replay overwrites, never doubles. */
  event_id: string;
  employee_id: string;
  kind: 'coaching' | 'mentor_change' | 'target_adjusted' | 'career_talk' | 'other';
  note: string;
  recorded_by: string;
  /** Business time of the intervention (ISO 8601). */
  at: string;
  position: BigintColumn;
}
export type InterventionRow = Selectable<InterventionsTable>;
export type NewInterventionRow = Insertable<InterventionsTable>;

export interface InterventionsDb {
  interventions: InterventionsTable;
}
