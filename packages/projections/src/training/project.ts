import type { Kysely } from 'kysely';
import type { Projection } from '../runner/projection.ts';
import { pos, upsert } from '../support.ts';
import type { TrainingDb, TrainingEnrollment } from './table.ts';

const EVENT_TYPES = ['CourseAssigned', 'CourseStarted', 'CourseCompleted'] as const;

const key = (employeeId: string, courseId: string) => `${employeeId}\u0000${courseId}`;

/** Training: assignments, starts and completions with test scores, per person and course. */
export const trainingProjection: Projection<TrainingDb, (typeof EVENT_TYPES)[number]> = {
  name: 'training',
  version: '1',
  tables: ['training_enrollments'],
  eventTypes: EVENT_TYPES,
  async apply(db: Kysely<TrainingDb>, events) {
    const parsed = events;
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
      .where(({ eb, refTuple, tuple }) =>
        eb(
          refTuple('employee_id', 'course_id'),
          'in',
          [...pairs.values()].map(([e, c]) => tuple(e, c)),
        ),
      )
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
