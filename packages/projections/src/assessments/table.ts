import type { ColumnType, Insertable, Selectable } from 'kysely';

type BigintColumn = ColumnType<string, number | string, number | string>;

/** `read.skill_assessments`: every skill assessment result from the learning system (`SkillAssessed`). */
export interface SkillAssessmentsTable {
  /** Id of the `SkillAssessed` event: a replay overwrites, never doubles. */
  event_id: string;
  employee_id: string;
  /** The assessment taken, as the learning system names it. */
  test: string;
  /** Score 0–100 (numeric: read back as a string). */
  score: ColumnType<string, number, number>;
  /** Business time of the assessment (ISO 8601). */
  at: string;
  position: BigintColumn;
}
export type SkillAssessmentRow = Selectable<SkillAssessmentsTable>;
export type NewSkillAssessmentRow = Insertable<SkillAssessmentsTable>;

export interface SkillAssessmentsDb {
  skill_assessments: SkillAssessmentsTable;
}
