import type { MentorshipEvent } from './events.ts';
import type { MentorshipState } from './state.ts';

export function evolveMentorship(state: MentorshipState, event: MentorshipEvent): MentorshipState {
  switch (event.type) {
    case 'MentorAssigned':
      return {
        mentorId: event.data.mentorId,
        pastMentors: new Set([...state.pastMentors, event.data.mentorId]),
      };
    // Tasks and ratings are history for the read models; they change nothing the decider checks.
    case 'MentorTaskDone':
    case 'MentorRated':
      return state;
    default: {
      const unreachable: never = event;
      throw new Error(`unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
}
