import { illegalState, notFound } from '../core/errors.ts';
import { type Decider, type EmployeeContext, requireActive } from '../core/types.ts';
import type { TrainingCommand } from './commands.ts';
import type { TrainingEvent } from './events.ts';

export interface EnrollmentState {
  readonly assigned: boolean;
  readonly started: boolean;
  readonly completed: boolean;
}
export const initialEnrollmentState: EnrollmentState = { assigned: false, started: false, completed: false };

export function evolveEnrollment(state: EnrollmentState, event: TrainingEvent): EnrollmentState {
  switch (event.type) {
    case 'CourseAssigned':
      return { ...state, assigned: true };
    case 'CourseStarted':
      return { ...state, started: true };
    case 'CourseCompleted':
      return { ...state, started: true, completed: true };
    default: {
      const unreachable: never = event;
      throw new Error(`unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The learner's status and whether the course is in the published catalogue. */
export interface TrainingContext {
  readonly employee?: EmployeeContext;
  readonly courseKnown: boolean;
}

export function decideTraining(
  command: TrainingCommand,
  state: EnrollmentState,
  context: TrainingContext,
): TrainingEvent[] {
  const { employeeId, courseId } = command.data;
  requireActive(context.employee);
  if (!context.courseKnown) throw notFound(`course ${courseId} is not in the course catalogue`, { courseId });
  if (state.completed) {
    throw illegalState(`employee ${employeeId} has already completed course ${courseId}`, {
      employeeId,
      courseId,
    });
  }
  switch (command.type) {
    case 'AssignCourse':
      if (state.assigned) throw illegalState(`course ${courseId} is already assigned to ${employeeId}`);
      return [{ type: 'CourseAssigned', data: command.data }];
    case 'StartCourse':
      if (state.started) throw illegalState(`employee ${employeeId} has already started course ${courseId}`);
      return [{ type: 'CourseStarted', data: command.data }];
    case 'CompleteCourse':
      return [{ type: 'CourseCompleted', data: command.data }];
    default: {
      const unreachable: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unreachable)}`);
    }
  }
}

export const enrollmentDecider: Decider<TrainingCommand, TrainingEvent, EnrollmentState, TrainingContext> = {
  initialState: initialEnrollmentState,
  evolve: evolveEnrollment,
  decide: decideTraining,
};
