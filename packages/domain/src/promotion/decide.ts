import { illegalState, notFound, validation } from '../core/errors.ts';
import { type Command, type Decider, type EmployeeContext, requireActive } from '../core/types.ts';
import type { PromotionCommand } from './commands.ts';
import type { PromotionEvent } from './events.ts';
import { evolveReview } from './evolve.ts';
import { initialReviewState, type ReviewState } from './state.ts';

type Of<T extends PromotionCommand['type']> = Extract<PromotionCommand, Command<T>>;

/**
 * Facts from other streams: for `Nominate`, the candidate's status and current level from
 * `employee-<employeeId>`; the other review commands need nothing (pass `{}`).
 */
export interface ReviewContext {
  readonly candidate?: EmployeeContext;
}

function requireOpen(state: ReviewState, reviewId: string): void {
  if (!state.nominated) throw notFound(`review ${reviewId} is not known`, { reviewId });
  if (state.committee.length === 0) throw illegalState(`review ${reviewId} has not been opened yet`);
  if (state.decided) throw illegalState(`review ${reviewId} is already decided`);
}

function nominate({ data }: Of<'Nominate'>, state: ReviewState, context: ReviewContext): PromotionEvent[] {
  if (state.nominated) throw illegalState(`review ${data.reviewId} already has a nomination`);
  requireActive(context.candidate, 'candidate', data.employeeId);
  if (data.fromLevel === data.toLevel) {
    throw validation(`a promotion must lead to another level than ${data.fromLevel}`);
  }
  if (context.candidate.level !== data.fromLevel) {
    throw illegalState(
      `candidate ${data.employeeId} is at level ${context.candidate.level ?? '(unknown)'}, not ${data.fromLevel}`,
    );
  }
  return [{ type: 'PromotionNominated', data }];
}

function openReview({ data }: Of<'OpenReview'>, state: ReviewState): PromotionEvent[] {
  if (!state.nominated) throw notFound(`review ${data.reviewId} has no nomination to review`);
  if (state.committee.length > 0) throw illegalState(`review ${data.reviewId} is already open`);
  const { committee, quorum } = data;
  if (new Set(committee).size !== committee.length) throw validation('a committee member is listed twice');
  if (committee.includes(state.employeeId)) {
    throw validation(`the candidate ${state.employeeId} cannot sit on their own review committee`);
  }
  if (quorum > committee.length) {
    throw validation(`a quorum of ${quorum} cannot be reached by a committee of ${committee.length}`);
  }
  return [{ type: 'ReviewOpened', data }];
}

function castVote({ data }: Of<'CastVote'>, state: ReviewState): PromotionEvent[] {
  requireOpen(state, data.reviewId);
  if (!state.committee.includes(data.memberId)) {
    throw illegalState(`${data.memberId} is not a member of the committee of review ${data.reviewId}`);
  }
  if (state.voters.has(data.memberId)) {
    throw illegalState(`${data.memberId} has already voted on review ${data.reviewId}`);
  }
  return [{ type: 'VoteCast', data }];
}

function decidePromotion({ data }: Of<'DecidePromotion'>, state: ReviewState): PromotionEvent[] {
  requireOpen(state, data.reviewId);
  if (state.voters.size < state.quorum) {
    throw illegalState(
      `review ${data.reviewId} has ${state.voters.size} of the ${state.quorum} votes its quorum needs`,
      { votes: state.voters.size, quorum: state.quorum },
    );
  }
  return [
    { type: 'PromotionDecided', data: { ...data, employeeId: state.employeeId, toLevel: state.toLevel } },
  ];
}

/** Promotion review commands, on `review-<reviewId>`. */
export function decideReview(
  command: PromotionCommand,
  state: ReviewState,
  context: ReviewContext,
): PromotionEvent[] {
  switch (command.type) {
    case 'Nominate':
      return nominate(command, state, context);
    case 'OpenReview':
      return openReview(command, state);
    case 'CastVote':
      return castVote(command, state);
    case 'DecidePromotion':
      return decidePromotion(command, state);
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
