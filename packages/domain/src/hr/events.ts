import { z } from 'zod';
import { defineEvent, type EventOf } from '../core/catalog.ts';
import { id, isoTime, month, rating10 } from '../core/schemas.ts';

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

export const hrEvents = [AttendanceRecorded, SatisfactionPulseAnswered] as const;
export type HrEvent = EventOf<typeof hrEvents>;
