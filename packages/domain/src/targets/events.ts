import { z } from 'zod';
import { defineEvent, type EventOf } from '../core/catalog.ts';
import { id, isoTime, month, positiveFen, text } from '../core/schemas.ts';

/**
 * Sales targets of a person or a team for a month, stream `target-<subjectId>-<YYYY-MM>`.
 * Amounts are fen. A stage target (阶段目标) is the share of the period's target due by a given
 * week; people behind it several weeks in a row are flagged (calc/targets.ts).
 */
/** How a team target is divided: equally, by ability (past results), by potential (growth). */
export const SPLIT_STRATEGIES = ['equal', 'ability', 'potential'] as const;
const subject = { subjectId: id, subjectKind: z.enum(['employee', 'team']), period: month };

export const TargetSet = defineEvent(
  'TargetSet',
  z.object({
    ...subject,
    amount: positiveFen,
    /** How the amount was arrived at, e.g. "history × rank × region 1.1" (the baseline's formula). */
    basis: text.min(1),
    setBy: id,
    at: isoTime,
  }),
);
/** Mid-period request (by the person or their manager) to change a target, with the reason. */
export const TargetAdjustmentRequested = defineEvent(
  'TargetAdjustmentRequested',
  z.object({ ...subject, requestId: id, requestedAmount: positiveFen, reason: text.min(1), at: isoTime }),
);
export const TargetAdjustmentApproved = defineEvent(
  'TargetAdjustmentApproved',
  z.object({
    ...subject,
    requestId: id,
    approvedAmount: positiveFen,
    approvedBy: id,
    /** Why it was approved (optional: events before it was asked for carry none). */
    reason: text.min(1).optional(),
    at: isoTime,
  }),
);
export const TargetAdjustmentRejected = defineEvent(
  'TargetAdjustmentRejected',
  z.object({ ...subject, requestId: id, reason: text.min(1), rejectedBy: id, at: isoTime }),
);
/** A team target divided among its members; the shares add up to the team amount exactly. */
export const TeamTargetSplit = defineEvent(
  'TeamTargetSplit',
  z.object({
    teamId: id,
    period: month,
    teamAmount: positiveFen,
    strategy: z.enum(SPLIT_STRATEGIES),
    shares: z.array(z.object({ employeeId: id, amount: positiveFen })).min(1),
    at: isoTime,
  }),
);

export const targetEvents = [
  TargetSet,
  TargetAdjustmentRequested,
  TargetAdjustmentApproved,
  TargetAdjustmentRejected,
  TeamTargetSplit,
] as const;
export type TargetEvent = EventOf<typeof targetEvents>;
