import type { TrainingEvent } from './events.ts';
import type { EnrollmentState } from './state.ts';

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
