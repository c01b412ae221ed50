import { z } from 'zod';
import { defineEvent, type EventOf } from '../core/catalog.ts';
import { id, isoTime, month, rating10, text } from '../core/schemas.ts';

/**
 * HR facts about a person: monthly attendance and answers to the satisfaction pulse survey.
 * Decided on the person's monthly activity stream (see ../activity and ../streams.ts).
 */
const dayCount = z
  .number()
  .int('must be whole days')
  .min(0, 'must not be negative')
  .max(31, 'must be at most 31');

/** Attendance of one month (考勤): working days, days present, late arrivals and early leaves. */
export const AttendanceRecorded = defineEvent(
  'AttendanceRecorded',
  z.object({
    employeeId: id,
    month,
    workingDays: dayCount,
    daysPresent: dayCount,
    /** Days on which the person arrived late. */
    lateArrivals: dayCount,
    /** Days on which the person left early. */
    earlyLeaves: dayCount,
    at: isoTime,
  }),
);
/**
 * An answer to the periodic satisfaction pulse survey, 0–10 (10 = very satisfied). A falling
 * trend is one of the retention-risk signals.
 */
export const SatisfactionPulseAnswered = defineEvent(
  'SatisfactionPulseAnswered',
  z.object({ employeeId: id, score: rating10, at: isoTime }),
);

/** What HR or a manager did about a person at risk of leaving. */
export const INTERVENTION_KINDS = [
  'coaching',
  'mentor_change',
  'target_adjusted',
  'career_talk',
  'other',
] as const;
export type InterventionKind = (typeof INTERVENTION_KINDS)[number];

/**
 * An intervention on a person flagged at risk of leaving (挽留措施): coaching, a change of
 * mentor, an adjusted target, a career talk or something else, with a note; recorded by HR or
 * the person's manager. Its outcome (did the person stay?) is measured against flagged people
 * without one.
 */
export const InterventionRecorded = defineEvent(
  'InterventionRecorded',
  z.object({
    employeeId: id,
    kind: z.enum(INTERVENTION_KINDS),
    note: text.refine((s) => s.trim().length > 0, 'must say what was done'),
    recordedBy: id,
    at: isoTime,
  }),
);

export const hrEvents = [AttendanceRecorded, SatisfactionPulseAnswered, InterventionRecorded] as const;
export type HrEvent = EventOf<typeof hrEvents>;
