import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { type ReadScope, scoped } from '../scope.ts';
import type { MentorAssignment, MentorRating, Mentorship, MentorTask, MentorWeek } from './table.ts';

/** A mentee's mentorship (current or last mentor, ratings); `undefined` when none or out of scope. */
export async function mentorshipOf(
  db: Kysely<Database>,
  scope: ReadScope,
  menteeId: string,
): Promise<Mentorship | undefined> {
  const q = scoped(db, scope, 'mentorships', { employee: 'mentee_id' })
    .selectAll('mentorships')
    .where('mentorships.mentee_id', '=', menteeId);
  return q.executeTakeFirst();
}

/** Every mentor a mentee had, oldest first. */
export async function mentorAssignments(
  db: Kysely<Database>,
  scope: ReadScope,
  menteeId: string,
): Promise<MentorAssignment[]> {
  const q = scoped(db, scope, 'mentor_assignments', { employee: 'mentee_id' })
    .selectAll('mentor_assignments')
    .where('mentor_assignments.mentee_id', '=', menteeId);
  return q.orderBy('mentor_assignments.position').execute();
}

/**
 * Tasks due/done/overdue per week for the pairs of a mentee or of a mentor, weeks (Mondays,
 * `YYYY-MM-DD`) from `from` to `to` inclusive, by week. Scoped by the mentee.
 */
export async function mentorWeeks(
  db: Kysely<Database>,
  scope: ReadScope,
  who: { menteeId: string } | { mentorId: string },
  range: { from: string; to: string },
): Promise<MentorWeek[]> {
  let q = scoped(db, scope, 'mentor_weeks', { employee: 'mentee_id' })
    .selectAll('mentor_weeks')
    .where('mentor_weeks.week', '>=', range.from)
    .where('mentor_weeks.week', '<=', range.to);
  q =
    'menteeId' in who
      ? q.where('mentor_weeks.mentee_id', '=', who.menteeId)
      : q.where('mentor_weeks.mentor_id', '=', who.mentorId);
  return q.orderBy('mentor_weeks.week').orderBy('mentor_weeks.mentee_id').execute();
}

/** Ratings a mentor received (0–10), newest first, with the average. */
export async function mentorRatings(
  db: Kysely<Database>,
  scope: ReadScope,
  mentorId: string,
): Promise<{ ratings: MentorRating[]; average: number | null }> {
  const q = scoped(db, scope, 'mentor_ratings', { employee: 'mentee_id' })
    .selectAll('mentor_ratings')
    .where('mentor_ratings.mentor_id', '=', mentorId);
  const ratings = await q.orderBy('mentor_ratings.position', 'desc').execute();
  const average = ratings.length ? ratings.reduce((s, r) => s + r.rating, 0) / ratings.length : null;
  return { ratings, average };
}

/** The most weeks {@link menteeMentoring} lists. */
export const MENTEE_WEEKS = 26;

/**
 * A newcomer's mentoring for a one-stop page: the current or last mentorship, the latest
 * (at most 26) weeks of every mentor they had, newest first, the ratings they gave, newest
 * first, and how many weeks were overdue in all; `undefined` when they never had a mentor or
 * are out of scope.
 */
export async function menteeMentoring(
  db: Kysely<Database>,
  scope: ReadScope,
  menteeId: string,
): Promise<
  { mentorship: Mentorship; weeks: MentorWeek[]; ratings: MentorRating[]; overdueWeeks: number } | undefined
> {
  const mentorship = await mentorshipOf(db, scope, menteeId);
  if (!mentorship) return undefined;
  // In scope (the mentorship was found): the mentee's own rows need no further cut.
  const read = db.withSchema('read');
  const [weeks, ratings, overdue] = await Promise.all([
    read
      .selectFrom('mentor_weeks')
      .selectAll()
      .where('mentee_id', '=', menteeId)
      .orderBy('week', 'desc')
      .orderBy('mentor_id')
      .limit(MENTEE_WEEKS)
      .execute(),
    read
      .selectFrom('mentor_ratings')
      .selectAll()
      .where('mentee_id', '=', menteeId)
      .orderBy('position', 'desc')
      .execute(),
    read
      .selectFrom('mentor_weeks')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('mentee_id', '=', menteeId)
      .where('state', '=', 'overdue')
      .executeTakeFirstOrThrow(),
  ]);
  return { mentorship, weeks, ratings, overdueWeeks: Number(overdue.n) };
}

/**
 * The mentees a mentor has now (running mentorships), by mentee id. Unscoped: the mentor's own
 * relation, which the API asks for the signed-in mentor only.
 */
export async function currentMentees(db: Kysely<Database>, mentorId: string): Promise<Mentorship[]> {
  return db
    .withSchema('read')
    .selectFrom('mentorships')
    .selectAll()
    .where('mentor_id', '=', mentorId)
    .where('ended_at', 'is', null)
    .orderBy('assigned_at')
    .orderBy('mentee_id')
    .execute();
}

/** Whether `mentorId` is the current mentor of `menteeId` (a running mentorship). */
export async function isCurrentMentor(
  db: Kysely<Database>,
  mentorId: string,
  menteeId: string,
): Promise<boolean> {
  const row = await db
    .withSchema('read')
    .selectFrom('mentorships')
    .select('mentee_id')
    .where('mentee_id', '=', menteeId)
    .where('mentor_id', '=', mentorId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** The tasks a mentor did with a mentee in the week of `week` (a Monday), in the order done. */
export async function mentorTasksOfWeek(
  db: Kysely<Database>,
  pair: { menteeId: string; mentorId: string },
  week: string,
): Promise<MentorTask[]> {
  return db
    .withSchema('read')
    .selectFrom('mentor_tasks')
    .selectAll()
    .where('mentee_id', '=', pair.menteeId)
    .where('mentor_id', '=', pair.mentorId)
    .where('week', '=', week)
    .orderBy('position')
    .execute();
}
