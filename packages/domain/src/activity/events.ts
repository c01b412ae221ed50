import { z } from 'zod';
import { defineEvent, type EventOf } from '../core/catalog.ts';
import { id, isoTime, month, positiveFen, rating5, rating10, text } from '../core/schemas.ts';

/**
 * Day-to-day facts about one employee from the CRM (opportunities, demos, follow-ups,
 * retention, feedback), the ERP (expenses), the OA system (collaboration, 360 feedback) and
 * HR (attendance, satisfaction). They need no history to be accepted, so they go to monthly
 * streams `activity-<employeeId>-<YYYY-MM>` that stay small.
 */
export const OpportunityCreated = defineEvent(
  'OpportunityCreated',
  z.object({ employeeId: id, opportunityId: id, customerId: id, at: isoTime }),
);
export const DemoGiven = defineEvent('DemoGiven', z.object({ employeeId: id, customerId: id, at: isoTime }));
/** A logged customer follow-up (跟进): a call, visit or message recorded in the CRM. */
export const CustomerFollowUpLogged = defineEvent(
  'CustomerFollowUpLogged',
  z.object({ employeeId: id, customerId: id, at: isoTime }),
);
export const CustomerRetained = defineEvent(
  'CustomerRetained',
  z.object({ employeeId: id, customerId: id, at: isoTime }),
);
export const CustomerChurned = defineEvent(
  'CustomerChurned',
  z.object({ employeeId: id, customerId: id, at: isoTime }),
);
export const CustomerFeedbackGiven = defineEvent(
  'CustomerFeedbackGiven',
  z.object({ employeeId: id, customerId: id, rating: rating5, comment: text.optional(), at: isoTime }),
);
export const ExpenseRecorded = defineEvent(
  'ExpenseRecorded',
  z.object({ employeeId: id, expenseId: id, amount: positiveFen, category: id, at: isoTime }),
);
/** Credit for helping a colleague close (协作). */
export const CollaborationCredited = defineEvent(
  'CollaborationCredited',
  z.object({ employeeId: id, helpedEmployeeId: id, saleId: id.optional(), at: isoTime }),
);
/** 360-degree feedback about the employee from their manager, a peer or a customer. */
export const Feedback360Given = defineEvent(
  'Feedback360Given',
  z.object({
    employeeId: id,
    from: z.enum(['manager', 'peer', 'customer']),
    fromId: id.optional(),
    rating: rating5,
    comment: text.optional(),
    at: isoTime,
  }),
);
export const AttendanceRecorded = defineEvent(
  'AttendanceRecorded',
  z.object({
    employeeId: id,
    month,
    workingDays: z.number().int().min(0).max(31),
    daysPresent: z.number().int().min(0).max(31),
    lateArrivals: z.number().int().min(0),
    earlyLeaves: z.number().int().min(0),
    at: isoTime,
  }),
);
/** An answer to the periodic satisfaction pulse survey, 0–10. */
export const SatisfactionPulseAnswered = defineEvent(
  'SatisfactionPulseAnswered',
  z.object({ employeeId: id, score: rating10, at: isoTime }),
);

export const activityEvents = [
  OpportunityCreated,
  DemoGiven,
  CustomerFollowUpLogged,
  CustomerRetained,
  CustomerChurned,
  CustomerFeedbackGiven,
  ExpenseRecorded,
  CollaborationCredited,
  Feedback360Given,
  AttendanceRecorded,
  SatisfactionPulseAnswered,
] as const;
export type ActivityEvent = EventOf<typeof activityEvents>;

/** The monthly activity stream of an employee; the month is taken from the fact's time. */
export const activityStream = (employeeId: string, at: string) => `activity-${employeeId}-${at.slice(0, 7)}`;
