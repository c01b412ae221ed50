import { id } from '../core/schemas.ts';
import type { CommandsOf } from '../core/types.ts';
import {
  CalibrationAnnotated,
  OverrideInput,
  PromotionDecided,
  PromotionNominated,
  ReviewOpened,
  VoteCast,
} from './events.ts';

export const promotionCommandSchemas = {
  Nominate: PromotionNominated.schema,
  /** The candidate is named so the committee can be checked against them and their manager. */
  OpenReview: ReviewOpened.schema.extend({ employeeId: id }),
  CastVote: VoteCast.schema,
  DecidePromotion: PromotionDecided.schema.omit({ employeeId: true, toLevel: true, override: true }).extend({
    /** Required when the outcome goes against `evidence.eligible` or the majority of the votes. */
    override: OverrideInput.nullable().optional(),
  }),
} as const;

export type PromotionCommand = CommandsOf<typeof promotionCommandSchemas>;

/** Calibration of promotion rounds: a note on a round or one of its candidates (`calibration-<round>`). */
export const calibrationCommandSchemas = {
  AnnotateCalibration: CalibrationAnnotated.schema,
} as const;
export type CalibrationCommand = CommandsOf<typeof calibrationCommandSchemas>;
