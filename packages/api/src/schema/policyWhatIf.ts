import {
  FOUR_FIFTHS,
  type RequirementCheck,
  type RequirementInTheWay,
  requirementsInTheWay,
  type SelectionRate,
  selectionRates,
  targetWarningsUnder,
} from '@trackrecord/domain';
import type { EventStore } from '@trackrecord/eventstore';
import type { Database } from '@trackrecord/projections';
import type { Kysely } from 'kysely';
import type { FoldAt } from '../audit/history.ts';
import type { PolicyDraft } from '../audit/simulation.ts';
import type { FoldSnapshots } from '../audit/snapshots.ts';
import { type DecisionWhatIf, retentionMonths, simulateHistory } from '../audit/whatIfHistory.ts';
import {
  alertsRaisedByMonth,
  decidedReviews,
  employment,
  publishedOn,
  targetProgress,
} from '../audit/whatIfReads.ts';
import { builder } from '../builder.ts';
import { ClientError } from '../errors.ts';
import { BilingualText, RequirementCheckObject } from './shapes.ts';
import { targetPolicyInForce } from './targets.ts';

// The what-if over the full history, as `policySimulation` adds it to the head's: past decisions
// that flip, eligibility per quarter, fairness by branch, and the alerts a draft target policy
// or retention threshold raises.

/** A judged decision named by the caller, once it has read who the viewer may see. */
export interface NamedDecision {
  name: string;
  nameEn: string | null;
  branchId: string;
}
export interface FlippedDecisionOut extends DecisionWhatIf, NamedDecision {}
/** A rejection the draft leaves short of the fewest requirements of any: the nearest to flipping. */
export interface NearestDecisionOut extends DecisionWhatIf, NamedDecision {
  readonly missing: RequirementCheck[];
}
const FlipEnum = builder.enumType('DecisionFlip', {
  description:
    'How a past decision flips under the draft: approved_to_ineligible (approved; the draft finds the candidate not eligible) or rejected_to_eligible (rejected; the draft finds the candidate eligible).',
  values: ['approved_to_ineligible', 'rejected_to_eligible'] as const,
});
const checks = (v: DecisionWhatIf['recorded']) => (v ? ([...v.checks] as RequirementCheck[]) : null);
const FlippedDecisionRef = builder.objectRef<FlippedDecisionOut>('FlippedDecision').implement({
  description:
    'A past promotion decision the draft would flip, judged at its evidence position (as `decisionReplay` folds) under the policies it recorded and under the draft.',
  fields: (t) => ({
    ...decidedFields(t),
    outcome: t.string({
      description: 'What the committee decided: approved or rejected.',
      resolve: (d) => d.decision.outcome,
    }),
    flip: t.field({
      type: FlipEnum,
      description: 'How the draft flips it.',
      resolve: (d) => d.flip as NonNullable<DecisionWhatIf['flip']>,
    }),
    replayedTo: t.field({
      type: 'Position',
      description: 'The position judged at: the evidence position, or just before the decision.',
      resolve: (d) => d.replayedTo,
    }),
    scoreMonth: t.string({
      nullable: true,
      description: 'The month (YYYY-MM) evaluated at that position.',
      resolve: (d) => d.scoreMonth,
    }),
    scoreThen: t.float({
      nullable: true,
      description: 'Composite score (0–100) under the scoring policy the decision recorded.',
      resolve: (d) => d.recorded?.score ?? null,
    }),
    scoreUnderDraft: t.float({
      nullable: true,
      description:
        'Composite score (0–100) under the draft scoring policy (the recorded one when the draft has none).',
      resolve: (d) => d.underDraft?.score ?? null,
    }),
    thresholdThen: t.float({
      nullable: true,
      description:
        "The step's minimum score (0–100) under the ladder the decision recorded; null without a score requirement.",
      resolve: (d) => d.recorded?.scoreThreshold ?? null,
    }),
    thresholdUnderDraft: t.float({
      nullable: true,
      description:
        "The step's minimum score (0–100) under the draft ladder (the recorded one when the draft has none).",
      resolve: (d) => d.underDraft?.scoreThreshold ?? null,
    }),
    eligibleThen: t.boolean({
      nullable: true,
      description:
        'Eligible under the policies the decision recorded (as the replay recomputes); null when the step is not found.',
      resolve: (d) => d.recorded?.eligible ?? null,
    }),
    eligibleUnderDraft: t.boolean({
      description: 'Eligible under the draft.',
      resolve: (d) => d.underDraft?.eligible ?? false,
    }),
    requirementsThen: t.field({
      type: [RequirementCheckObject],
      nullable: true,
      description: 'Every requirement of the step under the recorded ladder: required, actual, met.',
      resolve: (d) => checks(d.recorded),
    }),
    requirementsUnderDraft: t.field({
      type: [RequirementCheckObject],
      nullable: true,
      description: 'Every requirement of the step under the draft: required, actual, met.',
      resolve: (d) => checks(d.underDraft),
    }),
  }),
});

/** A past decision judged again under a draft, whether it flips or not (the audit page's replay under the draft). */
export type DecisionUnderDraftOut = DecisionWhatIf;
export const DecisionUnderDraftRef = builder
  .objectRef<DecisionUnderDraftOut>('DecisionUnderDraft')
  .implement({
    description:
      'One past promotion decision replayed under a draft: the fold at its evidence position (as `decisionReplay` folds), judged under the policies it recorded and under the draft (each document the draft lacks: the one recorded).',
    fields: (t) => ({
      decisionId: t.string({
        description: 'The decision, by its review id.',
        resolve: (d) => d.decision.reviewId,
      }),
      employeeId: t.string({
        description: 'Employee id of the candidate.',
        resolve: (d) => d.decision.employeeId,
      }),
      toLevel: t.string({ description: 'The level the review was for.', resolve: (d) => d.decision.toLevel }),
      outcome: t.string({
        description: 'What the committee decided: approved or rejected.',
        resolve: (d) => d.decision.outcome,
      }),
      flip: t.field({
        type: FlipEnum,
        nullable: true,
        description: 'How the draft flips the decision; null when it does not.',
        resolve: (d) => d.flip,
      }),
      replayedTo: t.field({
        type: 'Position',
        description: 'The position judged at: the evidence position, or just before the decision.',
        resolve: (d) => d.replayedTo,
      }),
      scoreMonth: t.string({
        nullable: true,
        description: 'The month (YYYY-MM) evaluated at that position.',
        resolve: (d) => d.scoreMonth,
      }),
      scoreThen: t.float({
        nullable: true,
        description: 'Composite score (0–100) under the scoring policy the decision recorded.',
        resolve: (d) => d.recorded?.score ?? null,
      }),
      scoreUnderDraft: t.float({
        nullable: true,
        description:
          'Composite score (0–100) under the draft scoring policy (the recorded one when the draft has none).',
        resolve: (d) => d.underDraft?.score ?? null,
      }),
      thresholdThen: t.float({
        nullable: true,
        description:
          "The step's minimum score (0–100) under the recorded ladder; null without a score requirement.",
        resolve: (d) => d.recorded?.scoreThreshold ?? null,
      }),
      thresholdUnderDraft: t.float({
        nullable: true,
        description:
          "The step's minimum score (0–100) under the draft ladder (the recorded one when the draft has none).",
        resolve: (d) => d.underDraft?.scoreThreshold ?? null,
      }),
      eligibleThen: t.boolean({
        nullable: true,
        description: 'Eligible under the policies the decision recorded; null when the step is not found.',
        resolve: (d) => d.recorded?.eligible ?? null,
      }),
      eligibleUnderDraft: t.boolean({
        nullable: true,
        description: 'Eligible under the draft; null when the step is not found.',
        resolve: (d) => d.underDraft?.eligible ?? null,
      }),
      requirementsUnderDraft: t.field({
        type: [RequirementCheckObject],
        nullable: true,
        description: 'Every requirement of the step under the draft: required, actual, met.',
        resolve: (d) => checks(d.underDraft),
      }),
    }),
  });

interface QuarterOut {
  quarter: string;
  month: string;
  evaluated: number;
  eligiblePublished: number;
  eligibleDraft: number;
}
const QuarterRef = builder.objectRef<QuarterOut>('EligibleByQuarter').implement({
  description:
    "Everyone evaluated at the start of the quarter after (the quarter's last month evaluated), eligible for any next level under the published policies and under the draft.",
  fields: (t) => ({
    quarter: t.exposeString('quarter', { description: 'The calendar quarter, YYYY-Qn.' }),
    month: t.exposeString('month', { description: "The month evaluated (YYYY-MM): the quarter's last." }),
    evaluated: t.exposeInt('evaluated', { description: 'People with a verdict then.' }),
    eligiblePublished: t.exposeInt('eligiblePublished', {
      description: 'Of them, eligible for any next level under the policies in force then.',
    }),
    eligibleDraft: t.exposeInt('eligibleDraft', {
      description: 'Of them, eligible for any next level under the draft.',
    }),
  }),
});

const SelectionRateRef = builder.objectRef<SelectionRate>('SelectionRate').implement({
  description: 'How often a group is selected (found eligible), and against the most selected group.',
  fields: (t) => ({
    selected: t.exposeInt('selected', { description: 'Person-quarters found eligible.' }),
    rate: t.float({
      nullable: true,
      description: 'selected ÷ evaluated (0–1); null without anyone evaluated.',
      resolve: (r) => r.rate,
    }),
    ratioToHighest: t.float({
      nullable: true,
      description: 'rate ÷ the highest rate of any branch (0–1); null when no branch has a rate above 0.',
      resolve: (r) => r.ratioToHighest,
    }),
    belowFourFifths: t.boolean({
      description: `True when ratioToHighest is below ${FOUR_FIFTHS} (the four-fifths rule).`,
      resolve: (r) => r.belowBound,
    }),
  }),
});
interface FairnessOut {
  branchId: string;
  evaluated: number;
  people: number;
  published: SelectionRate;
  draft: SelectionRate;
}
const FairnessRef = builder.objectRef<FairnessOut>('SimulationFairness').implement({
  description:
    'Selection rates of a branch over every quarter evaluated: person-quarters found eligible ÷ person-quarters evaluated, under the published policies and the draft, with the ratio to the highest branch (flagged below 0.8, the four-fifths rule).',
  fields: (t) => ({
    branchId: t.exposeString('branchId', { description: 'The branch, as of each quarter evaluated.' }),
    evaluated: t.exposeInt('evaluated', { description: 'Person-quarters evaluated: the sample size.' }),
    people: t.exposeInt('people', { description: 'Distinct people among them.' }),
    published: t.field({
      type: SelectionRateRef,
      description: 'Under the published policies.',
      resolve: (f) => f.published,
    }),
    draft: t.field({ type: SelectionRateRef, description: 'Under the draft.', resolve: (f) => f.draft }),
  }),
});

interface TargetMonthOut {
  month: string;
  people: number;
  raisedBehind: number;
  raisedPeerGap: number;
  behindPublished: number;
  behindDraft: number;
  peerGapPublished: number;
  peerGapDraft: number;
}
const TargetMonthRef = builder.objectRef<TargetMonthOut>('TargetWarningsWhatIf').implement({
  description:
    "A month's target warnings: as raised (alerts), under the early-warning rules in force and under the draft's, on the month's recorded progress (people counted once per warning).",
  fields: (t) => ({
    month: t.exposeString('month', { description: 'The target month, YYYY-MM.' }),
    people: t.exposeInt('people', { description: 'People with a target that month.' }),
    raisedBehind: t.exposeInt('raisedBehind', {
      description: 'Behind-stage-target alerts raised for the month.',
    }),
    raisedPeerGap: t.exposeInt('raisedPeerGap', { description: 'Gap-to-peers alerts raised for the month.' }),
    behindPublished: t.exposeInt('behindPublished', {
      description:
        'People behind the stage target for the weeks in a row the policy in force sets, at the month’s last recorded week.',
    }),
    behindDraft: t.exposeInt('behindDraft', { description: 'The same under the draft’s weeks in a row.' }),
    peerGapPublished: t.exposeInt('peerGapPublished', {
      description: "People below the peers' median by more than the policy in force's gap.",
    }),
    peerGapDraft: t.exposeInt('peerGapDraft', { description: "The same under the draft's gap." }),
  }),
});

interface RetentionMonthOut {
  month: string;
  people: number;
  raised: number;
  flaggedPublished: number;
  flaggedDraft: number;
}
const RetentionMonthRef = builder.objectRef<RetentionMonthOut>('RetentionFlagsWhatIf').implement({
  description:
    "A month's retention flags: risk alerts raised, and people flagged at the month's last week at the model's threshold and at the draft's, on today's history.",
  fields: (t) => ({
    month: t.exposeString('month', { description: 'The month, YYYY-MM.' }),
    people: t.exposeInt('people', { description: 'People employed at the end of the month and evaluated.' }),
    raised: t.exposeInt('raised', { description: 'High-risk alerts raised in the month.' }),
    flaggedPublished: t.exposeInt('flaggedPublished', { description: "Flagged at the model's threshold." }),
    flaggedDraft: t.exposeInt('flaggedDraft', { description: "Flagged at the draft's threshold." }),
  }),
});
interface RetentionOut {
  modelId: string;
  modelVersion: number;
  thresholdPublished: number;
  thresholdDraft: number;
  months: RetentionMonthOut[];
}
const RetentionRef = builder.objectRef<RetentionOut>('RetentionWhatIf').implement({
  description:
    'The retention model in force with the draft threshold, month by month since its publication. Features kept week by week (sales, targets, follow-ups, ratings) are as of each month; courses, mentor rating and satisfaction are as of today.',
  fields: (t) => ({
    modelId: t.exposeString('modelId', { description: 'The retention model in force.' }),
    modelVersion: t.exposeInt('modelVersion', { description: 'Its version.' }),
    thresholdPublished: t.exposeFloat('thresholdPublished', { description: 'Its alert threshold (0–1).' }),
    thresholdDraft: t.exposeFloat('thresholdDraft', { description: 'The draft threshold (0–1).' }),
    months: t.field({
      type: [RetentionMonthRef],
      description: 'Month by month, oldest first.',
      resolve: (r) => r.months,
    }),
  }),
});

const RequirementInTheWayRef = builder.objectRef<RequirementInTheWay>('RequirementInTheWay').implement({
  description:
    'A requirement that keeps rejected candidates short under the draft: over the rejected decisions the draft still finds not eligible, how many miss it and how many miss it alone.',
  fields: (t) => ({
    toLevel: t.exposeString('toLevel', {
      description: 'The level whose requirement it is: the level the decisions were about.',
    }),
    kind: t.string({
      description:
        'The kind of requirement: score, kpi, course, mentoring, experience, annualSales or teamSalesGrowth.',
      resolve: (r) => r.requirement.kind,
    }),
    text: t.field({
      type: BilingualText,
      description: 'The requirement with its threshold, as a person reads it ("completion ≥ 110%").',
      resolve: (r) => r.label,
    }),
    decisions: t.exposeInt('decisions', {
      description: 'Rejected decisions the draft still finds not eligible that miss it.',
    }),
    alone: t.exposeInt('alone', {
      description: 'Of them, those it alone keeps short (their only requirement unmet under the draft).',
    }),
  }),
});

const NearestDecisionRef = builder.objectRef<NearestDecisionOut>('NearestDecision').implement({
  description:
    'A rejected decision the draft still finds not eligible, short of as few requirements as any: the nearest to flipping.',
  fields: (t) => ({
    ...decidedFields(t),
    missing: t.field({
      type: [RequirementCheckObject],
      description: 'The requirements unmet under the draft: required, actual.',
      resolve: (d) => d.missing,
    }),
  }),
});

export interface HistoryOut {
  /** The fold at the head the walk ended on (for the head simulation; not a field). */
  head: FoldAt;
  decisionsJudged: number;
  flippedDecisions: FlippedDecisionOut[];
  rejectionsStillShort: number;
  requirementsInTheWay: RequirementInTheWay[];
  nearestDecisions: NearestDecisionOut[];
  eligibleByQuarter: QuarterOut[];
  fairness: FairnessOut[];
  targetWarnings: TargetMonthOut[] | null;
  retention: RetentionOut | null;
}

/** Name, English name and branch of a person the what-if lists, as the viewer may see them. */
export function namedFields<T extends NamedDecision>(
  t: PothosSchemaTypes.ObjectFieldBuilder<SchemaTypes, T>,
  whose: string,
  branchNow = true,
) {
  return {
    name: t.string({
      description: `${whose} name; their employee id when outside what the viewer may see.`,
      resolve: (d) => d.name,
    }),
    nameEn: t.string({
      nullable: true,
      description: `${whose} name in English, when recorded and the viewer may see them.`,
      resolve: (d) => d.nameEn,
    }),
    branchId: t.string({
      description: `${whose} branch${branchNow ? ' now' : ''}; unknown when outside what the viewer may see.`,
      resolve: (d) => d.branchId,
    }),
  };
}

/** A judged decision named: which review, whose, about which step, when decided. */
function decidedFields<T extends DecisionWhatIf & NamedDecision>(
  t: PothosSchemaTypes.ObjectFieldBuilder<SchemaTypes, T>,
) {
  return {
    decisionId: t.string({
      description: 'The decision, by its review id (`decisionReplay(decisionId:)` replays it).',
      resolve: (d) => d.decision.reviewId,
    }),
    employeeId: t.string({
      description: 'Employee id of the candidate.',
      resolve: (d) => d.decision.employeeId,
    }),
    ...namedFields(t, "The candidate's"),
    fromLevel: t.string({
      description: 'The level held when nominated.',
      resolve: (d) => d.decision.fromLevel,
    }),
    toLevel: t.string({ description: 'The level the review was for.', resolve: (d) => d.decision.toLevel }),
    decidedAt: t.string({
      description: 'Business time of the decision (ISO).',
      resolve: (d) => d.decision.decidedAt,
    }),
  };
}

/** The rejections the draft still finds not eligible, each with what it misses under the draft. */
function stillShort(decisions: readonly DecisionWhatIf[]): NearestDecisionOut[] {
  return decisions.flatMap((d) =>
    d.decision.outcome === 'rejected' && d.underDraft && !d.underDraft.eligible
      ? [{ ...d, ...unnamed(d), missing: d.underDraft.checks.filter((c) => !c.met) }]
      : [],
  );
}

/** Of those, the ones missing the fewest requirements of them all: the nearest to flipping. */
function nearest(short: readonly NearestDecisionOut[]): NearestDecisionOut[] {
  const fewest = Math.min(...short.map((d) => d.missing.length));
  return short.filter((d) => d.missing.length === fewest);
}

/** Until the caller names them (`NamedDecision`): the employee id, an unknown branch. */
const unnamed = (d: DecisionWhatIf): NamedDecision => ({
  name: d.decision.employeeId,
  nameEn: null,
  branchId: 'unknown',
});

/** The fields `policySimulation` adds for the full history. */
export function historyFields(t: PothosSchemaTypes.ObjectFieldBuilder<SchemaTypes, { history: HistoryOut }>) {
  return {
    decisionsJudged: t.int({
      description: 'Past promotion decisions judged again at their evidence positions.',
      resolve: (s) => s.history.decisionsJudged,
    }),
    flippedDecisions: t.field({
      type: [FlippedDecisionRef],
      description:
        'Each past decision the draft flips (approved → not eligible, rejected → eligible), in decision order, with the evidence under the recorded policies and under the draft.',
      resolve: (s) => s.history.flippedDecisions,
    }),
    rejectionsStillShort: t.int({
      description: 'Rejected decisions judged again that the draft still finds not eligible.',
      resolve: (s) => s.history.rejectionsStillShort,
    }),
    requirementsInTheWay: t.field({
      type: [RequirementInTheWayRef],
      description:
        'Why the draft flips no more rejections: each requirement the rejected decisions it still finds not eligible miss under the draft, with how many miss it and how many miss it alone; most alone first.',
      resolve: (s) => s.history.requirementsInTheWay,
    }),
    nearestDecisions: t.field({
      type: [NearestDecisionRef],
      description:
        'The rejected decisions the draft still finds not eligible that miss the fewest requirements of them all under it (each the same number), in decision order: the nearest to flipping.',
      resolve: (s) => s.history.nearestDecisions,
    }),
    eligibleByQuarter: t.field({
      type: [QuarterRef],
      description:
        'People eligible for any next level at the end of every quarter of the history, published and draft.',
      resolve: (s) => s.history.eligibleByQuarter,
    }),
    fairness: t.field({
      type: [FairnessRef],
      description:
        'Selection rates by branch over the quarters evaluated, with the four-fifths rule, by branch id.',
      resolve: (s) => s.history.fairness,
    }),
    targetWarnings: t.field({
      type: [TargetMonthRef],
      nullable: true,
      description:
        "Target warnings month by month under the draft target policy's early-warning rules; null when the draft has none.",
      resolve: (s) => s.history.targetWarnings,
    }),
    retention: t.field({
      type: RetentionRef,
      nullable: true,
      description: 'Retention flags month by month under the draft threshold; null when the draft has none.',
      resolve: (s) => s.history.retention,
    }),
  };
}
type SchemaTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** Selection rates by branch over person-quarters, published and draft. */
export function fairnessByBranch(
  people: readonly { employeeId: string; branchId: string; before: boolean; after: boolean }[],
): FairnessOut[] {
  const by = new Map<string, { evaluated: number; ids: Set<string>; before: number; after: number }>();
  for (const p of people) {
    const b = by.get(p.branchId) ?? { evaluated: 0, ids: new Set<string>(), before: 0, after: 0 };
    b.evaluated++;
    b.ids.add(p.employeeId);
    if (p.before) b.before++;
    if (p.after) b.after++;
    by.set(p.branchId, b);
  }
  const branches = [...by.keys()].sort();
  const rates = (pick: (b: { before: number; after: number }) => number) =>
    selectionRates(
      branches.map((group) => ({
        group,
        evaluated: by.get(group)!.evaluated,
        selected: pick(by.get(group)!),
      })),
    );
  const published = rates((b) => b.before);
  const draft = rates((b) => b.after);
  return branches.map((branchId, i) => ({
    branchId,
    evaluated: by.get(branchId)!.evaluated,
    people: by.get(branchId)!.ids.size,
    published: published[i]!,
    draft: draft[i]!,
  }));
}

/** The full history's what-if of `draft`: decisions, quarters, fairness, warnings, flags. */
export async function historyWhatIf(
  store: EventStore,
  db: Kysely<Database>,
  draft: PolicyDraft,
  snapshots: FoldSnapshots | null,
  language: 'en' | 'zh',
): Promise<HistoryOut> {
  // The read models the warnings and flags count on are read while the history is walked.
  const early = <T>(read: () => Promise<T>): Promise<T> => {
    const p = read();
    p.catch(() => {}); // awaited below; a failure surfaces there, not as an unhandled rejection
    return p;
  };
  const targetReads = draft.targetPolicy
    ? early(() =>
        Promise.all([
          targetPolicyInForce(db),
          targetProgress(db),
          alertsRaisedByMonth(db, ['target_behind', 'target_peer_gap']),
        ]),
      )
    : null;
  const retentionReads =
    draft.retentionThreshold !== undefined
      ? early(() => Promise.all([employment(db), alertsRaisedByMonth(db, ['risk_high'])]))
      : null;
  const decided = await decidedReviews(db);
  const history = await simulateHistory(store, draft, decided, { snapshots });
  let targetWarnings: TargetMonthOut[] | null = null;
  if (draft.targetPolicy && targetReads) {
    // The headquarters default against the draft (a branch's variant judges its rows in force).
    const [{ policy: inForce }, rows, raised] = await targetReads;
    const months = new Map<string, TargetMonthOut>();
    for (const r of rows) {
      const m = months.get(r.period) ?? {
        month: r.period,
        people: 0,
        raisedBehind: raised.get(r.period)?.target_behind ?? 0,
        raisedPeerGap: raised.get(r.period)?.target_peer_gap ?? 0,
        behindPublished: 0,
        behindDraft: 0,
        peerGapPublished: 0,
        peerGapDraft: 0,
      };
      const now = targetWarningsUnder(r, inForce);
      const then = targetWarningsUnder(r, draft.targetPolicy);
      m.people++;
      if (now.behind) m.behindPublished++;
      if (then.behind) m.behindDraft++;
      if (now.peerGap) m.peerGapPublished++;
      if (then.peerGap) m.peerGapDraft++;
      months.set(r.period, m);
    }
    targetWarnings = [...months.values()];
  }
  let retention: RetentionOut | null = null;
  if (draft.retentionThreshold !== undefined && retentionReads) {
    const fold = history.head;
    const model = fold.state.global.retentionModel?.doc;
    if (!model)
      throw new ClientError(
        language === 'zh'
          ? 'draft.retentionThreshold：尚未发布离职风险模型，无法试算预警阈值'
          : 'draft.retentionThreshold: no retention model is published, so there is no threshold to simulate',
      );
    const since = (await publishedOn(db, model.id, model.version)) ?? fold.state.global.clock ?? '';
    const [employedOn, raised] = await retentionReads;
    retention = {
      modelId: model.id,
      modelVersion: model.version,
      thresholdPublished: model.threshold,
      thresholdDraft: draft.retentionThreshold,
      months: retentionMonths(fold.state, model, since, draft.retentionThreshold, employedOn).map((m) => ({
        ...m,
        raised: raised.get(m.month)?.risk_high ?? 0,
      })),
    };
  }
  const short = stillShort(history.decisions);
  return {
    head: history.head,
    decisionsJudged: history.decisions.length,
    // Named by the caller, once it has read who the viewer may see.
    flippedDecisions: history.decisions.filter((d) => d.flip !== null).map((d) => ({ ...d, ...unnamed(d) })),
    rejectionsStillShort: short.length,
    requirementsInTheWay: requirementsInTheWay(
      history.decisions.map((d) => ({
        outcome: d.decision.outcome,
        toLevel: d.decision.toLevel,
        underDraft: d.underDraft,
      })),
    ),
    nearestDecisions: nearest(short),
    eligibleByQuarter: history.quarters.map((q) => ({
      quarter: q.quarter,
      month: q.month,
      evaluated: q.people.length,
      eligiblePublished: q.people.filter((p) => p.before).length,
      eligibleDraft: q.people.filter((p) => p.after).length,
    })),
    fairness: fairnessByBranch(history.quarters.flatMap((q) => q.people)),
    targetWarnings,
    retention,
  };
}
