import { alertStream, enrollmentStream } from '@trackrecord/domain';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsProjection } from '../alerts/project.ts';
import { alertInbox } from '../alerts/queries.ts';
import type { AlertsDb } from '../alerts/table.ts';
import type { Database } from '../database.ts';
import { peopleProjection } from '../people/project.ts';
import type { PeopleDb } from '../people/table.ts';
import { rebuildProjection } from '../runner/rebuild.ts';
import { readModelFixture } from '../testSupport.ts';
import { trainingProjection } from './project.ts';
import type { TrainingDb } from './table.ts';

let fx: Awaited<ReturnType<typeof readModelFixture<Database>>>;
const as = <T>() => fx.db as unknown as Kysely<T>;
const all = { kind: 'all' } as const;
const course = 'customer-relationship-maintenance';

const rebuild = async (batchSize = 1000) => {
  await rebuildProjection(fx.store, as<PeopleDb>(), peopleProjection);
  await rebuildProjection(fx.store, as<TrainingDb>(), trainingProjection, { batchSize });
  await rebuildProjection(fx.store, as<AlertsDb>(), alertsProjection);
};
const overdue = () => alertInbox(as<Database>(), all, { kind: 'course_overdue' });
const assign = (employeeId: string, dueOn: string | undefined, at = '2026-03-02') =>
  fx.append(enrollmentStream(employeeId, course), 'CourseAssigned', {
    employeeId,
    courseId: course,
    assignedBy: 'm1',
    ...(dueOn ? { dueOn } : {}),
    at,
  });

beforeAll(async () => {
  fx = await readModelFixture<Database>('training_overdue');
  await fx.hire('m1');
  for (const id of ['d1', 'd2', 'd3']) await fx.hire(id, { managerId: 'm1' });
  await assign('d1', '2026-03-20');
  await assign('d2', '2026-03-20');
  await assign('d3', undefined);
  await fx.append(enrollmentStream('d2', course), 'CourseCompleted', {
    employeeId: 'd2',
    courseId: course,
    testScore: 80,
    at: '2026-03-18',
  });
  // The business clock stands at 18 March: nothing is overdue yet, although the wall clock
  // of whoever runs this is long past the due date.
  await rebuild();
});
afterAll(() => fx?.close());

describe('course overdue alert (training read model, business clock)', () => {
  it('keeps the due date and the business clock, not the wall clock', async () => {
    const rows = await fx.db
      .withSchema('read')
      .selectFrom('training_enrollments')
      .select(['employee_id', 'due_on', 'state'])
      .orderBy('employee_id')
      .execute();
    expect(rows).toEqual([
      { employee_id: 'd1', due_on: '2026-03-20', state: 'assigned' },
      { employee_id: 'd2', due_on: '2026-03-20', state: 'completed' },
      { employee_id: 'd3', due_on: null, state: 'assigned' },
    ]);
    const clock = await fx.db.withSchema('read').selectFrom('training_clock').selectAll().execute();
    expect(clock).toEqual([{ id: 1, now: '2026-03-18' }]);
    expect(await overdue()).toEqual([]);
  });

  it('on the due date itself the course is still due; the day after, any event makes it overdue', async () => {
    await fx.sale('s-due-day', 'm1', 100_000, '2026-03-20T17:00:00+08:00');
    await rebuild();
    expect(await overdue()).toEqual([]);

    await fx.sale('s-after', 'm1', 100_000, '2026-03-23T09:00:00+08:00');
    await rebuild(2);
    const [alert, ...others] = await overdue();
    expect(others).toEqual([]);
    expect(alert).toMatchObject({
      id: `course_overdue:d1:${course}:2026-03-20`,
      kind: 'course_overdue',
      employeeId: 'd1',
      assignees: [{ role: 'employee', id: 'd1' }, { role: 'manager', id: 'm1' }, { role: 'hr' }],
      evidence: { kind: 'training', ref: course },
      at: '2026-03-20',
      state: 'open',
      subjectManagerId: 'm1',
    });
    expect(alert?.message.zh).toBe('d1 未在截止日期 2026-03-20 前完成“客户关系维护”');
    // The manager's "mine" and the trainee's own inbox both hold it.
    expect(await alertInbox(as<Database>(), all, { mine: { employeeId: 'm1' } })).toHaveLength(1);
    expect(await alertInbox(as<Database>(), { kind: 'self', employeeId: 'd2' }, {})).toEqual([]);
  });

  it('is acknowledged like any derived alert, and gone once the course is completed', async () => {
    const id = `course_overdue:d1:${course}:2026-03-20`;
    await fx.append(alertStream(id), 'AlertAcknowledged', {
      alertId: id,
      acknowledgedBy: 'm1',
      note: 'reminded',
      at: '2026-03-24',
    });
    await rebuild();
    expect((await overdue()).map((a) => [a.id, a.state, a.acknowledged?.note])).toEqual([
      [id, 'acknowledged', 'reminded'],
    ]);
    await fx.append(enrollmentStream('d1', course), 'CourseCompleted', {
      employeeId: 'd1',
      courseId: course,
      testScore: 75,
      at: '2026-03-25',
    });
    await rebuild();
    expect(await overdue()).toEqual([]);
  });
});
