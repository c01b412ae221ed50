import { promotionCommandSchemas } from '@trackrecord/domain';
import { commandMutations } from './mutations.ts';

commandMutations(promotionCommandSchemas, {
  Nominate: 'Nominate a candidate for the next ladder level, opening a review.',
  OpenReview: 'Convene the review committee with its quorum (法定人数).',
  CastVote: 'Cast a committee vote on a review: approve, reject or abstain.',
  DecidePromotion: 'Record the committee decision with its rationale, evidence position and policy versions.',
});
