import type { z } from 'zod';
import type { Command } from '../core/types.ts';
import { PromotionDecided, PromotionNominated, ReviewOpened, VoteCast } from './events.ts';

export const promotionCommandSchemas = {
  Nominate: PromotionNominated.schema,
  OpenReview: ReviewOpened.schema,
  CastVote: VoteCast.schema,
  DecidePromotion: PromotionDecided.schema.omit({ employeeId: true, toLevel: true }),
} as const;

export type PromotionCommand =
  | Command<'Nominate', z.infer<typeof promotionCommandSchemas.Nominate>>
  | Command<'OpenReview', z.infer<typeof promotionCommandSchemas.OpenReview>>
  | Command<'CastVote', z.infer<typeof promotionCommandSchemas.CastVote>>
  | Command<'DecidePromotion', z.infer<typeof promotionCommandSchemas.DecidePromotion>>;
