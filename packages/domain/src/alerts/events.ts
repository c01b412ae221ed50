import { z } from 'zod';
import { defineEvent, type EventOf } from '../core/catalog.ts';
import { id, isoTime, text } from '../core/schemas.ts';

/**
 * The alerts inbox, stream `alert-<alertId>`: alerts that need a computed read model to be
 * noticed (eligibility reached, retention risk high, target behind its stage target) are
 * raised as events by reactors. Alerts that follow from mentoring and training events alone
 * (mentor task overdue, mentor rated < 7, a course not completed by its due date) are derived
 * by the read models and only their acknowledgement is an event here.
 */
export const ALERT_KINDS = [
  'eligibility_reached',
  'risk_high',
  'target_behind',
  'target_peer_gap',
  'mentor_overdue',
  'mentor_rated_low',
  'course_overdue',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Alerts the alerts read model derives from events (not raised by a command). */
export const DERIVED_ALERT_KINDS = ['mentor_overdue', 'mentor_rated_low', 'course_overdue'] as const;

/** Who must act on an alert: HR, a manager, a mentor or the employee, by employee id when known. */
export const AlertAssigneeSchema = z.object({
  role: z.enum(['hr', 'manager', 'mentor', 'employee']),
  id: id.optional().describe("The person (employee id); absent for a role inbox such as HR's."),
});
export type AlertAssignee = z.infer<typeof AlertAssigneeSchema>;

/** What the alert links to: the read model holding the evidence, e.g. `eligibility`. */
export const EVIDENCE_KINDS = [
  'eligibility',
  'retention_risk',
  'target',
  'mentorship',
  'review',
  'training',
] as const;

export const AlertRaised = defineEvent(
  'AlertRaised',
  z.object({
    alertId: id,
    kind: z.enum(ALERT_KINDS),
    /** The person the alert is about. */
    employeeId: id,
    assignees: z.array(AlertAssigneeSchema).min(1, 'an alert needs someone who must act'),
    evidence: z.object({
      kind: z.enum(EVIDENCE_KINDS),
      /** e.g. the level reached, the risk model version, a review id. */
      ref: text.optional(),
      /** Global position of the evidence the alert was raised from (decimal string). */
      position: z.string().regex(/^\d+$/, 'must be a decimal position'),
    }),
    message: z.object({ en: text.min(1), zh: text.min(1) }),
    raisedBy: id,
    at: isoTime,
  }),
);

/** Someone who must act has seen the alert (and, optionally, says what they did). */
export const AlertAcknowledged = defineEvent(
  'AlertAcknowledged',
  z.object({ alertId: id, acknowledgedBy: id, note: text.optional(), at: isoTime }),
);

export const alertEvents = [AlertRaised, AlertAcknowledged] as const;
export type AlertEvent = EventOf<typeof alertEvents>;

/** The stream of one alert. */
export const alertStream = (alertId: string): string => `alert-${alertId}`;

/**
 * Ids of derived alerts are built from what triggered them, so the read model finds the same
 * id on every rebuild: `<kind>:<part>:<part>…` (parts must not contain `:`).
 */
export function derivedAlertId(kind: (typeof DERIVED_ALERT_KINDS)[number], ...parts: string[]): string {
  return [kind, ...parts].join(':');
}

/** Whether an id has the form of a derived alert's id (see {@link derivedAlertId}). */
export function isDerivedAlertId(alertId: string): boolean {
  const [kind, ...parts] = alertId.split(':');
  return (
    (DERIVED_ALERT_KINDS as readonly string[]).includes(kind ?? '') &&
    parts.length > 0 &&
    parts.every((p) => p.length > 0)
  );
}
