import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/errors.ts';
import { commandsWith, spec } from '../core/spec.ts';
import type { CommandMetadata } from '../core/types.ts';
import type { PromotionCommand } from './commands.ts';
import { type ReviewContext, reviewDecider } from './decide.ts';
import type { PromotionEvent } from './events.ts';

const metadata: CommandMetadata = {
  commandId: 'c',
  at: '2026-06-01T09:00:00Z',
  actor: 'user:c1',
  source: 'ui',
};
const cmd = commandsWith<PromotionCommand>(metadata);
const at = '2026-06-01T09:00:00Z';
const ctx: ReviewContext = {
  candidate: { employeeId: 'e1', status: 'active', level: 'sales_representative' },
};
const nominatedData = {
  reviewId: 'r1',
  employeeId: 'e1',
  fromLevel: 'sales_representative',
  toLevel: 'sales_supervisor',
  track: 'sales_management',
  score: 92.5,
  reason: 'threshold_reached' as const,
  nominatedBy: 'system:eligibility',
  at,
};
const nominated: PromotionEvent = { type: 'PromotionNominated', data: nominatedData };
const openedData = { reviewId: 'r1', committee: ['c1', 'c2', 'c3'], quorum: 2, at };
const openData = { ...openedData, employeeId: 'e1' };
const opened: PromotionEvent = { type: 'ReviewOpened', data: openedData };
/** The candidate e1, managed by m1. */
const candidateCtx: ReviewContext = {
  candidate: { employeeId: 'e1', status: 'active', level: 'sales_representative', managerId: 'm1' },
};
const vote = (memberId: string, v: 'approve' | 'reject' | 'abstain' = 'approve'): PromotionEvent => ({
  type: 'VoteCast',
  data: { reviewId: 'r1', memberId, vote: v, at },
});
const voteData = (memberId: string) => ({ reviewId: 'r1', memberId, vote: 'approve' as const, at });
const decision = {
  reviewId: 'r1',
  outcome: 'approved' as const,
  rationale: '综合评分 92.5，回款率 96%，已完成《销售团队管理》',
  evidencePosition: '48213',
  policyVersions: { 'scoring-default': 1, 'ladder-default': 1 },
  evidence: { score: 92.5, scoreMonth: '2026-05', eligible: true },
  decidedBy: 'c1',
  at,
};
const decided: PromotionEvent = {
  type: 'PromotionDecided',
  data: { ...decision, employeeId: 'e1', toLevel: 'sales_supervisor', override: null },
};
const review = spec(reviewDecider);

describe('review decider (stream review-<id>)', () => {
  describe('Nominate', () => {
    it('nominates an active candidate for the next level', () => {
      review.given([]).when(cmd('Nominate', nominatedData), ctx).thenEvents([nominated]);
    });
    it('refuses a second nomination on the same review', () => {
      review
        .given([nominated])
        .when(cmd('Nominate', nominatedData), ctx)
        .thenThrows('ILLEGAL_STATE', /review r1 already has a nomination/);
    });
    it('refuses an unknown candidate or one who left', () => {
      review
        .given([])
        .when(cmd('Nominate', nominatedData), {})
        .thenThrows('NOT_FOUND', /^candidate e1 is not known$/);
      review
        .given([])
        .when(cmd('Nominate', nominatedData), { candidate: { employeeId: 'e1', status: 'departed' } })
        .thenThrows('ILLEGAL_STATE', /^candidate e1 has left the company$/);
    });
    it('refuses a "promotion" to the same level', () => {
      review
        .given([])
        .when(cmd('Nominate', { ...nominatedData, toLevel: 'sales_representative' }), ctx)
        .thenThrows('VALIDATION', /another level than sales_representative/);
    });
    it('refuses a nomination from a level the candidate is not at', () => {
      review
        .given([])
        .when(cmd('Nominate', nominatedData), {
          candidate: { employeeId: 'e1', status: 'active', level: 'sales_manager' },
        })
        .thenThrows('ILLEGAL_STATE', /candidate e1 is at level sales_manager, not sales_representative/);
    });
  });

  describe('OpenReview', () => {
    it('opens the review with its committee and quorum', () => {
      review.given([nominated]).when(cmd('OpenReview', openData), candidateCtx).thenEvents([opened]);
    });
    it('refuses to open a review without a nomination, or twice', () => {
      review
        .given([])
        .when(cmd('OpenReview', openData), candidateCtx)
        .thenThrows('NOT_FOUND', /review r1 has no nomination to review/);
      review
        .given([nominated, opened])
        .when(cmd('OpenReview', openData), candidateCtx)
        .thenThrows('ILLEGAL_STATE', /review r1 is already open/);
    });
    it('refuses committees that cannot decide fairly', () => {
      review
        .given([nominated])
        .when(cmd('OpenReview', { ...openData, committee: ['c1', 'e1'], quorum: 1 }), candidateCtx)
        .thenThrows('VALIDATION', /candidate e1 cannot sit on their own review committee/);
      review
        .given([nominated])
        .when(cmd('OpenReview', { ...openData, committee: ['c1', 'c1'], quorum: 1 }), candidateCtx)
        .thenThrows('VALIDATION', /a committee member is listed twice/);
      review
        .given([nominated])
        .when(cmd('OpenReview', { ...openData, committee: ['c1', 'c2'], quorum: 3 }), candidateCtx)
        .thenThrows('VALIDATION', /a quorum of 3 cannot be reached by a committee of 2/);
    });
    it('refuses the candidate’s manager on the committee, saying why in both languages', () => {
      review
        .given([nominated])
        .when(cmd('OpenReview', { ...openData, committee: ['c1', 'm1'], quorum: 1 }), candidateCtx)
        .thenThrows('VALIDATION', /^m1 manages the candidate e1 and cannot sit on their review committee$/);
      try {
        reviewDecider.decide(
          cmd('OpenReview', { ...openData, committee: ['m1'], quorum: 1 }),
          [nominated].reduce(reviewDecider.evolve, reviewDecider.initialState),
          candidateCtx,
        );
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).details).toMatchObject({
          fieldPath: 'committee',
          field: 'Committee',
          fieldZh: '评审委员会',
          messageZh: 'm1 是候选人 e1 的上级，不能担任其评审委员',
        });
      }
    });
    it('refuses to open a review naming another candidate than the nomination', () => {
      review
        .given([nominated])
        .when(cmd('OpenReview', { ...openData, employeeId: 'e2' }), candidateCtx)
        .thenThrows('VALIDATION', /review r1 is about e1, not e2/);
    });
  });

  describe('CastVote', () => {
    it('records a member vote', () => {
      review
        .given([nominated, opened])
        .when(cmd('CastVote', voteData('c2')), {})
        .thenEvents([vote('c2')]);
    });
    it('refuses a vote by a non-member', () => {
      review
        .given([nominated, opened])
        .when(cmd('CastVote', voteData('x9')), {})
        .thenThrows('ILLEGAL_STATE', /x9 is not a member of the committee of review r1/);
    });
    it('refuses a vote by the candidate', () => {
      review
        .given([nominated, opened])
        .when(cmd('CastVote', voteData('e1')), {})
        .thenThrows('ILLEGAL_STATE', /e1 is the candidate of review r1 and cannot act on it/);
    });
    it('refuses a second vote by the same member', () => {
      review
        .given([nominated, opened, vote('c1', 'reject')])
        .when(cmd('CastVote', voteData('c1')), {})
        .thenThrows('ILLEGAL_STATE', /c1 has already voted on review r1/);
    });
    it('refuses a vote on an unknown or unopened review', () => {
      review
        .given([])
        .when(cmd('CastVote', voteData('c1')), {})
        .thenThrows('NOT_FOUND', /^review r1 is not known$/);
      review
        .given([nominated])
        .when(cmd('CastVote', voteData('c1')), {})
        .thenThrows('ILLEGAL_STATE', /review r1 has not been opened yet/);
    });
    it('refuses a vote after the decision', () => {
      review
        .given([nominated, opened, vote('c1'), vote('c2'), decided])
        .when(cmd('CastVote', voteData('c3')), {})
        .thenThrows('ILLEGAL_STATE', /review r1 is already decided/);
    });
  });

  describe('DecidePromotion', () => {
    it('decides once the quorum has voted, recording the evidence position and policy versions', () => {
      review
        .given([nominated, opened, vote('c1'), vote('c2', 'abstain')])
        .when(cmd('DecidePromotion', decision), {})
        .thenEvents([decided]);
    });
    it('refuses a decision by someone outside the committee, or by the candidate', () => {
      review
        .given([nominated, opened, vote('c1'), vote('c2')])
        .when(cmd('DecidePromotion', { ...decision, decidedBy: 'x9' }), {})
        .thenThrows('ILLEGAL_STATE', /^x9 is not a member of the committee of review r1$/);
      review
        .given([nominated, opened, vote('c1'), vote('c2')])
        .when(cmd('DecidePromotion', { ...decision, decidedBy: 'e1' }), {})
        .thenThrows('ILLEGAL_STATE', /^e1 is the candidate of review r1 and cannot act on it$/);
    });
    it('refuses a decision against eligibility or the majority without an override reason', () => {
      review
        .given([nominated, opened, vote('c1'), vote('c2')])
        .when(
          cmd('DecidePromotion', { ...decision, evidence: { ...decision.evidence, eligible: false } }),
          {},
        )
        .thenThrows('VALIDATION', /against the eligibility verdict needs an override reason/);
      review
        .given([nominated, opened, vote('c1', 'reject'), vote('c2', 'reject')])
        .when(cmd('DecidePromotion', decision), {})
        .thenThrows('VALIDATION', /against the majority of the votes needs an override reason/);
      review
        .given([nominated, opened, vote('c1', 'reject'), vote('c2', 'reject')])
        .when(
          cmd('DecidePromotion', { ...decision, evidence: { ...decision.evidence, eligible: false } }),
          {},
        )
        .thenThrows('VALIDATION', /against the eligibility verdict and the majority of the votes/);
    });
    it('records an override with what it went against', () => {
      const override = { code: 'exceptional_contribution' as const, text: '大客户续约，评分未计入' };
      review
        .given([nominated, opened, vote('c1'), vote('c2', 'reject'), vote('c3', 'reject')])
        .when(
          cmd('DecidePromotion', {
            ...decision,
            evidence: { ...decision.evidence, eligible: false },
            override,
          }),
          {},
        )
        .thenEvents([
          {
            type: 'PromotionDecided',
            data: {
              ...decision,
              evidence: { ...decision.evidence, eligible: false },
              employeeId: 'e1',
              toLevel: 'sales_supervisor',
              override: { ...override, against: ['eligibility', 'majority'] },
            },
          },
        ]);
    });
    it('refuses an override where the decision agrees with eligibility and the majority', () => {
      review
        .given([nominated, opened, vote('c1'), vote('c2')])
        .when(cmd('DecidePromotion', { ...decision, override: { code: 'other', text: 'x' } }), {})
        .thenThrows('VALIDATION', /there is nothing to override/);
    });
    it('needs no override on a tie or without a verdict', () => {
      review
        .given([nominated, opened, vote('c1'), vote('c2', 'reject')])
        .when(
          cmd('DecidePromotion', {
            ...decision,
            evidence: { score: null, scoreMonth: null, eligible: null },
          }),
          {},
        )
        .thenEvents([
          {
            type: 'PromotionDecided',
            data: {
              ...decision,
              evidence: { score: null, scoreMonth: null, eligible: null },
              employeeId: 'e1',
              toLevel: 'sales_supervisor',
              override: null,
            },
          },
        ]);
    });
    it('refuses a decision without quorum', () => {
      review
        .given([nominated, opened, vote('c1')])
        .when(cmd('DecidePromotion', decision), {})
        .thenThrows('ILLEGAL_STATE', /review r1 has 1 of the 2 votes its quorum needs/);
    });
    it('refuses a second decision', () => {
      review
        .given([nominated, opened, vote('c1'), vote('c2'), decided])
        .when(cmd('DecidePromotion', decision), {})
        .thenThrows('ILLEGAL_STATE', /review r1 is already decided/);
    });
    it('refuses a decision on an unknown or unopened review', () => {
      review
        .given([])
        .when(cmd('DecidePromotion', decision), {})
        .thenThrows('NOT_FOUND', /^review r1 is not known$/);
      review
        .given([nominated])
        .when(cmd('DecidePromotion', decision), {})
        .thenThrows('ILLEGAL_STATE', /has not been opened yet/);
    });
  });
});
