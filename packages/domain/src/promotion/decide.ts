import { illegalState, notFound, validation } from '../core/errors.ts';
import { type Decider, type EmployeeContext, requireActive } from '../core/types.ts';
import type { PromotionCommand } from './commands.ts';
import type { PromotionEvent } from './events.ts';

export interface ReviewState {
  readonly nominated: boolean;
  readonly employeeId: string;
  readonly toLevel: string;
  readonly committee: readonly string[];
  readonly quorum: number;
  readonly voters: ReadonlySet<string>;
  readonly decided: boolean;
}
export const initialReviewState: ReviewState = {
  nominated: false,
  employeeId: '',
  toLevel: '',
  committee: [],
  quorum: 0,
  voters: new Set(),
  decided: false,
};

export function evolveReview(state: ReviewState, event: PromotionEvent): ReviewState {
  switch (event.type) {
    case 'PromotionNominated':
      return { ...state, nominated: true, employeeId: event.data.employeeId, toLevel: event.data.toLevel };
    case 'ReviewOpened':
      return { ...state, committee: event.data.committee, quorum: event.data.quorum };
    case 'VoteCast':
      return { ...state, voters: new Set([...state.voters, event.data.memberId]) };
    case 'PromotionDecided':
      return { ...state, decided: true };
    default: {
      const unreachable: never = event;
      throw new Error(`unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The candidate's status, for the nomination. */
export interface ReviewContext {
  readonly candidate?: EmployeeContext;
}

function requireOpen(state: ReviewState, reviewId: string): void {
  if (!state.nominated) throw notFound(`review ${reviewId} is not known`, { reviewId });
  if (state.committee.length === 0) throw illegalState(`review ${reviewId} has not been opened yet`);
  if (state.decided) throw illegalState(`review ${reviewId} is already decided`);
}

export function decideReview(
  command: PromotionCommand,
  state: ReviewState,
  context: ReviewContext,
): PromotionEvent[] {
  const { reviewId } = command.data;
  switch (command.type) {
    case 'Nominate':
      if (state.nominated) throw illegalState(`review ${reviewId} already has a nomination`);
      requireActive(context.candidate, 'candidate');
      if (command.data.fromLevel === command.data.toLevel) {
        throw validation(`a promotion must lead to another level than ${command.data.fromLevel}`);
      }
      return [{ type: 'PromotionNominated', data: command.data }];
    case 'OpenReview': {
      if (!state.nominated) throw notFound(`review ${reviewId} has no nomination to review`);
      if (state.committee.length > 0) throw illegalState(`review ${reviewId} is already open`);
      const { committee, quorum } = command.data;
      if (new Set(committee).size !== committee.length)
        throw validation('a committee member is listed twice');
      if (committee.includes(state.employeeId)) {
        throw validation(`the candidate ${state.employeeId} cannot sit on their own review committee`);
      }
      if (quorum > committee.length) {
        throw validation(`a quorum of ${quorum} cannot be reached by a committee of ${committee.length}`);
      }
      return [{ type: 'ReviewOpened', data: command.data }];
    }
    case 'CastVote':
      requireOpen(state, reviewId);
      if (!state.committee.includes(command.data.memberId)) {
        throw illegalState(`${command.data.memberId} is not a member of the committee of review ${reviewId}`);
      }
      if (state.voters.has(command.data.memberId)) {
        throw illegalState(`${command.data.memberId} has already voted on review ${reviewId}`);
      }
      return [{ type: 'VoteCast', data: command.data }];
    case 'DecidePromotion':
      requireOpen(state, reviewId);
      if (state.voters.size < state.quorum) {
        throw illegalState(
          `review ${reviewId} has ${state.voters.size} of the ${state.quorum} votes its quorum needs`,
          { votes: state.voters.size, quorum: state.quorum },
        );
      }
      return [
        {
          type: 'PromotionDecided',
          data: { ...command.data, employeeId: state.employeeId, toLevel: state.toLevel },
        },
      ];
    default: {
      const unreachable: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unreachable)}`);
    }
  }
}

export const reviewDecider: Decider<PromotionCommand, PromotionEvent, ReviewState, ReviewContext> = {
  initialState: initialReviewState,
  evolve: evolveReview,
  decide: decideReview,
};
