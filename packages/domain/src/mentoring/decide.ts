import { illegalState, validation } from '../core/errors.ts';
import { type Command, type Decider, type EmployeeContext, requireActive } from '../core/types.ts';
import type { MentoringCommand } from './commands.ts';
import type { MentorshipEvent } from './events.ts';
import { evolveMentorship } from './evolve.ts';
import { initialMentorshipState, type MentorshipState } from './state.ts';

type Of<T extends MentoringCommand['type']> = Extract<MentoringCommand, Command<T>>;

/**
 * Facts from other streams: the mentee's and the mentor's status, each loaded from their
 * `employee-<id>` stream. The mentor's is only checked when they are assigned: a mentor who
 * left can still be rated for the time they mentored.
 */
export interface MentoringContext {
  readonly mentee?: EmployeeContext;
  readonly mentor?: EmployeeContext;
}

function assignMentor(
  { data }: Of<'AssignMentor'>,
  state: MentorshipState,
  context: MentoringContext,
): MentorshipEvent[] {
  requireActive(context.mentor, 'mentor', data.mentorId, 'mentorId');
  if (state.mentorId === data.mentorId)
    throw illegalState(`${data.mentorId} already mentors ${data.menteeId}`, {
      rule: 'mentor_already',
      field: 'mentorId',
    });
  if (data.reason !== undefined && data.reason.trim() === '')
    throw validation('the reason for the new mentor is blank: say why, or leave it out', {
      rule: 'reason_blank',
      field: 'reason',
    });
  return [{ type: 'MentorAssigned', data }];
}

function recordMentorTask({ data }: Of<'RecordMentorTask'>, state: MentorshipState): MentorshipEvent[] {
  if (state.mentorId !== data.mentorId) {
    throw illegalState(
      `${data.mentorId} is not the mentor of ${data.menteeId} (current mentor: ${state.mentorId ?? 'none'})`,
      { rule: 'not_the_mentor', field: 'mentorId' },
    );
  }
  if (data.notes.trim() === '')
    throw validation(`the notes of the ${data.task.replaceAll('_', ' ')} are blank: say what was done`, {
      rule: 'notes_blank',
      field: 'notes',
    });
  return [{ type: 'MentorTaskDone', data }];
}

function rateMentor({ data }: Of<'RateMentor'>, state: MentorshipState): MentorshipEvent[] {
  if (!state.pastMentors.has(data.mentorId)) {
    throw illegalState(`${data.mentorId} has never mentored ${data.menteeId}`);
  }
  return [{ type: 'MentorRated', data }];
}

/** Mentorship commands, on `mentorship-<menteeId>`. */
export function decideMentoring(
  command: MentoringCommand,
  state: MentorshipState,
  context: MentoringContext,
): MentorshipEvent[] {
  const { menteeId, mentorId } = command.data;
  if (menteeId === mentorId) throw validation(`mentor and mentee are the same person (${menteeId})`);
  requireActive(context.mentee, 'mentee', menteeId, 'menteeId');
  switch (command.type) {
    case 'AssignMentor':
      return assignMentor(command, state, context);
    case 'RecordMentorTask':
      return recordMentorTask(command, state);
    case 'RateMentor':
      return rateMentor(command, state);
    default: {
      const unreachable: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unreachable)}`);
    }
  }
}

export const mentorshipDecider: Decider<
  MentoringCommand,
  MentorshipEvent,
  MentorshipState,
  MentoringContext
> = {
  initialState: initialMentorshipState,
  evolve: evolveMentorship,
  decide: decideMentoring,
};
