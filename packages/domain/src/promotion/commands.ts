import type { CommandsOf } from '../core/types.ts';
import { PromotionDecided, PromotionNominated, ReviewOpened, VoteCast } from './events.ts';

export const promotionCommandSchemas = {
  Nominate: PromotionNominated.schema,
  OpenReview: ReviewOpened.schema,
  CastVote: VoteCast.schema,
  DecidePromotion: PromotionDecided.schema.omit({ employeeId: true, toLevel: true }),
} as const;

export type PromotionCommand = CommandsOf<typeof promotionCommandSchemas>;
