import type { PromotionEvent } from './events.ts';
import type { ReviewState } from './state.ts';

export function evolveReview(state: ReviewState, event: PromotionEvent): ReviewState {
  switch (event.type) {
    case 'PromotionNominated':
      return { ...state, nominated: true, employeeId: event.data.employeeId, toLevel: event.data.toLevel };
    case 'ReviewOpened':
      return { ...state, committee: event.data.committee, quorum: event.data.quorum };
    case 'VoteCast':
      return {
        ...state,
        voters: new Set([...state.voters, event.data.memberId]),
        approvals: state.approvals + (event.data.vote === 'approve' ? 1 : 0),
        rejections: state.rejections + (event.data.vote === 'reject' ? 1 : 0),
      };
    case 'PromotionDecided':
      return { ...state, decided: true };
    default: {
      const unreachable: never = event;
      throw new Error(`unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
}
