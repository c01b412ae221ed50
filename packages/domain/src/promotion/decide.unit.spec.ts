import { describe, it } from 'vitest';
import { spec } from '../core/spec.ts';
import type { CommandMetadata } from '../core/types.ts';
import type { PromotionCommand } from './commands.ts';
import { reviewDecider } from './decide.ts';
import type { PromotionEvent } from './events.ts';

const metadata: CommandMetadata = {
  commandId: 'c',
  at: '2026-06-01T09:00:00Z',
  actor: 'user:c1',
  source: 'ui',
};
const at = '2026-06-01T09:00:00Z';
const ctx = { candidate: { employeeId: 'e1', status: 'active' as const } };
const cmd = <C extends PromotionCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata }) as C;
const nominated: PromotionEvent = {
  type: 'PromotionNominated',
  data: {
    reviewId: 'r1',
    employeeId: 'e1',
    fromLevel: 'sales_representative',
    toLevel: 'sales_supervisor',
    track: 'sales_management',
    score: 92.5,
    reason: 'threshold_reached',
    nominatedBy: 'system:eligibility',
    at,
  },
};
const opened: PromotionEvent = {
  type: 'ReviewOpened',
  data: { reviewId: 'r1', committee: ['c1', 'c2', 'c3'], quorum: 2, at },
};
const vote = (memberId: string, v: 'approve' | 'reject' = 'approve'): PromotionEvent => ({
  type: 'VoteCast',
  data: { reviewId: 'r1', memberId, vote: v, at },
});
const decision = {
  reviewId: 'r1',
  outcome: 'approved' as const,
  rationale: '综合评分 92.5，回款率 96%，已完成《销售团队管理》',
  evidencePosition: '48213',
  policyVersions: { 'scoring-default': 1, 'ladder-default': 1 },
  decidedBy: 'c1',
  at,
};
const review = spec(reviewDecider);

describe('review decider', () => {
  it('nominates, opens, takes votes and decides with the evidence position', () => {
    review.given([]).when(cmd('Nominate', nominated.data), ctx).thenEvents([nominated]);
    review.given([nominated]).when(cmd('OpenReview', opened.data), ctx).thenEvents([opened]);
    review
      .given([nominated, opened])
      .when(cmd('CastVote', vote('c2').data), ctx)
      .thenEvents([vote('c2')]);
    review
      .given([nominated, opened, vote('c1'), vote('c2', 'reject')])
      .when(cmd('DecidePromotion', decision), ctx)
      .thenEvents([
        { type: 'PromotionDecided', data: { ...decision, employeeId: 'e1', toLevel: 'sales_supervisor' } },
      ]);
  });
  it('refuses nominations that make no sense', () => {
    review
      .given([nominated])
      .when(cmd('Nominate', nominated.data), ctx)
      .thenThrows('ILLEGAL_STATE', /already has a nomination/);
    review
      .given([])
      .when(cmd('Nominate', { ...nominated.data, toLevel: 'sales_representative' }), ctx)
      .thenThrows('VALIDATION', /another level than sales_representative/);
    review
      .given([])
      .when(cmd('Nominate', nominated.data), { candidate: { employeeId: 'e1', status: 'departed' } })
      .thenThrows('ILLEGAL_STATE', /candidate e1 has left/);
  });
  it('refuses committees that cannot decide fairly', () => {
    review
      .given([])
      .when(cmd('OpenReview', opened.data), ctx)
      .thenThrows('NOT_FOUND', /no nomination/);
    review
      .given([nominated, opened])
      .when(cmd('OpenReview', opened.data), ctx)
      .thenThrows('ILLEGAL_STATE', /already open/);
    review
      .given([nominated])
      .when(cmd('OpenReview', { reviewId: 'r1', committee: ['c1', 'e1'], quorum: 1, at }), ctx)
      .thenThrows('VALIDATION', /cannot sit on their own review committee/);
    review
      .given([nominated])
      .when(cmd('OpenReview', { reviewId: 'r1', committee: ['c1', 'c1'], quorum: 1, at }), ctx)
      .thenThrows('VALIDATION', /listed twice/);
    review
      .given([nominated])
      .when(cmd('OpenReview', { reviewId: 'r1', committee: ['c1', 'c2'], quorum: 3, at }), ctx)
      .thenThrows('VALIDATION', /quorum of 3 cannot be reached by a committee of 2/);
  });
  it('refuses votes by non-members, twice, before opening or after the decision', () => {
    review
      .given([nominated, opened])
      .when(cmd('CastVote', vote('x9').data), ctx)
      .thenThrows('ILLEGAL_STATE', /x9 is not a member/);
    review
      .given([nominated, opened, vote('c1')])
      .when(cmd('CastVote', vote('c1').data), ctx)
      .thenThrows('ILLEGAL_STATE', /already voted/);
    review
      .given([nominated])
      .when(cmd('CastVote', vote('c1').data), ctx)
      .thenThrows('ILLEGAL_STATE', /not been opened/);
    const decided: PromotionEvent = {
      type: 'PromotionDecided',
      data: { ...decision, employeeId: 'e1', toLevel: 'sales_supervisor' },
    };
    review
      .given([nominated, opened, vote('c1'), vote('c2'), decided])
      .when(cmd('CastVote', vote('c3').data), ctx)
      .thenThrows('ILLEGAL_STATE', /already decided/);
    review
      .given([])
      .when(cmd('CastVote', vote('c1').data), ctx)
      .thenThrows('NOT_FOUND', /review r1 is not known/);
  });
  it('refuses a decision without quorum or a second decision', () => {
    review
      .given([nominated, opened, vote('c1')])
      .when(cmd('DecidePromotion', decision), ctx)
      .thenThrows('ILLEGAL_STATE', /has 1 of the 2 votes its quorum needs/);
    review
      .given([
        nominated,
        opened,
        vote('c1'),
        vote('c2'),
        { type: 'PromotionDecided', data: { ...decision, employeeId: 'e1', toLevel: 'sales_supervisor' } },
      ])
      .when(cmd('DecidePromotion', decision), ctx)
      .thenThrows('ILLEGAL_STATE', /already decided/);
  });
});
