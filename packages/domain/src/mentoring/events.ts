import { z } from 'zod';
import { defineEvent, type EventOf } from '../core/catalog.ts';
import { id, isoTime, rating10, text } from '../core/schemas.ts';

/**
 * Mentoring of a newcomer on probation (OA system), stream `mentorship-<menteeId>`.
 * A mentor owes three tasks a week: a ride-along customer visit, a review of the newcomer's
 * deal retrospective, and a performance talk.
 */
export const MENTOR_TASKS = ['ride_along_visit', 'deal_review', 'performance_talk'] as const;

export const MentorAssigned = defineEvent(
  'MentorAssigned',
  z.object({ menteeId: id, mentorId: id, at: isoTime }),
);
export const MentorTaskDone = defineEvent(
  'MentorTaskDone',
  z.object({ menteeId: id, mentorId: id, task: z.enum(MENTOR_TASKS), notes: text, at: isoTime }),
);
/** The newcomer's rating of their mentor, 0–10; below 7 the mentor is replaced. */
export const MentorRated = defineEvent(
  'MentorRated',
  z.object({ menteeId: id, mentorId: id, rating: rating10, at: isoTime }),
);

export const mentoringEvents = [MentorAssigned, MentorTaskDone, MentorRated] as const;
export type MentoringEvent = EventOf<typeof mentoringEvents>;

export const mentorshipStream = (menteeId: string) => `mentorship-${menteeId}`;
