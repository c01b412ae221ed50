import { z } from 'zod';
import { defineEvent, type EventOf } from '../core/catalog.ts';
import { id, isoTime, month, text } from '../core/schemas.ts';

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
 * Why a committee may decide against the eligibility verdict or the majority of its votes: a
 * fixed list, so that overrides can be counted and audited, each with free text.
 */
export const OVERRIDE_REASONS = [
  'exceptional_contribution',
  'evidence_outdated',
  'conduct_or_compliance',
  'business_need',
  'other',
] as const;
export type OverrideReason = (typeof OVERRIDE_REASONS)[number];
/** What a decision went against: the eligibility verdict, the majority of the votes cast. */
export const OVERRIDDEN = ['eligibility', 'majority'] as const;
export type Overridden = (typeof OVERRIDDEN)[number];

/** The reason given for a decision against eligibility or the majority (command input). */
export const OverrideInput = z.object({
  code: z.enum(OVERRIDE_REASONS, { error: 'must be one of the listed override reasons' }),
  text: text.trim().min(1, 'an override needs an explanation'),
});
/** The override as recorded: the reason, and what the decision went against (set by the decider). */
export const DecisionOverride = OverrideInput.extend({
  against: z.array(z.enum(OVERRIDDEN)).min(1),
});

/**
 * What the decision rests on, as the committee saw it: the candidate's composite score of the
 * evaluated month and the eligibility verdict for the step (null where the evidence had none).
 */
export const DecisionEvidence = z.object({
  score: z.number().min(0, 'must be from 0 to 100').max(100, 'must be from 0 to 100').nullable(),
  /** The month the score is of (YYYY-MM). */
  scoreMonth: month.nullable(),
  /** Eligible for the step under the ladder recorded in `policyVersions`. */
  eligible: z.boolean().nullable(),
});

const promotionDecidedV1 = z.looseObject({ reviewId: id });

/**
 * The committee's decision. It names the evidence so an auditor can replay it: the global
 * position of the last event the evidence was computed from, the policy versions used, and
 * (since v2) the score and eligibility verdict it rests on, with the override reason when the
 * decision went against the verdict or the majority of the votes.
 *
 * v1 recorded neither evidence nor override: it is upcast with `evidence` all null (not
 * recorded) and no override.
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
    policyVersions: z
      .record(
        z.string().describe('A policy id, e.g. scoring-demo.'),
        z.number().int().positive().describe('The version of that policy in force for the evidence.'),
      )
      .describe('Policy id → version in force for the evidence.'),
    evidence: DecisionEvidence,
    /** Null unless the decision went against the eligibility verdict or the majority. */
    override: DecisionOverride.nullable(),
    decidedBy: id,
    at: isoTime,
  }),
  {
    version: 2,
    upcasters: {
      1: (data) => ({
        ...promotionDecidedV1.parse(data),
        evidence: { score: null, scoreMonth: null, eligible: null },
        override: null,
      }),
    },
  },
);

/**
 * A promotion round (评审轮次): the nominations opened in one calendar quarter, named
 * `YYYY-Qn` (2026-Q2 = nominations of April to June 2026, by the nomination's business date).
 */
export const round = z.string().regex(/^\d{4}-Q[1-4]$/, 'must be a quarter as YYYY-Qn, e.g. 2026-Q2');

/**
 * A note of HR or the review committee on a promotion round (calibration, 校准), about one
 * candidate of the round or the round as a whole (`employeeId` null), stream
 * `calibration-<round>`. The calibration page lists them as its activity log.
 */
export const CalibrationAnnotated = defineEvent(
  'CalibrationAnnotated',
  z.object({
    round,
    /** The candidate the note is about; null for a note on the round as a whole. */
    employeeId: id.nullable(),
    note: text.trim().min(1, 'must say something').max(2000, 'must be at most 2000 characters'),
    annotatedBy: id,
    at: isoTime,
  }),
);

export const promotionEvents = [PromotionNominated, ReviewOpened, VoteCast, PromotionDecided] as const;
export type PromotionEvent = EventOf<typeof promotionEvents>;

/** Calibration of promotion rounds, stream `calibration-<round>`. */
export const calibrationEvents = [CalibrationAnnotated] as const;
export type CalibrationEvent = EventOf<typeof calibrationEvents>;
