import { z } from 'zod';
import { defineEvent, type EventOf } from '../core/catalog.ts';
import { id, isoTime, text } from '../core/schemas.ts';

/**
 * A promotion review, stream `review-<reviewId>`: a nomination (by the eligibility reactor
 * or a manager), the committee and its quorum (the least number of votes a decision needs),
 * the votes, and the decision with the evidence it rests on.
 */
/** A candidate is put forward for the next ladder level, opening review `reviewId`. */
export const PromotionNominated = defineEvent(
  'PromotionNominated',
  z.object({
    reviewId: id,
    employeeId: id,
    fromLevel: id,
    toLevel: id,
    track: id,
    /** Composite score when nominated. */
    score: z.number().min(0).max(100),
    reason: z.enum(['threshold_reached', 'manager_nomination']),
    nominatedBy: id,
    at: isoTime,
  }),
);
/** The review committee is convened. */
export const ReviewOpened = defineEvent(
  'ReviewOpened',
  z.object({
    reviewId: id,
    /** Employee ids of the committee members. */
    committee: z.array(id).min(1, 'a committee needs at least one member'),
    /** Quorum (法定人数): the least number of votes cast before a decision may be taken. */
    quorum: z.number().int().min(1, 'must be at least 1'),
    at: isoTime,
  }),
);
export const VoteCast = defineEvent(
  'VoteCast',
  z.object({
    reviewId: id,
    memberId: id,
    vote: z.enum(['approve', 'reject', 'abstain']),
    comment: text.optional(),
    at: isoTime,
  }),
);
/**
 * The committee's decision. It names the evidence so an auditor can replay it: the global
 * position of the last event the evidence was computed from, and the policy versions used.
 */
export const PromotionDecided = defineEvent(
  'PromotionDecided',
  z.object({
    reviewId: id,
    employeeId: id,
    toLevel: id,
    outcome: z.enum(['approved', 'rejected']),
    rationale: text.min(1, 'a decision needs a rationale'),
    /** Global position of the last event the evidence was computed from (decimal string). */
    evidencePosition: z.string().regex(/^\d+$/, 'must be a decimal position'),
    /** Policy id → version in force for the evidence, e.g. `{ "scoring-default": 3, "ladder-default": 1 }`. */
    policyVersions: z.record(z.string(), z.number().int().positive()),
    decidedBy: id,
    at: isoTime,
  }),
);

export const promotionEvents = [PromotionNominated, ReviewOpened, VoteCast, PromotionDecided] as const;
export type PromotionEvent = EventOf<typeof promotionEvents>;
