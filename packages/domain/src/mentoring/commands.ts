import type { CommandsOf } from '../core/types.ts';
import { MentorAssigned, MentorRated, MentorTaskDone } from './events.ts';

export const mentoringCommandSchemas = {
  AssignMentor: MentorAssigned.schema,
  RecordMentorTask: MentorTaskDone.schema,
  RateMentor: MentorRated.schema,
} as const;

export type MentoringCommand = CommandsOf<typeof mentoringCommandSchemas>;
