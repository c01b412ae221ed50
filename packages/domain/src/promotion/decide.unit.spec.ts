import { describe, it } from 'vitest';
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
const openData = { reviewId: 'r1', committee: ['c1', 'c2', 'c3'], quorum: 2, at };
const opened: PromotionEvent = { type: 'ReviewOpened', data: openData };
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
  decidedBy: 'c1',
  at,
};
const decided: PromotionEvent = {
  type: 'PromotionDecided',
  data: { ...decision, employeeId: 'e1', toLevel: 'sales_supervisor' },
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
      review.given([nominated]).when(cmd('OpenReview', openData), {}).thenEvents([opened]);
    });
    it('refuses to open a review without a nomination, or twice', () => {
      review
        .given([])
        .when(cmd('OpenReview', openData), {})
        .thenThrows('NOT_FOUND', /review r1 has no nomination to review/);
      review
        .given([nominated, opened])
        .when(cmd('OpenReview', openData), {})
        .thenThrows('ILLEGAL_STATE', /review r1 is already open/);
    });
    it('refuses committees that cannot decide fairly', () => {
      review
        .given([nominated])
        .when(cmd('OpenReview', { ...openData, committee: ['c1', 'e1'], quorum: 1 }), {})
        .thenThrows('VALIDATION', /candidate e1 cannot sit on their own review committee/);
      review
        .given([nominated])
        .when(cmd('OpenReview', { ...openData, committee: ['c1', 'c1'], quorum: 1 }), {})
        .thenThrows('VALIDATION', /a committee member is listed twice/);
      review
        .given([nominated])
        .when(cmd('OpenReview', { ...openData, committee: ['c1', 'c2'], quorum: 3 }), {})
        .thenThrows('VALIDATION', /a quorum of 3 cannot be reached by a committee of 2/);
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
