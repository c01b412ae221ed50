import { illegalState, notFound, validation } from '../core/errors.ts';
import { type Command, type Decider, type EmployeeContext, requireActive } from '../core/types.ts';
import type { TrainingCommand } from './commands.ts';
import type { TrainingEvent } from './events.ts';
import { evolveEnrollment } from './evolve.ts';
import { type EnrollmentState, initialEnrollmentState } from './state.ts';

type Of<T extends TrainingCommand['type']> = Extract<TrainingCommand, Command<T>>;

/**
 * Facts from other streams: the learner's status (`employee-<employeeId>`) and whether the
 * course is in the published course catalogue.
 */
export interface TrainingContext {
  readonly employee?: EmployeeContext;
  readonly courseKnown: boolean;
}

/**
 * A due date lies on or after the day of the assignment (the business clock the command is
 * stamped with): a course cannot be due before it was assigned.
 */
function assignCourse({ data }: Of<'AssignCourse'>, state: EnrollmentState): TrainingEvent[] {
  if (data.dueOn !== undefined) {
    const today = data.at.slice(0, 10);
    const due = data.dueOn.slice(0, 10);
    if (due < today) {
      throw validation(`due date ${due} is before the day of the assignment (${today})`, {
        field: 'dueOn',
        rule: 'due_in_past',
        dueOn: due,
        today,
        employeeId: data.employeeId,
      });
    }
  }
  if (state.assigned) {
    throw illegalState(`course ${data.courseId} is already assigned to ${data.employeeId}`, {
      field: 'courseId',
      rule: 'course_assigned',
      employeeId: data.employeeId,
      courseId: data.courseId,
    });
  }
  return [{ type: 'CourseAssigned', data }];
}

function startCourse({ data }: Of<'StartCourse'>, state: EnrollmentState): TrainingEvent[] {
  if (state.started)
    throw illegalState(`employee ${data.employeeId} has already started course ${data.courseId}`);
  return [{ type: 'CourseStarted', data }];
}

/** The LMS may report a completion without a start (self-paced courses): it is accepted. */
function completeCourse({ data }: Of<'CompleteCourse'>): TrainingEvent[] {
  return [{ type: 'CourseCompleted', data }];
}

/**
 * Enrollment commands, on `enrollment-<employeeId>-<courseId>`. Shared rules first: the learner
 * is employed, the course exists, and nothing happens to an enrollment after its completion.
 */
export function decideTraining(
  command: TrainingCommand,
  state: EnrollmentState,
  context: TrainingContext,
): TrainingEvent[] {
  const { employeeId, courseId } = command.data;
  requireActive(context.employee, 'employee', employeeId, 'employeeId');
  if (!context.courseKnown) throw notFound(`course ${courseId} is not in the course catalogue`, { courseId });
  if (state.completed) {
    throw illegalState(`employee ${employeeId} has already completed course ${courseId}`, {
      field: 'courseId',
      rule: 'course_completed',
      employeeId,
      courseId,
    });
  }
  switch (command.type) {
    case 'AssignCourse':
      return assignCourse(command, state);
    case 'StartCourse':
      return startCourse(command, state);
    case 'CompleteCourse':
      return completeCourse(command);
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
