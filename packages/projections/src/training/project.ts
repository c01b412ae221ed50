import type { Kysely } from 'kysely';
import type { Projection } from '../runner/projection.ts';
import { businessClock, inTuples, pos, upsert } from '../support.ts';
import type { TrainingDb, TrainingEnrollment } from './table.ts';

const EVENT_TYPES = new Set(['CourseAssigned', 'CourseStarted', 'CourseCompleted']);

const key = (employeeId: string, courseId: string) => `${employeeId}\u0000${courseId}`;

/**
 * Training: assignments (with their due date), starts and completions with test scores, per
 * person and course; and the business clock, the latest event time seen on `$all`, against
 * which a course not completed by its due date is overdue (`course_overdue` in the inbox).
 */
export const trainingProjection: Projection<TrainingDb> = {
  name: 'training',
  version: '2',
  tables: ['training_enrollments', 'training_clock'],
  // Every event: any event's time moves the clock that makes a course overdue.
  async apply(db: Kysely<TrainingDb>, recorded) {
    const clockRow = await db
      .selectFrom('training_clock')
      .select('now')
      .where('id', '=', 1)
      .executeTakeFirst();
    const clock = businessClock(clockRow?.now ?? '', recorded);
    if (clock && clock !== clockRow?.now) await upsert(db, 'training_clock', [{ id: 1, now: clock }], ['id']);
    const parsed = recorded.filter((r) => EVENT_TYPES.has(r.type));
    const pairs = new Map<string, [string, string]>();
    for (const { event } of parsed) {
      const d = event.data as { employeeId: string; courseId: string };
      pairs.set(key(d.employeeId, d.courseId), [d.employeeId, d.courseId]);
    }
    if (pairs.size === 0) return;
    const rows = new Map<string, TrainingEnrollment>();
    for (const r of await db
      .selectFrom('training_enrollments')
      .selectAll()
      .where(inTuples(['employee_id', 'course_id'], [...pairs.values()]))
      .execute()) {
      rows.set(key(r.employee_id, r.course_id), r);
    }
    for (const { position, event } of parsed) {
      const d = event.data as { employeeId: string; courseId: string };
      const k = key(d.employeeId, d.courseId);
      const row: TrainingEnrollment = rows.get(k) ?? {
        employee_id: d.employeeId,
        course_id: d.courseId,
        state: 'assigned',
        assigned_at: null,
        assigned_by: null,
        reason: null,
        due_on: null,
        started_at: null,
        completed_at: null,
        test_score: null,
        updated_position: pos(position),
      };
      row.updated_position = pos(position);
      switch (event.type) {
        case 'CourseAssigned':
          row.assigned_at = event.data.at;
          row.assigned_by = event.data.assignedBy;
          row.reason = event.data.reason ?? null;
          row.due_on = event.data.dueOn?.slice(0, 10) ?? null;
          break;
        case 'CourseStarted':
          row.started_at = event.data.at;
          if (row.state === 'assigned') row.state = 'started';
          break;
        case 'CourseCompleted':
          row.completed_at = event.data.at;
          row.test_score = event.data.testScore;
          row.state = 'completed';
          break;
        default:
          break;
      }
      rows.set(k, row);
    }
    await upsert(db, 'training_enrollments', [...rows.values()], ['employee_id', 'course_id']);
  },
};
