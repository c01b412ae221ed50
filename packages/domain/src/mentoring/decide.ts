import { illegalState, validation } from '../core/errors.ts';
import { type Decider, type EmployeeContext, requireActive } from '../core/types.ts';
import type { MentoringCommand } from './commands.ts';
import type { MentoringEvent } from './events.ts';

export interface MentorshipState {
  readonly mentorId: string | null;
  readonly pastMentors: ReadonlySet<string>;
}
export const initialMentorshipState: MentorshipState = { mentorId: null, pastMentors: new Set() };

export function evolveMentorship(state: MentorshipState, event: MentoringEvent): MentorshipState {
  switch (event.type) {
    case 'MentorAssigned':
      return {
        mentorId: event.data.mentorId,
        pastMentors: new Set([...state.pastMentors, event.data.mentorId]),
      };
    case 'MentorTaskDone':
    case 'MentorRated':
      return state;
    default: {
      const unreachable: never = event;
      throw new Error(`unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
}

export interface MentoringContext {
  readonly mentee?: EmployeeContext;
  readonly mentor?: EmployeeContext;
}

export function decideMentoring(
  command: MentoringCommand,
  state: MentorshipState,
  context: MentoringContext,
): MentoringEvent[] {
  const { menteeId, mentorId } = command.data;
  if (menteeId === mentorId) throw validation(`mentor and mentee are the same person (${menteeId})`);
  requireActive(context.mentee, 'mentee');
  switch (command.type) {
    case 'AssignMentor':
      requireActive(context.mentor, 'mentor');
      if (state.mentorId === mentorId) throw illegalState(`${mentorId} already mentors ${menteeId}`);
      return [{ type: 'MentorAssigned', data: command.data }];
    case 'RecordMentorTask':
      if (state.mentorId !== mentorId) {
        throw illegalState(
          `${mentorId} is not the mentor of ${menteeId} (current mentor: ${state.mentorId ?? 'none'})`,
        );
      }
      return [{ type: 'MentorTaskDone', data: command.data }];
    case 'RateMentor':
      if (!state.pastMentors.has(mentorId)) throw illegalState(`${mentorId} has never mentored ${menteeId}`);
      return [{ type: 'MentorRated', data: command.data }];
    default: {
      const unreachable: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unreachable)}`);
    }
  }
}

export const mentorshipDecider: Decider<MentoringCommand, MentoringEvent, MentorshipState, MentoringContext> =
  {
    initialState: initialMentorshipState,
    evolve: evolveMentorship,
    decide: decideMentoring,
  };
