import { describe, it } from 'vitest';
import { spec } from '../core/spec.ts';
import type { CommandMetadata } from '../core/types.ts';
import type { TrainingCommand } from './commands.ts';
import { enrollmentDecider } from './decide.ts';
import type { TrainingEvent } from './events.ts';

const metadata: CommandMetadata = {
  commandId: 'c',
  at: '2026-03-02T10:00:00Z',
  actor: 'system:lms',
  source: 'lms',
};
const ctx = { employee: { employeeId: 'e1', status: 'active' as const }, courseKnown: true };
const base = { employeeId: 'e1', courseId: 'sales-team-management', at: '2026-03-02T10:00:00Z' };
const cmd = <C extends TrainingCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata }) as C;
const assigned: TrainingEvent = { type: 'CourseAssigned', data: { ...base, assignedBy: 'hr-1' } };
const started: TrainingEvent = { type: 'CourseStarted', data: base };
const completed: TrainingEvent = { type: 'CourseCompleted', data: { ...base, testScore: 91 } };
const enrollment = spec(enrollmentDecider);

describe('enrollment decider', () => {
  it('assigns, starts and completes a course', () => {
    enrollment.given([]).when(cmd('AssignCourse', assigned.data), ctx).thenEvents([assigned]);
    enrollment.given([assigned]).when(cmd('StartCourse', base), ctx).thenEvents([started]);
    enrollment
      .given([assigned, started])
      .when(cmd('CompleteCourse', completed.data), ctx)
      .thenEvents([completed]);
  });
  it('refuses a course completed twice, started twice or assigned twice', () => {
    enrollment
      .given([assigned, started, completed])
      .when(cmd('CompleteCourse', completed.data), ctx)
      .thenThrows('ILLEGAL_STATE', /already completed course sales-team-management/);
    enrollment
      .given([started])
      .when(cmd('StartCourse', base), ctx)
      .thenThrows('ILLEGAL_STATE', /already started/);
    enrollment
      .given([assigned])
      .when(cmd('AssignCourse', assigned.data), ctx)
      .thenThrows('ILLEGAL_STATE', /already assigned/);
  });
  it('refuses unknown courses and unknown or departed learners', () => {
    enrollment
      .given([])
      .when(cmd('AssignCourse', assigned.data), { ...ctx, courseKnown: false })
      .thenThrows('NOT_FOUND', /not in the course catalogue/);
    enrollment
      .given([])
      .when(cmd('StartCourse', base), { courseKnown: true })
      .thenThrows('NOT_FOUND', /is not known/);
    enrollment
      .given([])
      .when(cmd('StartCourse', base), {
        courseKnown: true,
        employee: { employeeId: 'e1', status: 'departed' },
      })
      .thenThrows('ILLEGAL_STATE', /has left/);
  });
});
