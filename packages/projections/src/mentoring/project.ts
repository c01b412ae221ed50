import { MENTOR_TASKS } from '@trackrecord/domain';
import type { Kysely } from 'kysely';
import type { Projection } from '../runner/projection.ts';
import { addWeeks, businessClock, inTuples, millis, pos, upsert, weekOf } from '../support.ts';
import type { MentoringDb, MentorshipsTable, MentorWeeksTable } from './table.ts';

/** Tasks a mentor owes per full week of a mentorship (ride-along, deal review, talk). */
export const TASKS_PER_WEEK = MENTOR_TASKS.length;

const EVENT_TYPES = new Set([
  'MentorAssigned',
  'MentorTaskDone',
  'MentorRated',
  'ProbationPassed',
  'ProbationFailed',
  'EmployeeLeft',
]);

type Mentorship = Omit<MentorshipsTable, 'updated_position'> & { updated_position: string; dirty: boolean };
type Week = Omit<MentorWeeksTable, 'last_task_position'> & {
  last_task_position: string | null;
  dirty: boolean;
};

const weekKey = (menteeId: string, mentorId: string, week: string) =>
  `${menteeId}\u0000${mentorId}\u0000${week}`;

/**
 * The first full week of a mentorship that started at `time`: its own week when it started on
 * a Monday (UTC), else the next one.
 */
function firstFullWeek(time: string): string {
  const week = weekOf(time);
  return week === new Date(millis(time)).toISOString().slice(0, 10) ? week : addWeeks(week, 1);
}

/**
 * Mentoring. Weeks are closed by business time: the latest event time seen on `$all` (the
 * clock), so a rebuild reaches the same rows. A week row is kept for every full week of a
 * mentorship up to the clock, and for any week a task was done in.
 */
export const mentoringProjection: Projection<MentoringDb> = {
  name: 'mentoring',
  version: '4',
  tables: [
    'mentorships',
    'mentor_assignments',
    'mentor_weeks',
    'mentor_ratings',
    'mentor_tasks',
    'mentoring_clock',
  ],
  // Every event: any event's time moves the clock that closes weeks.
  async apply(db: Kysely<MentoringDb>, recorded) {
    const clockRow = await db
      .selectFrom('mentoring_clock')
      .select('now')
      .where('id', '=', 1)
      .executeTakeFirst();
    const clock = businessClock(clockRow?.now ?? '', recorded);
    const clockMs = clock ? millis(clock) : Number.NEGATIVE_INFINITY;
    const parsed = recorded.filter((r) => EVENT_TYPES.has(r.type));

    // Load once: every running mentorship, every mentee of the batch, their open weeks and the
    // weeks the batch's tasks fall in.
    const menteeIds = new Set<string>();
    // People whose mentorships (as mentee or mentor) may end in this batch: all their weeks are
    // loaded, whatever their state, so that ending one treats every week alike whichever batch
    // an earlier week was closed in (a back-dated departure can end a week already overdue).
    const ending = new Set<string>();
    const taskWeeks: [string, string, string][] = [];
    for (const { event } of parsed) {
      if (event.type === 'MentorAssigned' || event.type === 'MentorRated') menteeIds.add(event.data.menteeId);
      if (event.type === 'MentorTaskDone') {
        menteeIds.add(event.data.menteeId);
        taskWeeks.push([event.data.menteeId, event.data.mentorId, weekOf(event.data.at)]);
      }
      if (
        event.type === 'EmployeeLeft' ||
        event.type === 'ProbationPassed' ||
        event.type === 'ProbationFailed' ||
        event.type === 'MentorAssigned'
      ) {
        ending.add('employeeId' in event.data ? event.data.employeeId : event.data.menteeId);
      }
    }
    const mentorships = new Map<string, Mentorship>();
    const loaded = await db
      .selectFrom('mentorships')
      .selectAll()
      .where((eb) =>
        menteeIds.size > 0
          ? eb.or([eb('ended_at', 'is', null), eb('mentee_id', 'in', [...menteeIds])])
          : eb('ended_at', 'is', null),
      )
      .execute();
    for (const m of loaded) mentorships.set(m.mentee_id, { ...m, dirty: false });

    const weeks = new Map<string, Week>();
    const weekRows = await db
      .selectFrom('mentor_weeks')
      .selectAll()
      .where(({ eb, or }) =>
        or([
          eb('state', 'in', ['open', 'not_due']),
          ...(ending.size > 0
            ? [eb('mentee_id', 'in', [...ending]), eb('mentor_id', 'in', [...ending])]
            : []),
          ...(taskWeeks.length > 0 ? [inTuples(['mentee_id', 'mentor_id', 'week'], taskWeeks)] : []),
        ]),
      )
      .execute();
    for (const w of weekRows) weeks.set(weekKey(w.mentee_id, w.mentor_id, w.week), { ...w, dirty: false });

    const assignments: {
      mentee_id: string;
      mentor_id: string;
      assigned_at: string;
      ended_at: string | null;
      end_reason: MentorshipsTable['end_reason'];
      reason: string | null;
      position: string;
    }[] = [];
    const endedAssignments: {
      mentee_id: string;
      mentor_id: string;
      ended_at: string;
      end_reason: NonNullable<MentorshipsTable['end_reason']>;
    }[] = [];
    const ratings: Record<string, unknown>[] = [];
    const tasks: Record<string, unknown>[] = [];

    const week = (menteeId: string, mentorId: string, monday: string): Week => {
      const k = weekKey(menteeId, mentorId, monday);
      let w = weeks.get(k);
      if (!w) {
        w = {
          mentee_id: menteeId,
          mentor_id: mentorId,
          week: monday,
          due: 0,
          ride_along_visit: 0,
          deal_review: 0,
          performance_talk: 0,
          done: 0,
          state: 'not_due',
          missing: [],
          last_task_position: null,
          dirty: true,
        };
        weeks.set(k, w);
      }
      return w;
    };
    // Mentorships that ended in this batch still get their full weeks below.
    const ended: Mentorship[] = [];
    const end = (
      m: Mentorship,
      at: string,
      reason: NonNullable<MentorshipsTable['end_reason']>,
      p: string,
    ) => {
      if (m.ended_at !== null) return;
      ended.push(m);
      // A week that was running when the mentorship ended is not a full week: nothing was due.
      for (const w of weeks.values()) {
        if (w.mentee_id === m.mentee_id && w.mentor_id === m.mentor_id && w.due > 0) {
          if (millis(addWeeks(w.week, 1)) > millis(at)) {
            w.due = 0;
            w.dirty = true;
          }
        }
      }
      // Nor is the week it ended in counted as visited.
      while (m.weeks_through !== null && millis(addWeeks(m.weeks_through, 1)) > millis(at)) {
        const previous = addWeeks(m.weeks_through, -1);
        m.weeks_through = previous < firstFullWeek(m.assigned_at) ? null : previous;
      }
      m.ended_at = at;
      m.end_reason = reason;
      m.updated_position = p;
      m.dirty = true;
      endedAssignments.push({
        mentee_id: m.mentee_id,
        mentor_id: m.mentor_id,
        ended_at: at,
        end_reason: reason,
      });
      const pending = assignments.find((a) => a.mentee_id === m.mentee_id && a.ended_at === null);
      if (pending) {
        pending.ended_at = at;
        pending.end_reason = reason;
      }
    };

    for (const { position, id, event } of parsed) {
      const p = pos(position);
      switch (event.type) {
        case 'MentorAssigned': {
          const d = event.data;
          const previous = mentorships.get(d.menteeId);
          if (previous) end(previous, d.at, 'replaced', p);
          mentorships.set(d.menteeId, {
            mentee_id: d.menteeId,
            mentor_id: d.mentorId,
            assigned_at: d.at,
            ended_at: null,
            end_reason: null,
            mentors_so_far: (previous?.mentors_so_far ?? 0) + 1,
            ratings: previous?.ratings ?? 0,
            rating_sum: previous?.rating_sum ?? 0,
            last_rating: previous?.last_rating ?? null,
            weeks_through: null,
            updated_position: p,
            dirty: true,
          });
          assignments.push({
            mentee_id: d.menteeId,
            mentor_id: d.mentorId,
            assigned_at: d.at,
            ended_at: null,
            end_reason: null,
            reason: d.reason ?? null,
            position: p,
          });
          break;
        }
        case 'MentorTaskDone': {
          const d = event.data;
          const w = week(d.menteeId, d.mentorId, weekOf(d.at));
          w[d.task] += 1;
          w.last_task_position = p;
          w.dirty = true;
          tasks.push({
            event_id: id,
            mentee_id: d.menteeId,
            mentor_id: d.mentorId,
            week: weekOf(d.at),
            task: d.task,
            notes: d.notes,
            at: d.at,
            position: p,
          });
          break;
        }
        case 'MentorRated': {
          const d = event.data;
          ratings.push({
            event_id: id,
            mentee_id: d.menteeId,
            mentor_id: d.mentorId,
            rating: d.rating,
            at: d.at,
            position: p,
          });
          const m = mentorships.get(d.menteeId);
          if (m) {
            m.ratings += 1;
            m.rating_sum += d.rating;
            m.last_rating = d.rating;
            m.updated_position = p;
            m.dirty = true;
          }
          break;
        }
        case 'ProbationPassed':
        case 'ProbationFailed': {
          const m = mentorships.get(event.data.employeeId);
          if (m)
            end(
              m,
              event.data.at,
              event.type === 'ProbationPassed' ? 'probation_passed' : 'probation_failed',
              p,
            );
          break;
        }
        case 'EmployeeLeft': {
          const d = event.data;
          const m = mentorships.get(d.employeeId);
          if (m) end(m, d.leftAt, 'mentee_left', p);
          for (const other of mentorships.values()) {
            if (other.mentor_id === d.employeeId && other.ended_at === null)
              end(other, d.leftAt, 'mentor_left', p);
          }
          break;
        }
        default:
          break;
      }
    }

    // Full weeks of every mentorship up to the clock owe three tasks each.
    // `weeks_through` remembers how far this was done, so each week is visited once.
    for (const m of new Set([...ended, ...mentorships.values()])) {
      if (!clock) break;
      const endMs = m.ended_at === null ? Number.POSITIVE_INFINITY : millis(m.ended_at);
      const first = firstFullWeek(m.assigned_at);
      let w = m.weeks_through === null || m.weeks_through < first ? first : addWeeks(m.weeks_through, 1);
      for (; millis(w) <= clockMs; w = addWeeks(w, 1)) {
        if (millis(addWeeks(w, 1)) > endMs) break; // not a full week of this mentorship
        const row = week(m.mentee_id, m.mentor_id, w);
        row.due = TASKS_PER_WEEK;
        row.dirty = true;
        m.weeks_through = w;
        m.dirty = true;
      }
    }
    for (const w of weeks.values()) {
      const done = MENTOR_TASKS.filter((t) => w[t] > 0);
      const closed = clockMs >= millis(addWeeks(w.week, 1));
      const state: Week['state'] =
        w.due === 0 ? 'not_due' : done.length >= w.due ? 'done' : closed ? 'overdue' : 'open';
      const missing = state === 'overdue' ? MENTOR_TASKS.filter((t) => w[t] === 0) : [];
      if (w.done !== done.length || w.state !== state || w.missing.join() !== missing.join()) {
        w.done = done.length;
        w.state = state;
        w.missing = [...missing];
        w.dirty = true;
      }
    }

    if (clock && clock !== clockRow?.now)
      await upsert(db, 'mentoring_clock', [{ id: 1, now: clock }], ['id']);
    await upsert(
      db,
      'mentorships',
      [...mentorships.values()].filter((m) => m.dirty).map(({ dirty: _, ...row }) => row),
      ['mentee_id'],
    );
    // Assignments of earlier batches that ended in this one (rare), then this batch's new ones.
    for (const e of endedAssignments) {
      await db
        .updateTable('mentor_assignments')
        .set({ ended_at: e.ended_at, end_reason: e.end_reason })
        .where('mentee_id', '=', e.mentee_id)
        .where('mentor_id', '=', e.mentor_id)
        .where('ended_at', 'is', null)
        .execute();
    }
    await upsert(db, 'mentor_assignments', assignments, ['mentee_id', 'position']);
    // A week row that owes nothing and holds no task (a running week whose mentorship ended)
    // goes, so the rows do not depend on how events were batched.
    const empty = [...weeks.values()].filter((w) => w.due === 0 && w.done === 0);
    if (empty.length > 0) {
      await db
        .deleteFrom('mentor_weeks')
        .where(
          inTuples(
            ['mentee_id', 'mentor_id', 'week'],
            empty.map((w) => [w.mentee_id, w.mentor_id, w.week]),
          ),
        )
        .execute();
    }
    await upsert(
      db,
      'mentor_weeks',
      [...weeks.values()]
        .filter((w) => w.dirty && !(w.due === 0 && w.done === 0))
        .map(({ dirty: _, ...row }) => row),
      ['mentee_id', 'mentor_id', 'week'],
    );
    await upsert(db, 'mentor_ratings', ratings, ['event_id']);
    await upsert(db, 'mentor_tasks', tasks, ['event_id']);
  },
};
