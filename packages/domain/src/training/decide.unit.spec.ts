import { describe, expect, it } from 'vitest';
import { commandsWith, spec } from '../core/spec.ts';
import type { CommandMetadata } from '../core/types.ts';
import type { TrainingCommand } from './commands.ts';
import type { TrainingContext } from './decide.ts';
import { enrollmentDecider } from './decide.ts';
import type { TrainingEvent } from './events.ts';

const metadata: CommandMetadata = {
  commandId: 'c',
  at: '2026-03-02T10:00:00Z',
  actor: 'system:lms',
  source: 'lms',
};
const cmd = commandsWith<TrainingCommand>(metadata);
const ctx: TrainingContext = { employee: { employeeId: 'e1', status: 'active' }, courseKnown: true };
const base = { employeeId: 'e1', courseId: 'sales-team-management', at: '2026-03-02T10:00:00Z' };
const assigned: TrainingEvent = {
  type: 'CourseAssigned',
  data: { ...base, assignedBy: 'hr-1', reason: 'score ≥ 90' },
};
const started: TrainingEvent = { type: 'CourseStarted', data: base };
const completed: TrainingEvent = { type: 'CourseCompleted', data: { ...base, testScore: 91 } };
const enrollment = spec(enrollmentDecider);

const all: TrainingCommand[] = [
  cmd('AssignCourse', assigned.data),
  cmd('StartCourse', base),
  cmd('CompleteCourse', { ...base, testScore: 91 }),
];
const each = all.map((c) => [c.type, c] as const);

describe('enrollment decider (stream enrollment-<employee>-<course>)', () => {
  it.each(each)('%s: refuses an unknown learner', (_, command) => {
    enrollment
      .given([])
      .when(command, { courseKnown: true })
      .thenThrows('NOT_FOUND', /^employee e1 is not known$/);
  });
  it.each(each)('%s: refuses a learner who left', (_, command) => {
    enrollment
      .given([])
      .when(command, { courseKnown: true, employee: { employeeId: 'e1', status: 'departed' } })
      .thenThrows('ILLEGAL_STATE', /^employee e1 has left the company$/);
  });
  it.each(each)('%s: refuses a course not in the catalogue', (_, command) => {
    enrollment
      .given([])
      .when(command, { ...ctx, courseKnown: false })
      .thenThrows('NOT_FOUND', /course sales-team-management is not in the course catalogue/);
  });
  it.each(each)('%s: refuses anything after the course was completed', (_, command) => {
    enrollment
      .given([assigned, started, completed])
      .when(command, ctx)
      .thenThrows('ILLEGAL_STATE', /e1 has already completed course sales-team-management/);
  });

  it('AssignCourse: assigns once', () => {
    enrollment.given([]).when(cmd('AssignCourse', assigned.data), ctx).thenEvents([assigned]);
    enrollment
      .given([assigned])
      .when(cmd('AssignCourse', assigned.data), ctx)
      .thenThrows('ILLEGAL_STATE', /course sales-team-management is already assigned to e1/);
  });
  it('AssignCourse: with a due date on or after the day it is assigned', () => {
    const due = { ...assigned.data, dueOn: '2026-03-31' };
    enrollment
      .given([])
      .when(cmd('AssignCourse', due), ctx)
      .thenEvents([{ type: 'CourseAssigned', data: due }]);
    const sameDay = { ...assigned.data, dueOn: '2026-03-02' };
    enrollment
      .given([])
      .when(cmd('AssignCourse', sameDay), ctx)
      .thenEvents([{ type: 'CourseAssigned', data: sameDay }]);
  });
  it('AssignCourse: refuses a due date before the day it is assigned, naming the field', () => {
    enrollment
      .given([])
      .when(cmd('AssignCourse', { ...assigned.data, dueOn: '2026-03-01' }), ctx)
      .thenThrows('VALIDATION', /^due date 2026-03-01 is before the day of the assignment \(2026-03-02\)$/);
    try {
      enrollmentDecider.decide(
        cmd('AssignCourse', { ...assigned.data, dueOn: '2026-03-01' }),
        enrollmentDecider.initialState,
        ctx,
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({
        details: { field: 'dueOn', rule: 'due_in_past', dueOn: '2026-03-01', today: '2026-03-02' },
      });
    }
  });
  it('StartCourse: starts once', () => {
    enrollment.given([assigned]).when(cmd('StartCourse', base), ctx).thenEvents([started]);
    enrollment
      .given([assigned, started])
      .when(cmd('StartCourse', base), ctx)
      .thenThrows('ILLEGAL_STATE', /e1 has already started course sales-team-management/);
  });
  it('CompleteCourse: completes with the test score, also a self-paced course never reported as started', () => {
    enrollment
      .given([assigned, started])
      .when(cmd('CompleteCourse', completed.data), ctx)
      .thenEvents([completed]);
    enrollment.given([]).when(cmd('CompleteCourse', completed.data), ctx).thenEvents([completed]);
  });
});
