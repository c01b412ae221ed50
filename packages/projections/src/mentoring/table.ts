import type { ColumnType, Insertable, Selectable } from 'kysely';

/** A `bigint` position: read back as a string, written as a string or number. */
type BigintColumn = ColumnType<string, number | string, number | string>;

/** `read.mentorships`: one row per newcomer (mentee) who ever had a mentor; the current or last one. */
export interface MentorshipsTable {
  mentee_id: string;
  mentor_id: string;
  assigned_at: string;
  /** `null` while the mentorship runs. */
  ended_at: string | null;
  end_reason: 'replaced' | 'probation_passed' | 'probation_failed' | 'mentee_left' | 'mentor_left' | null;
  /** Mentors assigned to this mentee so far (1 + replacements). */
  mentors_so_far: number;
  ratings: number;
  rating_sum: number;
  last_rating: number | null;
  /** The last full week (Monday) given a `mentor_weeks` row so far. */
  weeks_through: string | null;
  updated_position: BigintColumn;
}
export type Mentorship = Selectable<MentorshipsTable>;

/** `read.mentor_assignments`: every mentor assignment, its end and why it ended. */
export interface MentorAssignmentsTable {
  mentee_id: string;
  mentor_id: string;
  assigned_at: string;
  ended_at: string | null;
  end_reason: MentorshipsTable['end_reason'];
  /** Why the mentor was assigned or replaced, when HR said so. */
  reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** Global position of the `MentorAssigned` event. */
  position: BigintColumn;
}
export type MentorAssignment = Selectable<MentorAssignmentsTable>;

/**
 * `read.mentor_weeks`: one row per mentor–mentee pair and week (Monday, UTC). The three tasks
 * owed each week are counted; a full week of the mentorship that has ended (the latest event
 * time seen is past its Sunday) with a task missing is `overdue`.
 */
export interface MentorWeeksTable {
  mentee_id: string;
  mentor_id: string;
  /** Monday of the week, `YYYY-MM-DD`. */
  week: string;
  /** Tasks owed: 3 in a full week of the mentorship, 0 in a partial first or last week. */
  due: number;
  ride_along_visit: number;
  deal_review: number;
  performance_talk: number;
  /** Distinct tasks done (0–3). */
  done: number;
  state: 'open' | 'done' | 'overdue' | 'not_due';
  /** Tasks not done in an overdue week. */
  missing: string[];
  /** Global position of the last task done in the week; `null` when none. */
  last_task_position: ColumnType<string | null, number | string | null, number | string | null>;
}
export type MentorWeek = Selectable<MentorWeeksTable>;
export type NewMentorWeek = Insertable<MentorWeeksTable>;

/** `read.mentor_ratings`: each rating of a mentor by their mentee, 0–10 (below 7: replace). */
export interface MentorRatingsTable {
  event_id: string;
  mentee_id: string;
  mentor_id: string;
  rating: number;
  at: string;
  position: BigintColumn;
}
export type MentorRating = Selectable<MentorRatingsTable>;

/** `read.mentor_tasks`: each mentor task done, with its notes, by week (Monday, UTC). */
export interface MentorTasksTable {
  event_id: string;
  mentee_id: string;
  mentor_id: string;
  week: string;
  task: string;
  notes: string;
  at: string;
  position: BigintColumn;
}
export type MentorTask = Selectable<MentorTasksTable>;

/** `read.mentoring_clock`: the latest business time seen, which closes weeks (one row). */
export interface MentoringClockTable {
  id: number;
  now: string;
}

export interface MentoringDb {
  mentorships: MentorshipsTable;
  mentor_assignments: MentorAssignmentsTable;
  mentor_weeks: MentorWeeksTable;
  mentor_ratings: MentorRatingsTable;
  mentor_tasks: MentorTasksTable;
  mentoring_clock: MentoringClockTable;
}
