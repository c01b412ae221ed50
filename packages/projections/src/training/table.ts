import type { ColumnType, Selectable } from 'kysely';

type BigintColumn = ColumnType<string, number | string, number | string>;

/** `read.training_enrollments`: one row per person and course of the LMS. */
export interface TrainingEnrollmentsTable {
  employee_id: string;
  course_id: string;
  state: 'assigned' | 'started' | 'completed';
  assigned_at: string | null;
  /** Who assigned it (a manager, HR, or `system:course-recommender`). */
  assigned_by: string | null;
  reason: string | null;
  /** The day it must be completed by (`YYYY-MM-DD`); null when assigned without one. */
  due_on: string | null;
  started_at: string | null;
  completed_at: string | null;
  /** Final test score, 0–100. */
  test_score: number | null;
  updated_position: BigintColumn;
}
export type TrainingEnrollment = Selectable<TrainingEnrollmentsTable>;

/** `read.training_clock`: the latest business time seen on `$all`, which makes a course overdue (one row). */
export interface TrainingClockTable {
  id: number;
  now: string;
}

export interface TrainingDb {
  training_enrollments: TrainingEnrollmentsTable;
  training_clock: TrainingClockTable;
}
