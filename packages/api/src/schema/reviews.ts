import { createContextCache } from '@pothos/core';
import { actingIdOf } from '@trackrecord/domain';
import {
  decisionFlagsFor,
  type LineageFlag,
  type LineageStep,
  lineageFlags,
  lineageFlagsForPeople,
  MAX_LINEAGE_FLAGS,
  MAX_REVIEWS,
  type PromotionReview,
  type PromotionVote,
  promotionReviews,
  promotionReviewsByIds,
  type ReviewFilter,
  reviewPage,
  reviewsForPeople,
  votesForReviews,
} from '@trackrecord/projections';
import DataLoader from 'dataloader';
import { mayRead } from '../auth/scopes.ts';
import { dataScope } from '../auth/viewer.ts';
import { builder } from '../builder.ts';
import type { Context, SignedInContext } from '../context.ts';
import { badCursor, oneOfArgument, pageSize } from './arguments.ts';
import {
  LineageCorrectionEnum,
  LineageKindEnum,
  LineageStepKindEnum,
  PromotionOutcomeEnum,
  ReviewStateEnum,
  VoteEnum,
} from './enums.ts';
import { PersonRef, visiblePerson } from './people.ts';
import { BilingualText, PolicyRefObject, policyVersionList } from './shapes.ts';

// Promotion reviews from the decisions read model and lineage flags from the lineage read
// model. Every list is batched: a page of reviews costs one statement for the reviews, one
// for all their votes and one for all their flags.

const groupBy = <T>(rows: readonly T[], key: (row: T) => string) => {
  const by = new Map<string, T[]>();
  for (const row of rows) {
    const list = by.get(key(row));
    if (list) list.push(row);
    else by.set(key(row), [row]);
  }
  return by;
};

const LineageStepRef = builder.objectRef<LineageStep>('LineageStep').implement({
  description:
    'One step of the path from a correction to what it reached: the sale (or payment), then what it fed, in order.',
  fields: (t) => ({
    kind: t.expose('kind', { type: LineageStepKindEnum, description: 'What the step is.' }),
    employeeId: t.exposeString('employeeId', {
      nullable: true,
      description:
        'The person the step is about (the seller, mentor, team member…); null for a team or peer group.',
    }),
    ref: t.exposeString('ref', {
      description:
        'sale / payment / commission_line: its id; score / attainment: the month (YYYY-MM); eligibility: the evaluated month; mentee_deals: the mentor; team_sales / team_growth: the team id; peer_median: level/region/month; target_warning: the alert id; statement: the payout month; decision: the review id.',
    }),
    label: t.field({
      type: BilingualText,
      description: 'The step in words (ids, not names), in English and Chinese.',
      resolve: (s) => s.label,
    }),
    person: t.field({
      type: PersonRef,
      nullable: true,
      description:
        'The person of `employeeId` (batched); null for a group or when the viewer may not see them.',
      resolve: (s, _args, ctx) => (s.employeeId ? visiblePerson(ctx, s.employeeId) : null),
    }),
  }),
});

export const LineageFlagRef = builder.objectRef<LineageFlag>('LineageFlag').implement({
  description:
    'A score, verdict, requirement, target warning, commission statement or decision that counted a sale (or payment) later reversed, corrected or refunded: to be reviewed, with the path by which the correction reaches it.',
  fields: (t) => ({
    kind: t.expose('kind', {
      type: LineageKindEnum,
      description: 'What counted the sale: see LineageKind.',
    }),
    ref: t.exposeString('ref', {
      description:
        'score: the month (YYYY-MM); eligibility and mentee_deals: the employee; team_growth: the team; target_warning: the alert id; statement: the payout month (YYYY-MM); decision: the review id',
    }),
    saleId: t.exposeString('sale_id', {
      description: 'The sale reversed or corrected, or whose payment was refunded.',
    }),
    paymentId: t.exposeString('payment_id', {
      nullable: true,
      description: 'The payment refunded; null for a sale reversed or corrected.',
    }),
    employeeId: t.exposeString('employee_id', {
      description:
        'The person whose score, verdict, requirement, warning, statement or decision counted the sale.',
    }),
    sellerId: t.exposeString('seller_id', { description: 'The seller of the sale.' }),
    correction: t.expose('correction', {
      type: LineageCorrectionEnum,
      description: 'reversed, corrected or refunded',
    }),
    reason: t.exposeString('reason', {
      nullable: true,
      description: 'The reason given for the reversal or correction; null when none was given.',
    }),
    amountBefore: t.field({
      type: 'Fen',
      nullable: true,
      description:
        'The sale amount before the reversal or correction (for a refund: what was held of the payment), in fen.',
      resolve: (f) => Number(f.amount_before),
    }),
    amountAfter: t.field({
      type: 'Fen',
      nullable: true,
      description: '0 for a reversal; for a refund, what is held of the payment after it.',
      resolve: (f) => Number(f.amount_after),
    }),
    flaggedAt: t.exposeString('correction_at', { description: 'Business time of the correction.' }),
    position: t.field({
      type: 'Position',
      description: 'Global position of the reversal, correction or refund.',
      resolve: (f) => BigInt(f.correction_position),
    }),
    fromPosition: t.field({
      type: 'Position',
      description: 'What was computed from `$all` at a position from here…',
      resolve: (f) => BigInt(f.from_position),
    }),
    beforePosition: t.field({
      type: 'Position',
      description: '…to before here counted the sale as it was.',
      resolve: (f) => BigInt(f.before_position),
    }),
    path: t.field({
      type: [LineageStepRef],
      description:
        'From the correction to what it reached, e.g. sale → deals closed by mentees → the mentor’s verdict → the decision.',
      resolve: (f) => [...f.path],
    }),
  }),
});

const PromotionVoteRef = builder
  .objectRef<PromotionVote & { employeeId: string }>('PromotionVote')
  .implement({
    description: "A committee member's vote on a review.",
    fields: (t) => ({
      voterId: t.exposeString('member_id', {
        description: 'The committee member who voted (employee or user id).',
      }),
      vote: t.expose('vote', { type: VoteEnum, description: 'approve, reject or abstain.' }),
      comment: t.string({
        nullable: true,
        description:
          'The comment; null unless the field rules in force let the viewer read vote comments (by default HR, the committee, auditors and the person reviewed).',
        authScopes: (v) => mayRead('voteComments', v.employeeId),
        unauthorizedResolver: () => null,
        resolve: (v) => v.comment,
      }),
      at: t.exposeString('at', { description: 'Business time the vote was cast (ISO 8601).' }),
      position: t.field({
        type: 'Position',
        description: 'Global position of the vote event.',
        resolve: (v) => BigInt(v.position),
      }),
    }),
  });

const DecisionEvidenceRef = builder.objectRef<PromotionReview>('DecisionEvidence').implement({
  description:
    'What a decision rests on, as the committee saw it: the score of the evaluated month and the eligibility verdict for the step (null where the decision recorded none, as before PromotionDecided v2).',
  fields: (t) => ({
    score: t.float({
      nullable: true,
      description: 'The composite score (0–100) of the evaluated month; null when not recorded.',
      resolve: (r) => r.evidence_score,
    }),
    scoreMonth: t.string({
      nullable: true,
      description: 'The month the score is of (YYYY-MM); null when not recorded.',
      resolve: (r) => r.evidence_month,
    }),
    eligible: t.boolean({
      nullable: true,
      description:
        'Eligible for the step under the ladder version the decision recorded; null when not recorded.',
      resolve: (r) => r.evidence_eligible,
    }),
  }),
});

const DecisionOverrideRef = builder.objectRef<PromotionReview>('DecisionOverride').implement({
  description:
    'Why a decision went against the eligibility verdict or the majority of the votes: a reason code and its explanation.',
  fields: (t) => ({
    code: t.string({
      description:
        'exceptional_contribution, evidence_outdated, conduct_or_compliance, business_need or other',
      resolve: (r) => r.override_code ?? 'other',
    }),
    text: t.string({
      description: 'The explanation the decider gave.',
      resolve: (r) => r.override_text ?? '',
    }),
    against: t.stringList({
      description: 'What the decision went against: eligibility and/or majority.',
      resolve: (r) => r.override_against ?? [],
    }),
  }),
});

const PromotionDecisionRef = builder.objectRef<PromotionReview>('PromotionDecision').implement({
  description:
    'The committee decision of a review, with what an auditor needs to replay it: the evidence position and the policy versions as recorded.',
  fields: (t) => ({
    id: t.exposeString('review_id', {
      description:
        'The decision id (`decisionReplay` takes it): the review id, since a review is decided once.',
    }),
    outcome: t.field({
      type: PromotionOutcomeEnum,
      description: 'approved or rejected.',
      // A decision is read only from a decided review, which has its outcome.
      resolve: (r) => {
        if (!r.outcome) throw new Error(`review ${r.review_id} is decided without an outcome`);
        return r.outcome;
      },
    }),
    rationale: t.exposeString('rationale', {
      nullable: true,
      description: 'Why the committee decided so, in words (set on every decision).',
    }),
    decidedBy: t.exposeString('decided_by', {
      nullable: true,
      description: 'Who recorded the decision: employee or user id (set on every decision).',
    }),
    decidedAt: t.string({
      description: 'Business time of the decision (ISO 8601).',
      resolve: (r) => r.decided_at ?? '',
    }),
    evidencePosition: t.field({
      type: 'Position',
      description: 'The decision rests on `$all` up to this global position.',
      resolve: (r) => BigInt(r.evidence_position ?? 0),
    }),
    policyVersions: t.field({
      type: [PolicyRefObject],
      description: 'Each policy id with the version in force for the evidence, as the decision recorded it.',
      resolve: (r) => policyVersionList(r.policy_versions),
    }),
    evidence: t.field({
      type: DecisionEvidenceRef,
      description: 'The score and eligibility verdict the decision rests on (all null before v2).',
      resolve: (r) => r,
    }),
    override: t.field({
      type: DecisionOverrideRef,
      nullable: true,
      description: 'Null unless the decision went against the eligibility verdict or the majority.',
      resolve: (r) => (r.override_code ? r : null),
    }),
    position: t.field({
      type: 'Position',
      nullable: true,
      description: 'Global position of the decision event.',
      resolve: (r) => (r.decided_position == null ? null : BigInt(r.decided_position)),
    }),
  }),
});

const votesLoader = createContextCache(
  (ctx: Context) =>
    new DataLoader<string, PromotionVote[]>(async (ids) => {
      const by = groupBy(await votesForReviews(ctx.db, ids), (v) => v.review_id);
      return ids.map((id) => by.get(id) ?? []);
    }),
);
const decisionFlagsLoader = createContextCache(
  (ctx: Context) =>
    new DataLoader<string, LineageFlag[]>(async (ids) => {
      const by = groupBy(await decisionFlagsFor(ctx.db, ids), (f) => f.ref);
      return ids.map((id) => by.get(id) ?? []);
    }),
);
const reviewLoader = createContextCache(
  (ctx: SignedInContext) =>
    new DataLoader<string, PromotionReview | null>(async (ids) =>
      (await promotionReviewsByIds(ctx.db, dataScope(ctx.viewer), ids)).map((r) => r ?? null),
    ),
);

export const PromotionReviewRef = builder.objectRef<PromotionReview>('PromotionReview').implement({
  description:
    'A promotion review: nomination, committee and quorum, votes, the decision and the corrections that touched its evidence. What `castVote` (reviewId, memberId) and `decidePromotion` (reviewId, employeeId, toLevel; evidence position and policy versions from `person.reviewBasis`) need.',
  fields: (t) => ({
    id: t.exposeString('review_id', { description: 'The review id.' }),
    employeeId: t.exposeString('employee_id', { description: 'The candidate’s employee id.' }),
    person: t.field({
      type: PersonRef,
      nullable: true,
      description: 'The candidate; null when the viewer may not see them.',
      resolve: (r, _args, ctx) => visiblePerson(ctx, r.employee_id),
    }),
    fromLevel: t.exposeString('from_level', { description: 'The candidate’s ladder level when nominated.' }),
    toLevel: t.exposeString('to_level', { description: 'The ladder level the review is about.' }),
    track: t.exposeString('track', {
      nullable: true,
      description: 'The career track of the step (never null: every nomination names one).',
    }),
    state: t.expose('status', {
      type: ReviewStateEnum,
      description: 'nominated (committee not yet formed), open (voting) or decided.',
    }),
    nominatedAt: t.exposeString('nominated_at', {
      nullable: true,
      description: 'Business time of the nomination (ISO 8601; never null).',
    }),
    nominatedBy: t.exposeString('nominated_by', {
      nullable: true,
      description:
        'Who nominated: an employee or user id, or `system:reactor:eligibility` for an automatic nomination at the thresholds (never null).',
    }),
    reason: t.exposeString('reason', {
      nullable: true,
      description: 'threshold_reached or manager_nomination',
    }),
    nominationScore: t.exposeFloat('score', {
      nullable: true,
      description: 'Composite score when nominated.',
    }),
    committee: t.exposeStringList('committee', { description: 'Member ids (empty until opened).' }),
    quorum: t.exposeInt('quorum', {
      nullable: true,
      description: 'Votes needed before a decision (法定人数); null until opened.',
    }),
    openedAt: t.exposeString('opened_at', {
      nullable: true,
      description: 'Business time the committee was formed and voting opened (ISO 8601); null until opened.',
    }),
    approvals: t.exposeInt('approvals', { description: 'Votes to approve so far.' }),
    rejections: t.exposeInt('rejections', { description: 'Votes to reject so far.' }),
    abstentions: t.exposeInt('abstentions', { description: 'Abstentions so far.' }),
    votesCast: t.int({
      description: 'approvals + rejections + abstentions.',
      resolve: (r) => r.approvals + r.rejections + r.abstentions,
    }),
    quorumReached: t.boolean({
      description: 'The review is open and at least `quorum` votes were cast: it may be decided.',
      resolve: (r) => r.quorum != null && r.approvals + r.rejections + r.abstentions >= r.quorum,
    }),
    mayVote: t.withAuth({ signedIn: true }).boolean({
      description:
        'The viewer is a committee member of this open review who has not voted yet (votes as `employeeId` or user id).',
      resolve: async (r, _args, ctx) => {
        const { viewer } = ctx;
        const self = actingIdOf(viewer);
        if (viewer.role !== 'committee_member' || r.status !== 'open' || !r.committee.includes(self)) {
          return false;
        }
        const votes = await votesLoader(ctx).load(r.review_id);
        return !votes.some((v) => v.member_id === self);
      },
    }),
    votes: t.field({
      type: [PromotionVoteRef],
      description: 'Votes in the order cast; comments only for those who may read them.',
      resolve: async (r, _args, ctx) =>
        (await votesLoader(ctx).load(r.review_id)).map((v) => ({ ...v, employeeId: r.employee_id })),
    }),
    decision: t.field({
      type: PromotionDecisionRef,
      nullable: true,
      description: 'Null until decided.',
      resolve: (r) => (r.status === 'decided' ? r : null),
    }),
    lineageFlags: t.field({
      type: [LineageFlagRef],
      description: 'Reversals and corrections of sales the decision’s evidence counted, oldest first.',
      resolve: (r, _args, ctx) => decisionFlagsLoader(ctx).load(r.review_id),
    }),
  }),
});

const limit = (first: number | null | undefined) => {
  return pageSize(first ?? 50, MAX_REVIEWS);
};
const REVIEW_STATES = ['nominated', 'open', 'decided'] as const;
const REVIEW_STATE = { en: 'review state', zh: '评审状态' };

builder.queryFields((t) => ({
  reviews: t.withAuth({ signedIn: true }).field({
    type: [PromotionReviewRef],
    description: 'Promotion reviews about people the viewer may see, newest nomination first.',
    args: {
      state: t.arg.string({ description: 'nominated, open or decided' }),
      first: t.arg.int({ defaultValue: 50 }),
    },
    resolve: (_root, args, ctx) => {
      const state = oneOfArgument('state', REVIEW_STATE, args.state || undefined, REVIEW_STATES);
      return promotionReviews(ctx.db, dataScope(ctx.viewer), {
        limit: limit(args.first),
        ...(state ? { state: state as PromotionReview['status'] } : {}),
      });
    },
  }),
  review: t.withAuth({ signedIn: true }).field({
    type: PromotionReviewRef,
    nullable: true,
    description: 'One review; null when unknown or about someone the viewer may not see.',
    args: { id: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => reviewLoader(ctx).load(args.id),
  }),
  decisions: t.withAuth({ signedIn: true }).field({
    type: [PromotionReviewRef],
    description: 'Decided reviews the viewer may see, newest decision first (the audit picker).',
    args: { first: t.arg.int({ defaultValue: 50 }) },
    resolve: (_root, args, ctx) =>
      promotionReviews(ctx.db, dataScope(ctx.viewer), {
        limit: limit(args.first),
        decided: true,
      }),
  }),
}));

interface ReviewPageOut {
  readonly nodes: PromotionReview[];
  readonly total: number;
  readonly next: string | null;
}
const ReviewPageRef = builder.objectRef<ReviewPageOut>('ReviewPage').implement({
  description: 'A page of reviews with how many match in all and the cursor of the next page.',
  fields: (t) => ({
    nodes: t.field({
      type: [PromotionReviewRef],
      description: 'The reviews of this page, in the order asked.',
      resolve: (p) => p.nodes,
    }),
    total: t.exposeInt('total', { description: 'Reviews matching the filter in all pages.' }),
    next: t.string({
      nullable: true,
      description: 'Pass as `after` for the next page; null on the last page.',
      resolve: (p) => p.next,
    }),
  }),
});

builder.queryField('reviewPage', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: ReviewPageRef,
    description:
      'Promotion reviews the viewer may see, a page at a time: newest nomination first, or (`order: "decided"`) decided reviews by decision, newest first (the audit picker). Filters: one state, awaiting the viewer’s vote (open reviews whose committee holds the viewer and that they have not voted on), part of the candidate’s name or id or of the review id, overridden decisions only.',
    args: {
      state: t.arg.string({ description: 'nominated, open or decided' }),
      awaitingMyVote: t.arg.boolean({ description: 'Only reviews awaiting the viewer’s vote.' }),
      search: t.arg.string({
        description: 'Part of the candidate’s name (Chinese or romanised) or id, or of the review id.',
      }),
      overridden: t.arg.boolean({
        description: 'Only decisions that went against eligibility or the majority.',
      }),
      order: t.arg.string({ description: 'nominated (default) or decided' }),
      first: t.arg.int({ defaultValue: 50 }),
      after: t.arg.string({ description: 'The `next` of the page before.' }),
    },
    resolve: async (_root, args, ctx) => {
      const { viewer } = ctx;
      const state = oneOfArgument('state', REVIEW_STATE, args.state || undefined, REVIEW_STATES);
      const order =
        oneOfArgument('order', { en: 'order', zh: '排序' }, args.order ?? 'nominated', [
          'nominated',
          'decided',
        ] as const) ?? 'nominated';
      if (args.after != null && !/^\d+$/.test(args.after)) badCursor('after', args.after);
      const filter: ReviewFilter = {
        ...(state ? { state: state as PromotionReview['status'] } : {}),
        ...(args.awaitingMyVote ? { awaitingVoteOf: actingIdOf(viewer) } : {}),
        ...(args.search?.trim() ? { search: args.search.trim() } : {}),
        ...(args.overridden ? { overridden: true } : {}),
      };
      const page = await reviewPage(ctx.db, dataScope(viewer), filter, {
        order,
        limit: limit(args.first),
        after: args.after ?? null,
      });
      return { nodes: page.rows, total: page.total, next: page.next };
    },
  }),
);

builder.queryField('lineageFlags', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [LineageFlagRef],
    description:
      'What later corrections reached, within what the viewer may see, newest correction first: by kind (e.g. decision: the decisions resting on a corrected sale), sale or person.',
    args: {
      kind: t.arg({ type: LineageKindEnum, required: false, description: 'Only flags of this kind.' }),
      saleId: t.arg.string({ required: false, description: 'Only flags of this sale.' }),
      employeeId: t.arg.string({ required: false, description: 'Only flags about this person.' }),
      first: t.arg.int({
        required: false,
        description: `At most this many (1–${MAX_LINEAGE_FLAGS}, default 100).`,
      }),
    },
    resolve: async (_root, args, ctx) => {
      const first = pageSize(args.first ?? 100, MAX_LINEAGE_FLAGS);
      return lineageFlags(
        ctx.db,
        dataScope(ctx.viewer),
        {
          ...(args.kind ? { kind: args.kind } : {}),
          ...(args.saleId ? { saleId: args.saleId } : {}),
          ...(args.employeeId ? { employeeId: args.employeeId } : {}),
        },
        first,
      );
    },
  }),
);

builder.objectFields(PersonRef, (t) => ({
  reviews: t.withAuth({ signedIn: true }).loadableList({
    type: PromotionReviewRef,
    description: 'Promotion reviews about this person, newest nomination first (batched).',
    load: async (ids: readonly string[], ctx: SignedInContext) => {
      const by = groupBy(await reviewsForPeople(ctx.db, dataScope(ctx.viewer), ids), (r) => r.employee_id);
      return ids.map((id) => by.get(id) ?? []);
    },
    resolve: (person) => person.employee_id,
  }),
  lineageFlags: t.withAuth({ signedIn: true }).loadableList({
    type: LineageFlagRef,
    description:
      "What later corrections reached of this person's: scores, verdicts, mentee deals, team growth, target warnings, commission statements and decisions (also through their mentees' and team's sales), each with its path, newest correction first (batched).",
    load: async (ids: readonly string[], ctx: SignedInContext) => {
      const by = groupBy(
        await lineageFlagsForPeople(ctx.db, dataScope(ctx.viewer), ids),
        (f) => f.employee_id,
      );
      return ids.map((id) => by.get(id) ?? []);
    },
    resolve: (person) => person.employee_id,
  }),
}));
