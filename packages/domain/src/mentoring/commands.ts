import type { z } from 'zod';
import type { Command } from '../core/types.ts';
import { MentorAssigned, MentorRated, MentorTaskDone } from './events.ts';

export const mentoringCommandSchemas = {
  AssignMentor: MentorAssigned.schema,
  RecordMentorTask: MentorTaskDone.schema,
  RateMentor: MentorRated.schema,
} as const;

export type MentoringCommand =
  | Command<'AssignMentor', z.infer<typeof MentorAssigned.schema>>
  | Command<'RecordMentorTask', z.infer<typeof MentorTaskDone.schema>>
  | Command<'RateMentor', z.infer<typeof MentorRated.schema>>;
