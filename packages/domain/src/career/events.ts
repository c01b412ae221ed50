import { z } from 'zod';
import { defineEvent, type EventOf } from '../core/catalog.ts';
import { id, isoTime, planTime, text } from '../core/schemas.ts';

/**
 * Career events (HR system), stream `employee-<employeeId>`. A ladder level (职级) is a rung of the
 * career ladder, e.g. sales_representative → sales_supervisor → sales_manager →
 * regional_director; a track is one ladder (sales_management, key_account, sales_support).
 * The ids are those of `policy/ladder.ts`.
 */
export const EmployeeHired = defineEvent(
  'EmployeeHired',
  z.object({
    employeeId: id,
    /** The name of record (in Chinese for Chinese staff). */
    name: z.string().trim().min(1).max(100),
    /** The romanised form of the name (pinyin, e.g. Wang Wei) for English pages; optional. */
    nameEn: z.string().trim().min(1).max(100).optional(),
    branchId: id,
    teamId: id,
    regionId: id,
    managerId: id.nullable(),
    level: id,
    track: id,
    hiredAt: isoTime,
    /** End of probation (试用期); null when hired without probation. */
    probationEnd: planTime.nullable(),
    /** Recruiting fit score from the hiring assessment, 0–100 (> 80 stay twice as often as < 60). */
    recruitingFit: z.number().min(0, 'must be from 0 to 100').max(100, 'must be from 0 to 100'),
  }),
);
export const EmployeeTransferred = defineEvent(
  'EmployeeTransferred',
  z.object({
    employeeId: id,
    fromBranchId: id,
    fromTeamId: id,
    toBranchId: id,
    toTeamId: id,
    managerId: id.nullable(),
    effectiveAt: isoTime,
  }),
);
export const RankChanged = defineEvent(
  'RankChanged',
  z.object({
    employeeId: id,
    fromLevel: id,
    toLevel: id,
    track: id,
    reason: z.enum(['promotion', 'demotion', 'correction']),
    /** The promotion review whose decision this carries out, if any. */
    reviewId: id.nullable(),
    effectiveAt: isoTime,
  }),
);
/** Probation (试用期) ended with the newcomer confirmed in the job. */
export const ProbationPassed = defineEvent('ProbationPassed', z.object({ employeeId: id, at: isoTime }));
export const ProbationFailed = defineEvent(
  'ProbationFailed',
  z.object({ employeeId: id, reason: text.min(1), at: isoTime }),
);
/** The employee left: voluntarily (resigned) or not (dismissed, contract not renewed), with the reason. */
export const EmployeeLeft = defineEvent(
  'EmployeeLeft',
  z.object({ employeeId: id, voluntary: z.boolean(), reason: text.min(1), leftAt: isoTime }),
);

/** The value a redacted personal field reads as: Chinese where the record is written in Chinese, English in English forms. */
export const REDACTED = { zh: '已删除', en: 'redacted' } as const;

/**
 * A departed person's personal fields were redacted at their request (HR, with the reason).
 * The event lists what was erased: for each event type, the field naming the person and each
 * personal field with the value it now reads (`personalDataFields` of the catalog, as it was
 * at the time). The PostgreSQL store overwrites those fields of the person's earlier events in
 * the transaction that appends this event (docs/privacy.md); business facts stay as they were,
 * so every decision about the person replays to the same outcome.
 */
export const PersonalDataRedacted = defineEvent(
  'PersonalDataRedacted',
  z.object({
    employeeId: id,
    reason: text.trim().min(1, 'must say why (the person’s request)'),
    erased: z.array(
      z.object({
        eventType: z.string().min(1),
        subjectField: z.string().min(1),
        field: z.string().min(1),
        value: z.string().min(1),
        /** Set the field even where the event left it out (the English form of a name). */
        always: z.boolean(),
      }),
    ),
    at: isoTime,
  }),
);

export const careerEvents = [
  EmployeeHired,
  EmployeeTransferred,
  RankChanged,
  ProbationPassed,
  ProbationFailed,
  EmployeeLeft,
  PersonalDataRedacted,
] as const;
export type CareerEvent = EventOf<typeof careerEvents>;
