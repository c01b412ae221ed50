import type { PersonCost } from '@trackrecord/domain';
import { decisionFlags, lineageFlagsForPeople, POLICY_KINDS, peopleByIds } from '@trackrecord/projections';
import { type PersonAsOf, personAsOf } from '../audit/asOf.ts';
import { simulateCommission } from '../audit/commissionWhatIf.ts';
import {
  type DecisionNowKnown,
  decisionNowKnown,
  type LaterEvent,
  type NowKnownDifference,
  type NowKnownVerdict,
} from '../audit/nowKnown.ts';
import { type DecisionReplay, ReplayError, type ReplayValue, replayDecision } from '../audit/replay.ts';
import {
  type DraftProblem,
  draftProblems,
  PolicyDraftSchema,
  simulatePolicies,
} from '../audit/simulation.ts';
import { foldSnapshotsFor } from '../audit/snapshots.ts';
import { replayDecisionUnderDraft } from '../audit/whatIfHistory.ts';
import { decidedReviews } from '../audit/whatIfReads.ts';
import { recordAccess } from '../auth/accessLog.ts';
import { canReadField, fieldRulesOf } from '../auth/fieldRules.ts';
import { dataScope, type Role } from '../auth/viewer.ts';
import { builder } from '../builder.ts';
import { ClientError } from '../errors.ts';
import { dateArgument } from './arguments.ts';
import { DifferenceCauseEnum, NowKnownCauseEnum, RiskBandEnum } from './enums.ts';
import { PolicySummary } from './policy.ts';
import {
  DecisionUnderDraftRef,
  type HistoryOut,
  historyFields,
  historyWhatIf,
  namedFields,
} from './policyWhatIf.ts';
import { LineageFlagRef } from './reviews.ts';
import {
  BilingualText,
  CandidateRecordObject,
  PolicyRefObject,
  policyVersionList,
  RequirementCheckObject,
  RiskFactorsObject,
  ScoreInputsObject,
  ScorePartObject,
} from './shapes.ts';
import { commandInput, toDomain } from './zodInput.ts';

// The auditors' features: a decision replayed from the event store, a person as of two times
// (bitemporal), and a draft policy simulated over the whole history. All recompute with the
// domain's own fold (`factsFromEvents`) over events read through the event store port.

// Who may run each: a refusal names the field, the roles it is for and the viewer's role.
const REPLAY_ROLES: readonly Role[] = ['auditor', 'hr_admin', 'committee_member'];
const AS_OF_ROLES: readonly Role[] = ['auditor', 'hr_admin', 'branch_manager', 'team_manager'];
const SIMULATION_ROLES: readonly Role[] = ['hr_admin', 'analyst'];

// ——— decisionReplay ———

type ReplayVerdictShape = DecisionReplay['original'] & { parts?: DecisionReplay['recomputed']['parts'] };
const ReplayVerdictRef = builder.objectRef<ReplayVerdictShape>('ReplayVerdict').implement({
  description:
    'A verdict on the step: what the decision recorded (original) or what the replay computed (recomputed).',
  fields: (t) => ({
    eligible: t.boolean({
      nullable: true,
      description:
        'Eligible for the step: the verdict the decision rests on (original; null before PromotionDecided v2) or the replay’s.',
      resolve: (v) => v.eligible,
    }),
    score: t.float({
      nullable: true,
      description: 'Composite score of the evaluated month (0–100).',
      resolve: (v) => v.score,
    }),
    scoreMonth: t.string({
      nullable: true,
      description:
        'The month (YYYY-MM) `score` is of; null when none was recorded (original) or evaluated (recomputed).',
      resolve: (v) => v.scoreMonth,
    }),
    checklist: t.field({
      type: [RequirementCheckObject],
      nullable: true,
      description: 'Every requirement of the step: required, actual, met.',
      resolve: (v) => (v.checklist ? [...v.checklist] : null),
    }),
    parts: t.field({
      type: [ScorePartObject],
      nullable: true,
      description: 'The score by KPI: raw value, normalised points, weight (recomputed only).',
      resolve: (v) => (v.parts ? [...v.parts] : null),
    }),
    outcome: t.string({
      nullable: true,
      description:
        'approved or rejected (original); null when recomputed: a replay recomputes evidence, not judgement.',
      resolve: (v) => v.outcome,
    }),
  }),
});

const ReplayValueRef = builder.objectRef<NonNullable<ReplayValue>>('ReplayValue').implement({
  description:
    'The value of a replayed claim, in the one field its type sets: `text` (an id, a level, an outcome, a position), `number` (a score or a policy version), `flag` (an eligibility verdict) or `list` (levels).',
  fields: (t) => ({
    text: t.string({
      nullable: true,
      description: 'An id, a ladder level, an outcome (approved or rejected) or a position.',
      resolve: (v) => (typeof v === 'string' ? v : null),
    }),
    number: t.float({
      nullable: true,
      description: 'A composite score (0–100) or a policy version.',
      resolve: (v) => (typeof v === 'number' ? v : null),
    }),
    flag: t.boolean({
      nullable: true,
      description: 'An eligibility verdict.',
      resolve: (v) => (typeof v === 'boolean' ? v : null),
    }),
    list: t.stringList({
      nullable: true,
      description: 'Ladder levels (the steps the replay found).',
      resolve: (v) => (Array.isArray(v) ? [...v] : null),
    }),
  }),
});

const ReplayDifferenceRef = builder
  .objectRef<DecisionReplay['differences'][number]>('ReplayDifference')
  .implement({
    description: 'A recorded claim of the decision that the replay does not bear out.',
    fields: (t) => ({
      field: t.exposeString('field', {
        description: 'The claim, e.g. evidence.score, outcome or policyVersions.<policy id>.',
      }),
      original: t.field({
        type: ReplayValueRef,
        nullable: true,
        description: 'The recorded value of `field`; null when the decision recorded none.',
        resolve: (d) => d.original,
      }),
      recomputed: t.field({
        type: ReplayValueRef,
        nullable: true,
        description: 'The value of `field` the replay computed; null when it found none.',
        resolve: (d) => d.recomputed,
      }),
      note: t.exposeString('note', { description: 'What differs, in words.' }),
      cause: t.expose('cause', {
        type: DifferenceCauseEnum,
        description: 'Why the claim and the replay differ.',
      }),
    }),
  });

const ReplayOverrideRef = builder
  .objectRef<NonNullable<DecisionReplay['override']>>('ReplayOverride')
  .implement({
    description: 'The override the decision recorded: reason code, explanation and what it went against.',
    fields: (t) => ({
      code: t.exposeString('code', {
        description:
          'exceptional_contribution, evidence_outdated, conduct_or_compliance, business_need or other',
      }),
      text: t.exposeString('text', { description: 'The explanation the committee gave for the override.' }),
      against: t.exposeStringList('against', {
        description: 'What it went against: eligibility (the verdict) and/or majority (the votes).',
      }),
    }),
  });

const NowKnownVerdictRef = builder.objectRef<NowKnownVerdict>('NowKnownVerdict').implement({
  description: 'The step judged at the decision’s business moment under the rules it recorded.',
  fields: (t) => ({
    score: t.float({
      nullable: true,
      description: 'Composite score of the evaluated month (0–100 points).',
      resolve: (v) => v.score,
    }),
    scoreMonth: t.string({
      nullable: true,
      description: 'The evaluated month (YYYY-MM) the figures come from.',
      resolve: (v) => v.scoreMonth,
    }),
    eligible: t.boolean({
      nullable: true,
      description: 'Every requirement of the step met; null when the candidate or the step was not found.',
      resolve: (v) => v.eligible,
    }),
    checklist: t.field({
      type: [RequirementCheckObject],
      nullable: true,
      description: 'Every requirement of the step: required, actual, met.',
      resolve: (v) => (v.checklist ? [...v.checklist] : null),
    }),
  }),
});

const LaterEventRef = builder.objectRef<LaterEvent>('LaterEvent').implement({
  description:
    'An event that moved a compared value: recorded after the evidence position, or the decision itself.',
  fields: (t) => ({
    type: t.exposeString('type', { description: 'The event type, e.g. SaleReversed.' }),
    position: t.field({ type: 'Position', description: 'Its global position.', resolve: (e) => e.position }),
    at: t.exposeString('at', {
      description: 'When the store recorded it (ISO 8601); for the decision itself, its business time.',
    }),
    ref: t.exposeString('ref', {
      nullable: true,
      description: 'The sale, payment, course or person it is about.',
    }),
    correction: t.exposeBoolean('correction', {
      description: 'A sale reversed or corrected, or a payment refunded.',
    }),
  }),
});

const NowKnownDifferenceRef = builder.objectRef<NowKnownDifference>('NowKnownDifference').implement({
  description: 'A value that differs between the decision as known and as now known, with what moved it.',
  fields: (t) => ({
    field: t.exposeString('field', {
      description: 'score, eligible, requirement.<kind>[.<kpi or course>] or outcome.',
    }),
    known: t.field({
      type: ReplayValueRef,
      nullable: true,
      description: 'The value at the evidence position.',
      resolve: (d) => d.known,
    }),
    now: t.field({
      type: ReplayValueRef,
      nullable: true,
      description: 'The value on the history as now known (for outcome: what the verdict now calls for).',
      resolve: (d) => d.now,
    }),
    cause: t.expose('cause', {
      type: NowKnownCauseEnum,
      description: 'What the difference is attributed to.',
    }),
    note: t.exposeString('note', { description: 'What differs and why, in words (English).' }),
    events: t.field({
      type: [LaterEventRef],
      description: 'The events that moved it, oldest first; the decision itself for an override.',
      resolve: (d) => [...d.events],
    }),
  }),
});

const DecisionNowKnownRef = builder.objectRef<DecisionNowKnown>('DecisionNowKnown').implement({
  description:
    'A decision as known (at its evidence position) and as now known (the same rules, the same business moment, on today’s corrected history), side by side.',
  fields: (t) => ({
    businessDate: t.exposeString('businessDate', {
      description:
        'The business date the history had reached at the evidence position: what happened by then, as now known, is judged.',
    }),
    known: t.field({
      type: NowKnownVerdictRef,
      description: 'As known: the replay at the evidence position.',
      resolve: (n) => n.known,
    }),
    now: t.field({
      type: NowKnownVerdictRef,
      description: 'As now known: with every correction and late record of that time since.',
      resolve: (n) => n.now,
    }),
    eventsSince: t.exposeInt('eventsSince', {
      description: 'Events recorded since the evidence position that belong to that business moment.',
    }),
    headPosition: t.field({
      type: 'Position',
      description: 'The head of the store the comparison was made at.',
      resolve: (n) => n.headPosition,
    }),
    same: t.boolean({
      description: 'True when nothing differs and the outcome agrees with the verdict as now known.',
      resolve: (n) => n.differences.length === 0,
    }),
    differences: t.field({
      type: [NowKnownDifferenceRef],
      description: 'Each difference with its cause and the events behind it.',
      resolve: (n) => [...n.differences],
    }),
  }),
});

type ReplayWithFlags = DecisionReplay & { corrections: Awaited<ReturnType<typeof decisionFlags>> };
/** The decision as now known, once per replay object (several fields read it). */
const nowKnownOf = new WeakMap<ReplayWithFlags, Promise<DecisionNowKnown>>();
const nowKnown = (
  r: ReplayWithFlags,
  ctx: { store: Parameters<typeof decisionNowKnown>[0]; db: Parameters<typeof foldSnapshotsFor>[0] },
) => {
  let p = nowKnownOf.get(r);
  if (!p) {
    p = decisionNowKnown(ctx.store, r, { snapshots: foldSnapshotsFor(ctx.db) });
    nowKnownOf.set(r, p);
  }
  return p;
};

const DecisionReplayRef = builder.objectRef<ReplayWithFlags>('DecisionReplay').implement({
  description:
    'A promotion decision replayed: the event store folded up to its evidence position, the candidate scored and judged under the policy versions it recorded, and every recorded claim checked.',
  fields: (t) => ({
    decisionId: t.exposeString('decisionId', { description: 'Id of the decision: the id of its review.' }),
    reviewId: t.exposeString('reviewId', { description: 'Id of the promotion review decided.' }),
    employeeId: t.exposeString('employeeId', { description: 'Employee id of the candidate.' }),
    fromLevel: t.exposeString('fromLevel', { description: 'The level the candidate held when nominated.' }),
    toLevel: t.exposeString('toLevel', { description: 'The level the candidate was nominated to.' }),
    track: t.exposeString('track', { description: 'Id of the ladder track of the step.' }),
    decidedAt: t.exposeString('decidedAt', { description: 'Business time of the decision (ISO).' }),
    decisionPosition: t.field({
      type: 'Position',
      description: 'Global position ($all) of the PromotionDecided event.',
      resolve: (r) => r.decisionPosition,
    }),
    evidencePosition: t.field({
      type: 'Position',
      description:
        'The evidence position the decision recorded: the global position of the evidence the committee saw.',
      resolve: (r) => r.evidencePosition,
    }),
    replayedTo: t.field({
      type: 'Position',
      description:
        'The position folded to: the evidence position, or just before the decision when it is not before it.',
      resolve: (r) => r.replayedTo,
    }),
    policyVersions: t.field({
      type: [PolicyRefObject],
      description: 'Each policy id with its version, as the decision recorded them.',
      resolve: (r) => policyVersionList(r.policyVersions),
    }),
    policiesInForce: t.field({
      type: [PolicyRefObject],
      description:
        'Each policy id with the version in force at the evidence position (scoring policy, ladder, and the others recorded).',
      resolve: (r) => policyVersionList(r.policiesInForce),
    }),
    scoringVariantBranchId: t.string({
      nullable: true,
      description:
        'The branch whose variant of the scoring policy was in force for the candidate at the evidence position; null for the headquarters default.',
      resolve: (r) => r.variants.scoring,
    }),
    ladderVariantBranchId: t.string({
      nullable: true,
      description:
        'The branch whose variant of the ladder was in force for the candidate at the evidence position; null for the headquarters default.',
      resolve: (r) => r.variants.ladder,
    }),
    nominationScore: t.float({
      nullable: true,
      description: 'The score the nomination recorded (when nominated, not at the evidence position).',
      resolve: (r) => r.nominationScore,
    }),
    original: t.field({
      type: ReplayVerdictRef,
      description: 'What the decision recorded: its evidence (score, month, eligibility) and outcome.',
      resolve: (r) => r.original,
    }),
    recomputed: t.field({
      type: ReplayVerdictRef,
      description:
        'What the replay computed at `replayedTo` under the recorded policy versions: score with its parts, checklist and eligibility (no outcome).',
      resolve: (r) => r.recomputed,
    }),
    override: t.field({
      type: ReplayOverrideRef,
      nullable: true,
      description: 'Null unless the decision went against the eligibility verdict or the majority.',
      resolve: (r) => r.override,
    }),
    same: t.boolean({
      description:
        'True when there is no difference, as known (the replay at the evidence position) nor as now known (`nowKnown`): an approved decision the corrected history no longer bears out is not the same.',
      resolve: async (r, _args, ctx) =>
        r.differences.length === 0 && (await nowKnown(r, ctx)).differences.length === 0,
    }),
    nowKnown: t.field({
      type: DecisionNowKnownRef,
      description:
        'The decision as known and as now known, side by side: the same rules at the same business moment on today’s corrected history, each difference attributed (correction, later event, override) and the events named.',
      resolve: (r, _args, ctx) => nowKnown(r, ctx),
    }),
    differences: t.field({
      type: [ReplayDifferenceRef],
      description:
        'Each recorded claim the replay does not bear out, with its cause; empty when it bears out all.',
      resolve: (r) => [...r.differences],
    }),
    eventsReplayed: t.exposeInt('eventsReplayed', {
      description: 'Fact events folded up to the evidence position.',
    }),
    tookMs: t.exposeInt('tookMs', {
      description: 'Time of the replay when it was computed (replays are cached).',
    }),
    corrections: t.field({
      type: [LineageFlagRef],
      description:
        'Corrections recorded since that reached the decision (sales reversed or corrected, payments refunded), each with its path: through the candidate’s own sales, their mentees’ deals or their team’s growth.',
      resolve: (r) => r.corrections,
    }),
  }),
});

builder.queryField('decisionReplay', (t) =>
  t.withAuth({ roles: REPLAY_ROLES }).field({
    type: DecisionReplayRef,
    nullable: true,
    description:
      'Replays a promotion decision (its id is the review id) from the event store. For auditors, HR and the review committee; null when there is no such review.',
    args: { decisionId: t.arg.string({ required: true, description: 'The decision, by its review id.' }) },
    resolve: async (_root, args, ctx) => {
      let replay: DecisionReplay | null;
      try {
        replay = await replayDecision(ctx.store, args.decisionId, { snapshots: foldSnapshotsFor(ctx.db) });
      } catch (error) {
        if (error instanceof ReplayError) throw new ClientError({ en: error.message, zh: error.zh });
        throw error;
      }
      if (!replay) return null;
      await recordAccess(ctx.db, ctx.viewer, 'audit_replay', {
        employeeId: replay.employeeId,
        detail: args.decisionId,
        fieldRulesVersion: (await fieldRulesOf(ctx)).version,
      });
      const corrections = await decisionFlags(ctx.db, args.decisionId);
      // A difference in the evidence nothing else explains, where a sale of the evaluated
      // month was corrected or reversed: the correction is its cause.
      const month = replay.recomputed.scoreMonth;
      const unexplained = replay.differences.some(
        (d) => d.cause === 'unexplained' && d.field.startsWith('evidence.'),
      );
      if (!unexplained || month === null) return { ...replay, corrections };
      const touched = (await lineageFlagsForPeople(ctx.db, { kind: 'all' }, [replay.employeeId]))
        .filter((f) => (f.kind === 'score' && f.ref === month) || f.kind === 'decision')
        .concat(corrections);
      if (touched.length === 0) return { ...replay, corrections };
      const sales = [...new Set(touched.map((f) => f.sale_id))].join(', ');
      return {
        ...replay,
        corrections,
        differences: replay.differences.map((d) =>
          d.cause === 'unexplained' && (d.field.startsWith('evidence.') || d.field === 'outcome')
            ? {
                ...d,
                cause: 'correction' as const,
                note: `${d.note}; sales of ${month} were corrected or reversed (${sales})`,
              }
            : d,
        ),
      };
    },
  }),
);

// ——— personAsOf ———

const ScoreAsOfRef = builder.objectRef<NonNullable<PersonAsOf['score']>>('ScoreAsOf').implement({
  description:
    'The latest scored month as of the view, with its parts and the scoring policy it was scored under.',
  fields: (t) => ({
    month: t.exposeString('month', {
      description: 'The month scored, YYYY-MM: the latest one with a score.',
    }),
    score: t.exposeFloat('score', { description: 'Composite score, 0–100 points, 2 decimals.' }),
    parts: t.field({
      type: [ScorePartObject],
      description: 'Each weighted KPI: raw value and formula, normalised points, weight, points.',
      resolve: (s) => [...s.parts],
    }),
    inputs: t.field({
      type: ScoreInputsObject,
      description: "The month's facts the score rests on.",
      resolve: (s) => s.inputs,
    }),
    policyId: t.exposeString('policyId', { description: 'Id of the scoring policy it was scored under.' }),
    policyVersion: t.exposeInt('policyVersion', { description: 'Version of that scoring policy.' }),
    policySource: t.exposeString('policySource', {
      description:
        'published (a version published by then) or default (the built-in policy, none published by then).',
    }),
  }),
});

const VerdictAsOfRef = builder
  .objectRef<NonNullable<PersonAsOf['eligibility']>['verdicts'][number]>('EligibilityVerdictAsOf')
  .implement({
    description: 'The verdict on one next level as of the view, with its checklist.',
    fields: (t) => ({
      track: t.exposeString('track', { description: 'Ladder track.' }),
      fromLevel: t.exposeString('fromLevel', { description: 'The level held.' }),
      toLevel: t.exposeString('toLevel', { description: 'The next level.' }),
      eligible: t.exposeBoolean('eligible', { description: 'Every requirement met.' }),
      ladder: t.field({
        type: PolicyRefObject,
        description: 'The ladder judged under.',
        resolve: (v) => v.ladder,
      }),
      checklist: t.field({
        type: [RequirementCheckObject],
        description: 'Every requirement: required, actual, met, the task for a gap.',
        resolve: (v) => [...v.checklist],
      }),
      summary: t.field({
        type: BilingualText,
        description: 'The verdict in words.',
        resolve: (v) => v.summary,
      }),
    }),
  });

const EligibilityAsOfRef = builder
  .objectRef<NonNullable<PersonAsOf['eligibility']>>('EligibilityAsOf')
  .implement({
    description:
      'Eligibility as of the view: the evaluated month, the candidate record and each next level’s verdict.',
    fields: (t) => ({
      evaluatedMonth: t.exposeString('evaluatedMonth', {
        description: 'The month (YYYY-MM) the performance figures come from.',
      }),
      ladderSource: t.exposeString('ladderSource', { description: 'published or default' }),
      position: t.field({
        type: 'Position',
        description: 'Position of the last event that changed the eligibility.',
        resolve: (e) => BigInt(e.position),
      }),
      candidate: t.field({
        type: CandidateRecordObject,
        description: 'What was known about the candidate.',
        resolve: (e) => e.candidate,
      }),
      verdicts: t.field({
        type: [VerdictAsOfRef],
        description: 'One verdict per next level.',
        resolve: (e) => [...e.verdicts],
      }),
    }),
  });

const RiskAsOfRef = builder
  .objectRef<NonNullable<PersonAsOf['retentionRisk']>>('RetentionRiskAsOf')
  .implement({
    description:
      'Retention risk as of the view: band, probability and model; factors only for HR and managers.',
    fields: (t) => ({
      band: t.expose('band', {
        type: RiskBandEnum,
        description:
          'Under a model: high at or above the threshold, medium from half of it, else low. In cold start: high with 2 or 3 signals met, medium with 1, low with none.',
      }),
      flagged: t.exposeBoolean('flagged', {
        description: 'At or above the threshold (or enough cold-start rules).',
      }),
      method: t.exposeString('method', { description: 'model or coldStart' }),
      risk: t.exposeFloat('risk', {
        nullable: true,
        description: 'Probability of leaving (0–1); null in cold start.',
      }),
      weekStart: t.exposeString('weekStart', { description: 'Monday of the week the features are as of.' }),
      model: t.field({
        type: PolicyRefObject,
        nullable: true,
        description: 'The retention model; null in cold start.',
        resolve: (r) => r.model,
      }),
      factors: t.field({
        type: RiskFactorsObject,
        nullable: true,
        description:
          'Contributions under a model, signals in cold start; null for those who may not read them.',
        resolve: (r) => r.factors,
      }),
    }),
  });

const PersonAsOfRef = builder.objectRef<PersonAsOf>('PersonAsOf').implement({
  description:
    'A person as the store knew them at a transaction time and, optionally, as of a business date with corrections recorded later.',
  fields: (t) => ({
    employeeId: t.exposeString('employeeId', { description: 'Employee id of the person.' }),
    transactionTime: t.exposeString('transactionTime', {
      description: 'The `at` asked for (ISO): only events recorded up to it.',
    }),
    businessDate: t.exposeString('businessDate', {
      nullable: true,
      description: 'Facts of that date or before, with corrections of them recorded later.',
    }),
    position: t.field({
      type: 'Position',
      description: 'The last position included.',
      resolve: (p) => p.position,
    }),
    level: t.exposeString('level', {
      nullable: true,
      description:
        'Ladder level held on the business date (without one, on the latest business date seen by then); null when not hired by then.',
    }),
    status: t.exposeString('status', {
      nullable: true,
      description: 'active, probation or departed; null when not hired by then.',
    }),
    branchId: t.exposeString('branchId', {
      nullable: true,
      description: 'Branch then; null when not known.',
    }),
    teamId: t.exposeString('teamId', { nullable: true, description: 'Team then; null when in none.' }),
    score: t.field({
      type: ScoreAsOfRef,
      nullable: true,
      description: 'The latest month with a score, as then; null when no month could be scored.',
      resolve: (p) => p.score,
    }),
    eligibility: t.field({
      type: EligibilityAsOfRef,
      nullable: true,
      description:
        'The evaluated month, the candidate record and each next level’s verdict with its checklist.',
      resolve: (p) => p.eligibility,
    }),
    retentionRisk: t.field({
      type: RiskAsOfRef,
      nullable: true,
      description: 'Band, probability and model; factors only for HR and managers.',
      resolve: (p) => p.retentionRisk,
    }),
    policies: t.field({
      type: [PolicySummary],
      description: 'The policies in force (latest version of each kind), oldest publication first.',
      resolve: (p) =>
        p.policies.map((policy) => ({
          policy_id: policy.id,
          version: policy.version,
          kind: POLICY_KINDS[policy.kind],
          event_type: policy.kind,
          name: policy.name,
          document: policy.document,
          published_at: policy.publishedAt,
          published_by: null,
          branch_id: policy.branchId,
          withdrawn: false,
          position: String(policy.position),
        })),
    }),
    events: t.exposeInt('events', { description: 'Fact events included.' }),
  }),
});

const _DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

builder.queryField('personAsOf', (t) =>
  t.withAuth({ roles: AS_OF_ROLES }).field({
    type: PersonAsOfRef,
    nullable: true,
    description:
      'A person as the store knew them: as of a transaction time (`at`: only events recorded by then), a position of `$all` (`position`: only events at or before it; events one transaction recorded together, such as an import, differ by position only), or both; optionally as of a business date (YYYY-MM-DD: facts up to that day, with corrections recorded later). For auditors, HR, and branch and team managers about their people; null when the person is unknown then.',
    args: {
      id: t.arg.string({ required: true, description: 'Employee id.' }),
      at: t.arg({
        type: 'DateTime',
        description: 'Transaction time: only events recorded up to it count. Give it, `position`, or both.',
      }),
      position: t.arg({
        type: 'Position',
        description: 'A position of `$all`: only events at or before it count. Give it, `at`, or both.',
      }),
      businessDate: t.arg.string({
        description: 'YYYY-MM-DD: only facts of that day or before (with corrections recorded later).',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const { viewer } = ctx;
      const businessDate = args.businessDate ?? null;
      if (businessDate !== null)
        dateArgument('businessDate', { en: 'business date', zh: '业务日期' }, businessDate);
      const at = args.at ?? null;
      const position = args.position ?? null;
      if (at === null && position === null)
        throw new ClientError(
          ctx.language === 'zh'
            ? '请给出时刻（at）或位置（position），或两者都给'
            : 'give a moment (at), a position, or both',
        );
      // A manager (whose data scope is a unit) only about their own people.
      const scope = dataScope(viewer);
      if (scope.kind !== 'all' && !(await peopleByIds(ctx.db, scope, [args.id]))[0]) {
        throw new ClientError(
          ctx.language === 'zh'
            ? `${args.id} 不是你管理的人员`
            : `${args.id} is not one of the people you manage`,
        );
      }
      await recordAccess(ctx.db, viewer, 'as_of_read', {
        employeeId: args.id,
        detail: `as of ${[at ? at.toISOString() : null, position !== null ? `position ${position}` : null].filter(Boolean).join(', ')}${businessDate ? `, business date ${businessDate}` : ''}`,
        fieldRulesVersion: (await fieldRulesOf(ctx)).version,
      });
      return personAsOf(ctx.store, args.id, { at, position }, businessDate, {
        riskFactors: canReadField(await fieldRulesOf(ctx), viewer, 'riskFactors', args.id),
        snapshots: foldSnapshotsFor(ctx.db),
      });
    },
  }),
);

// ——— policySimulation ———

const PolicyDraftInput = commandInput(PolicyDraftSchema, 'PolicyDraft');

interface SimulatedChangeOut {
  employeeId: string;
  name: string;
  nameEn: string | null;
  branchId: string;
  toLevel: string;
  track: string;
  before: boolean;
  after: boolean;
  scoreBefore: number | null;
  scoreAfter: number | null;
}
const SimulatedChangeRef = builder.objectRef<SimulatedChangeOut>('SimulatedChange').implement({
  description: 'A person whose verdict for a next level changes under the draft.',
  fields: (t) => ({
    employeeId: t.exposeString('employeeId', { description: 'Employee id of the person.' }),
    ...namedFields(t, "The person's", false),
    toLevel: t.exposeString('toLevel', { description: 'The next level whose verdict changes.' }),
    track: t.exposeString('track', { description: 'Id of the ladder track of that level.' }),
    before: t.exposeBoolean('before', { description: 'Eligible under the published policies.' }),
    after: t.exposeBoolean('after', { description: 'Eligible under the draft.' }),
    scoreBefore: t.float({
      nullable: true,
      description: 'Composite score (0–100) of the evaluated month under the published scoring policy.',
      resolve: (c) => c.scoreBefore,
    }),
    scoreAfter: t.float({
      nullable: true,
      description:
        'Composite score (0–100) of the evaluated month under the draft scoring policy (the published one when the draft has none).',
      resolve: (c) => c.scoreAfter,
    }),
  }),
});
interface BranchCount {
  branchId: string;
  eligibleBefore: number;
  eligibleAfter: number;
  becomeEligible: number;
  becomeIneligible: number;
}
const SimulationBranchCountRef = builder.objectRef<BranchCount>('SimulationBranchCount').implement({
  description:
    'People of a branch eligible for any next level before and after, and how many people gain or lose a verdict (each counted once).',
  fields: (t) => ({
    branchId: t.exposeString('branchId', {
      description: 'The branch; unknown for people outside what the viewer may see.',
    }),
    eligibleBefore: t.exposeInt('eligibleBefore', {
      description: 'People eligible for any next level under the published policies.',
    }),
    eligibleAfter: t.exposeInt('eligibleAfter', {
      description: 'People eligible for any next level under the draft.',
    }),
    becomeEligible: t.exposeInt('becomeEligible', {
      description: 'People with at least one next level they become eligible for.',
    }),
    becomeIneligible: t.exposeInt('becomeIneligible', {
      description: 'People with at least one next level they become ineligible for.',
    }),
  }),
});
/** The builder's schema types, for a helper that adds fields to several object types. */
type SchemaTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

interface CommissionCostOut {
  inForce: number;
  draft: number;
  difference: number;
  payments: number;
}
/** The cost fields of the commission what-if, worded once for the total, a branch-month and a person. */
function costFields<T extends CommissionCostOut>(
  t: PothosSchemaTypes.ObjectFieldBuilder<SchemaTypes, T>,
  of: string,
  counted: string,
) {
  return {
    inForce: t.field({
      type: 'Fen',
      description: `Commission on ${of} under the plans in force (fen).`,
      resolve: (c) => c.inForce,
    }),
    draft: t.field({
      type: 'Fen',
      description: `Commission on ${of} with the draft plan as a new version (fen).`,
      resolve: (c) => c.draft,
    }),
    difference: t.field({
      type: 'Fen',
      description: 'What the draft pays more (positive) or less (negative): `draft` − `inForce` (fen).',
      resolve: (c) => c.difference,
    }),
    payments: t.int({
      description: `Payments collected ${counted}.`,
      resolve: (c) => c.payments,
    }),
  };
}
interface CommissionBranchMonthOut extends CommissionCostOut {
  branchId: string;
  month: string;
}
const CommissionBranchMonthRef = builder
  .objectRef<CommissionBranchMonthOut>('CommissionWhatIfBranchMonth')
  .implement({
    description:
      'The commission of one branch in one month under the plans in force and under the draft, in fen.',
    fields: (t) => ({
      branchId: t.exposeString('branchId', {
        description:
          "The branch of the people paid, as of each payment's business date; unknown when the history names none.",
      }),
      month: t.exposeString('month', {
        description: "The calendar month (YYYY-MM) of the payments' business dates.",
      }),
      ...costFields(t, "the branch's payments of the month", 'by people of the branch in the month'),
    }),
  });
interface CommissionPersonOut extends CommissionCostOut {
  employeeId: string;
  name: string;
  nameEn: string | null;
  branchId: string;
}
const CommissionPersonRef = builder.objectRef<CommissionPersonOut>('CommissionWhatIfPerson').implement({
  description: "One person's commission over the whole history under the plans in force and under the draft.",
  fields: (t) => ({
    employeeId: t.exposeString('employeeId', { description: 'Employee id of the person.' }),
    ...namedFields(t, "The person's"),
    ...costFields(t, "the person's payments", 'by the person in the whole history'),
  }),
});
interface CommissionWhatIfOut extends CommissionCostOut {
  planId: string;
  planVersion: number;
  period: string;
  effectiveFrom: string | null;
  paymentsChanged: number;
  byBranchMonth: CommissionBranchMonthOut[];
  gains: CommissionPersonOut[];
  losses: CommissionPersonOut[];
  basePosition: bigint;
}
const CommissionWhatIfRef = builder.objectRef<CommissionWhatIfOut>('CommissionWhatIf').implement({
  description:
    'A draft commission plan paid over every payment collected in the history, against the plans in force: each payment under the version in force at its business date, tiers counted in recorded order within the plan period, nothing on a reversed sale, refunds clawed back in proportion. The draft pays every payment dated from its effective date (from the beginning of history when it has none). Amounts in fen.',
  fields: (t) => ({
    planId: t.exposeString('planId', { description: 'Id of the draft plan.' }),
    planVersion: t.exposeInt('planVersion', { description: 'Version of the draft plan.' }),
    period: t.exposeString('period', {
      description: "The draft's commission period over which tiers accumulate: month or quarter.",
    }),
    effectiveFrom: t.string({
      nullable: true,
      description:
        'The business date (YYYY-MM-DD) from which the draft pays; null: from the beginning of history.',
      resolve: (w) => w.effectiveFrom,
    }),
    ...costFields(t, 'every payment of the history', 'in the whole history'),
    paymentsChanged: t.exposeInt('paymentsChanged', {
      description: 'Payments whose commission differs under the draft.',
    }),
    byBranchMonth: t.field({
      type: [CommissionBranchMonthRef],
      description: 'The cost per branch and month, by branch then month.',
      resolve: (w) => w.byBranchMonth,
    }),
    gains: t.field({
      type: [CommissionPersonRef],
      description: 'The five people (at most) the draft pays most more over the history, largest first.',
      resolve: (w) => w.gains,
    }),
    losses: t.field({
      type: [CommissionPersonRef],
      description: 'The five people (at most) the draft pays most less over the history, largest first.',
      resolve: (w) => w.losses,
    }),
    basePosition: t.field({
      type: 'Position',
      description: 'The head of `$all` the payments were read to.',
      resolve: (w) => w.basePosition,
    }),
  }),
});

interface SimulationOut {
  evaluatedPeople: number;
  becomeEligible: SimulatedChangeOut[];
  becomeIneligible: SimulatedChangeOut[];
  byBranch: BranchCount[];
  basePosition: bigint;
  eventsFolded: number;
  commission: CommissionWhatIfOut | null;
  history: HistoryOut;
  tookMs: number;
}
const PolicySimulationRef = builder.objectRef<SimulationOut>('PolicySimulation').implement({
  description:
    'Drafts of the scoring policy, ladder, commission plan, target policy and retention threshold evaluated against the published policies: who is eligible now, the past decisions that flip, eligibility per quarter, fairness by branch, commission cost and alerts. Nothing is appended.',
  fields: (t) => ({
    ...historyFields(t),
    evaluatedPeople: t.exposeInt('evaluatedPeople', { description: 'Active people with a verdict.' }),
    becomeEligible: t.field({
      type: [SimulatedChangeRef],
      description: 'Each person and next level not eligible now and eligible under the draft.',
      resolve: (s) => s.becomeEligible,
    }),
    becomeIneligible: t.field({
      type: [SimulatedChangeRef],
      description: 'Each person and next level eligible now and not under the draft.',
      resolve: (s) => s.becomeIneligible,
    }),
    byBranch: t.field({
      type: [SimulationBranchCountRef],
      description: 'The counts per branch, by branch id.',
      resolve: (s) => s.byBranch,
    }),
    basePosition: t.field({
      type: 'Position',
      description: 'The head the history was folded to.',
      resolve: (s) => s.basePosition,
    }),
    eventsFolded: t.exposeInt('eventsFolded', {
      description: 'Fact events of the history folded up to `basePosition`.',
    }),
    commission: t.field({
      type: CommissionWhatIfRef,
      nullable: true,
      description:
        'The cost of the draft commission plan against the plans in force over every payment collected; null when the draft has none.',
      resolve: (s) => s.commission,
    }),
    tookMs: t.exposeInt('tookMs', { description: 'Time the simulation took, in milliseconds.' }),
  }),
});

/** A draft that fails validation: every problem with its path, as `ValidationFailed` lists them. */
class DraftInvalid extends ClientError {
  readonly extensions: Record<string, unknown>;
  constructor(problems: readonly DraftProblem[], language: 'en' | 'zh') {
    super(
      language === 'zh'
        ? `policySimulation：${problems.map((p) => `${p.path.join('.')}：${p.messageZh}`).join('；')}`
        : `policySimulation: ${problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; ')}`,
    );
    this.extensions = { code: 'VALIDATION_FAILED', problems };
  }
}

builder.queryField('policySimulation', (t) =>
  t.withAuth({ roles: SIMULATION_ROLES }).field({
    type: PolicySimulationRef,
    description:
      'Who becomes eligible or ineligible if a draft scoring policy and/or ladder replaced the published one, and what a draft commission plan would cost against the plans in force, over the whole history. For HR and analysts; appends nothing.',
    args: {
      draft: t.arg({
        type: PolicyDraftInput,
        required: true,
        description:
          'A scoring policy, a ladder, a commission plan or several, as their publish mutations take them.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const { viewer } = ctx;
      const { draft, problems } = draftProblems(toDomain(PolicyDraftSchema, args.draft));
      const language = ctx.language ?? 'en';
      if (!draft) throw new DraftInvalid(problems, language);
      const started = performance.now();
      const snapshots = foldSnapshotsFor(ctx.db);
      const [history, commission] = await Promise.all([
        historyWhatIf(ctx.store, ctx.db, draft, snapshots, language),
        draft.commissionPlan ? simulateCommission(ctx.store, draft.commissionPlan) : null,
      ]);
      // Now, on the fold the walk ended at (the head).
      const outcome = await simulatePolicies(ctx.store, draft, { fold: history.head });
      const people = await peopleByIds(ctx.db, dataScope(viewer), [
        ...new Set([
          ...outcome.people.map((p) => p.employeeId),
          ...history.flippedDecisions.map((d) => d.decision.employeeId),
          ...history.nearestDecisions.map((d) => d.decision.employeeId),
          ...(commission ? [...commission.gains, ...commission.losses].map((p) => p.employeeId) : []),
        ]),
      ]);
      const who = new Map(
        people
          .filter((p) => p !== undefined)
          .map((p) => [p.employee_id, { name: p.name, nameEn: p.name_en, branchId: p.branch_id }]),
      );
      // Named as the viewer may see them: else by employee id, in an unknown branch.
      const nameOf = (employeeId: string) =>
        who.get(employeeId) ?? { name: employeeId, nameEn: null, branchId: 'unknown' };
      for (const d of [...history.flippedDecisions, ...history.nearestDecisions])
        Object.assign(d, nameOf(d.decision.employeeId));
      const named = (c: (typeof outcome.becomeEligible)[number]): SimulatedChangeOut => ({
        ...c,
        ...nameOf(c.employeeId),
      });
      const person = (p: PersonCost): CommissionPersonOut => ({ ...p, ...nameOf(p.employeeId) });
      const branches = new Map<string, BranchCount>();
      const branch = (employeeId: string) => {
        const id = who.get(employeeId)?.branchId ?? 'unknown';
        let b = branches.get(id);
        if (!b) {
          b = { branchId: id, eligibleBefore: 0, eligibleAfter: 0, becomeEligible: 0, becomeIneligible: 0 };
          branches.set(id, b);
        }
        return b;
      };
      for (const p of outcome.people) {
        const b = branch(p.employeeId);
        if (p.before) b.eligibleBefore++;
        if (p.after) b.eligibleAfter++;
      }
      // People, not steps: someone who becomes eligible for two next levels counts once.
      for (const id of new Set(outcome.becomeEligible.map((c) => c.employeeId))) branch(id).becomeEligible++;
      for (const id of new Set(outcome.becomeIneligible.map((c) => c.employeeId)))
        branch(id).becomeIneligible++;
      return {
        evaluatedPeople: outcome.evaluatedPeople,
        becomeEligible: outcome.becomeEligible.map(named),
        becomeIneligible: outcome.becomeIneligible.map(named),
        byBranch: [...branches.values()].sort((a, b) => (a.branchId < b.branchId ? -1 : 1)),
        basePosition: outcome.basePosition,
        eventsFolded: outcome.eventsFolded,
        commission: commission && {
          planId: draft.commissionPlan!.id,
          planVersion: draft.commissionPlan!.version,
          period: draft.commissionPlan!.period,
          effectiveFrom: draft.commissionPlan!.effectiveFrom ?? null,
          inForce: commission.inForce,
          draft: commission.draft,
          difference: commission.difference,
          payments: commission.payments,
          paymentsChanged: commission.paymentsChanged,
          byBranchMonth: commission.byBranchMonth.map((b) => ({ ...b, branchId: b.branchId ?? 'unknown' })),
          gains: commission.gains.map(person),
          losses: commission.losses.map(person),
          basePosition: commission.basePosition,
        },
        history,
        tookMs: Math.round(performance.now() - started),
      };
    },
  }),
);

builder.queryField('decisionUnderDraft', (t) =>
  t.withAuth({ roles: SIMULATION_ROLES }).field({
    type: DecisionUnderDraftRef,
    nullable: true,
    description:
      'Replays one decided promotion review under a draft scoring policy and/or ladder, as `policySimulation` judges it in `flippedDecisions`: the audit page shows it beside the replay. For HR and analysts; appends nothing. Null when the review is not decided.',
    args: {
      decisionId: t.arg.string({ required: true, description: 'The decision, by its review id.' }),
      draft: t.arg({
        type: PolicyDraftInput,
        required: true,
        description:
          'The draft, as `policySimulation` takes it (only its scoring policy and ladder count here).',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const { draft, problems } = draftProblems(toDomain(PolicyDraftSchema, args.draft));
      if (!draft) throw new DraftInvalid(problems, ctx.language ?? 'en');
      const decided = (await decidedReviews(ctx.db)).find((d) => d.reviewId === args.decisionId);
      if (!decided) return null;
      await recordAccess(ctx.db, ctx.viewer, 'audit_replay', {
        employeeId: decided.employeeId,
        detail: `${args.decisionId} under a draft`,
      });
      return replayDecisionUnderDraft(ctx.store, decided, draft, { snapshots: foldSnapshotsFor(ctx.db) });
    },
  }),
);
