import { DomainError, type DomainErrorCode, illegalState, notFound, validation } from '../core/errors.ts';
import { type Command, type Decider, type EmployeeContext, requireActive } from '../core/types.ts';
import type { PromotionCommand } from './commands.ts';
import type { Overridden, PromotionEvent } from './events.ts';
import { evolveReview } from './evolve.ts';
import { initialReviewState, type ReviewState } from './state.ts';

type Of<T extends PromotionCommand['type']> = Extract<PromotionCommand, Command<T>>;

/**
 * Facts from other streams: for `Nominate`, the candidate's status and current level from
 * `employee-<employeeId>`; for `OpenReview`, the candidate's (who manages them); the other
 * review commands need nothing (pass `{}`).
 */
export interface ReviewContext {
  readonly candidate?: EmployeeContext;
}

/**
 * A refusal a person reads: the English message (the error's message), and for the API's
 * localisation the field as a person knows it and the message in Chinese (`details.field`,
 * `details.fieldZh`, `details.messageZh`).
 */
export function refuse(
  code: DomainErrorCode,
  field: { key: string; en: string; zh: string },
  en: string,
  zh: string,
  details: Record<string, unknown> = {},
): DomainError {
  return new DomainError(code, en, {
    ...details,
    fieldPath: field.key,
    field: field.en,
    fieldZh: field.zh,
    messageZh: zh,
  });
}
const COMMITTEE = { key: 'committee', en: 'Committee', zh: '评审委员会' };
const QUORUM = { key: 'quorum', en: 'Quorum', zh: '法定人数' };
const MEMBER = { key: 'memberId', en: 'Committee member', zh: '委员' };
const DECIDER = { key: 'decidedBy', en: 'Decided by', zh: '决定人' };
const OVERRIDE = { key: 'override', en: 'Override reason', zh: '推翻理由' };
const REVIEW = { key: 'reviewId', en: 'Review', zh: '评审' };

function requireOpen(state: ReviewState, reviewId: string): void {
  if (!state.nominated) {
    throw refuse('NOT_FOUND', REVIEW, `review ${reviewId} is not known`, `评审 ${reviewId} 不存在`, {
      reviewId,
    });
  }
  if (state.committee.length === 0) {
    throw refuse(
      'ILLEGAL_STATE',
      REVIEW,
      `review ${reviewId} has not been opened yet`,
      `评审 ${reviewId} 尚未组建委员会`,
    );
  }
  if (state.decided) {
    throw refuse(
      'ILLEGAL_STATE',
      REVIEW,
      `review ${reviewId} is already decided`,
      `评审 ${reviewId} 已有决定`,
    );
  }
}

/** Only the review's own committee acts on it, and never the candidate. */
function requireMember(state: ReviewState, reviewId: string, who: string, as: typeof MEMBER): void {
  if (who === state.employeeId) {
    throw refuse(
      'ILLEGAL_STATE',
      as,
      `${who} is the candidate of review ${reviewId} and cannot act on it`,
      `${who} 是评审 ${reviewId} 的候选人，不能参与该评审`,
      { reviewId, who },
    );
  }
  if (!state.committee.includes(who)) {
    throw refuse(
      'ILLEGAL_STATE',
      as,
      `${who} is not a member of the committee of review ${reviewId}`,
      `${who} 不是评审 ${reviewId} 的委员会成员`,
      { reviewId, who },
    );
  }
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

function openReview(
  { data }: Of<'OpenReview'>,
  state: ReviewState,
  context: ReviewContext,
): PromotionEvent[] {
  if (!state.nominated) throw notFound(`review ${data.reviewId} has no nomination to review`);
  if (state.committee.length > 0) throw illegalState(`review ${data.reviewId} is already open`);
  if (data.employeeId !== state.employeeId) {
    throw refuse(
      'VALIDATION',
      { key: 'employeeId', en: 'Candidate', zh: '候选人' },
      `review ${data.reviewId} is about ${state.employeeId}, not ${data.employeeId}`,
      `评审 ${data.reviewId} 的候选人是 ${state.employeeId}，不是 ${data.employeeId}`,
    );
  }
  const { committee, quorum } = data;
  if (new Set(committee).size !== committee.length) {
    throw refuse('VALIDATION', COMMITTEE, 'a committee member is listed twice', '委员会成员重复');
  }
  if (committee.includes(state.employeeId)) {
    throw refuse(
      'VALIDATION',
      COMMITTEE,
      `the candidate ${state.employeeId} cannot sit on their own review committee`,
      `候选人 ${state.employeeId} 不能担任自己评审的委员`,
      { memberId: state.employeeId },
    );
  }
  const manager = context.candidate?.managerId;
  if (manager && committee.includes(manager)) {
    throw refuse(
      'VALIDATION',
      COMMITTEE,
      `${manager} manages the candidate ${state.employeeId} and cannot sit on their review committee`,
      `${manager} 是候选人 ${state.employeeId} 的上级，不能担任其评审委员`,
      { memberId: manager },
    );
  }
  if (quorum > committee.length) {
    throw refuse(
      'VALIDATION',
      QUORUM,
      `a quorum of ${quorum} cannot be reached by a committee of ${committee.length}`,
      `委员会只有 ${committee.length} 人，无法达到 ${quorum} 票的法定人数`,
    );
  }
  const { employeeId: _candidate, ...opened } = data;
  return [{ type: 'ReviewOpened', data: opened }];
}

function castVote({ data }: Of<'CastVote'>, state: ReviewState): PromotionEvent[] {
  requireOpen(state, data.reviewId);
  requireMember(state, data.reviewId, data.memberId, MEMBER);
  if (state.voters.has(data.memberId)) {
    throw refuse(
      'ILLEGAL_STATE',
      MEMBER,
      `${data.memberId} has already voted on review ${data.reviewId}`,
      `${data.memberId} 已对评审 ${data.reviewId} 投过票`,
    );
  }
  return [{ type: 'VoteCast', data }];
}

/**
 * What a decision goes against: the eligibility verdict it rests on (when there is one) and
 * the majority of approvals over rejections (abstentions and ties make no majority).
 */
export function decisionAgainst(
  outcome: 'approved' | 'rejected',
  eligible: boolean | null,
  votes: { approvals: number; rejections: number },
): Overridden[] {
  const against: Overridden[] = [];
  if (eligible !== null && eligible !== (outcome === 'approved')) against.push('eligibility');
  const majority =
    votes.approvals > votes.rejections ? 'approved' : votes.rejections > votes.approvals ? 'rejected' : null;
  if (majority !== null && majority !== outcome) against.push('majority');
  return against;
}

function decidePromotion({ data }: Of<'DecidePromotion'>, state: ReviewState): PromotionEvent[] {
  requireOpen(state, data.reviewId);
  requireMember(state, data.reviewId, data.decidedBy, DECIDER);
  if (state.voters.size < state.quorum) {
    throw refuse(
      'ILLEGAL_STATE',
      REVIEW,
      `review ${data.reviewId} has ${state.voters.size} of the ${state.quorum} votes its quorum needs`,
      `评审 ${data.reviewId} 已有 ${state.voters.size} 票，法定人数需要 ${state.quorum} 票`,
      { votes: state.voters.size, quorum: state.quorum },
    );
  }
  const against = decisionAgainst(data.outcome, data.evidence.eligible, state);
  const { override: given, ...rest } = data;
  if (against.length > 0 && !given) {
    const what = against.map((a) =>
      a === 'eligibility' ? 'the eligibility verdict' : 'the majority of the votes',
    );
    const whatZh = against.map((a) => (a === 'eligibility' ? '晋升资格结论' : '多数投票'));
    throw refuse(
      'VALIDATION',
      OVERRIDE,
      `a decision against ${what.join(' and ')} needs an override reason (a code and an explanation)`,
      `与${whatZh.join('和')}相反的决定需要填写推翻理由（理由类别和说明）`,
      { against },
    );
  }
  if (against.length === 0 && given) {
    throw refuse(
      'VALIDATION',
      OVERRIDE,
      'the decision agrees with the eligibility verdict and the majority: there is nothing to override',
      '该决定与晋升资格结论和多数投票一致，无需推翻理由',
    );
  }
  return [
    {
      type: 'PromotionDecided',
      data: {
        ...rest,
        employeeId: state.employeeId,
        toLevel: state.toLevel,
        override: given ? { ...given, against } : null,
      },
    },
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
      return openReview(command, state, context);
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
