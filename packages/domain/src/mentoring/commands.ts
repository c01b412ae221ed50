import type { CommandsOf } from '../core/types.ts';
import {
  CollaborationCredited,
  Feedback360Given,
  MentorAssigned,
  MentorRated,
  MentorTaskDone,
} from './events.ts';

/** Commands on a mentorship, stream `mentorship-<menteeId>`. */
export const mentoringCommandSchemas = {
  AssignMentor: MentorAssigned.schema,
  RecordMentorTask: MentorTaskDone.schema,
  RateMentor: MentorRated.schema,
} as const;
export type MentoringCommand = CommandsOf<typeof mentoringCommandSchemas>;

/** OA facts about a person; decided on the activity stream (see ../activity). */
export const mentoringActivityCommandSchemas = {
  CreditCollaboration: CollaborationCredited.schema,
  GiveFeedback360: Feedback360Given.schema,
} as const;
export type MentoringActivityCommand = CommandsOf<typeof mentoringActivityCommandSchemas>;
