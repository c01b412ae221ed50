import { z } from 'zod';
import { defineEvent, type EventOf } from '../core/catalog.ts';
import { id, isoTime, rating5, rating10, text } from '../core/schemas.ts';

/**
 * The OA (office automation) system: mentoring of newcomers, collaboration credits and 360
 * feedback.
 *
 * Mentoring, stream `mentorship-<menteeId>`: a newcomer on probation gets a mentor who owes
 * three tasks a week: a ride-along customer visit (陪访), a review of the newcomer's deal
 * retrospective (复盘), and a performance talk. Newcomers rate their mentor 0–10; mentors
 * rated below 7 are replaced.
 */
export const MENTOR_TASKS = ['ride_along_visit', 'deal_review', 'performance_talk'] as const;

export const MentorAssigned = defineEvent(
  'MentorAssigned',
  z.object({
    menteeId: id,
    mentorId: id,
    /** Why the mentor was assigned or replaced (e.g. rated below 7), when HR said so. */
    reason: text.optional(),
    at: isoTime,
  }),
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

/** Credit for helping a colleague close a deal (协作), the "team collaboration" KPI. */
export const CollaborationCredited = defineEvent(
  'CollaborationCredited',
  z.object({ employeeId: id, helpedEmployeeId: id, saleId: id.optional(), at: isoTime }),
);
/** 360-degree feedback about the employee from their manager, a peer or a customer, 1–5. */
export const Feedback360Given = defineEvent(
  'Feedback360Given',
  z.object({
    employeeId: id,
    from: z.enum(['manager', 'peer', 'customer']),
    /** Who gave it, when known (anonymous customer surveys have no id). */
    fromId: id.optional(),
    rating: rating5,
    comment: text.optional(),
    at: isoTime,
  }),
);

export const mentorshipEvents = [MentorAssigned, MentorTaskDone, MentorRated] as const;
/** One-off OA facts about a person, decided on their monthly activity stream. */
export const mentoringActivityEvents = [CollaborationCredited, Feedback360Given] as const;
export const mentoringEvents = [...mentorshipEvents, ...mentoringActivityEvents] as const;

/** The events of one mentorship stream. */
export type MentorshipEvent = EventOf<typeof mentorshipEvents>;
export type MentoringActivityEvent = EventOf<typeof mentoringActivityEvents>;
export type MentoringEvent = EventOf<typeof mentoringEvents>;
