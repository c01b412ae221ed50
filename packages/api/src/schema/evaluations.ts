import { actingIdOf } from '@trackrecord/domain';
import {
  type Alert,
  alertInbox,
  commissionSummary,
  type EligibilityRow,
  eligibilityForPeople,
  enrollmentsOf,
  personTargets,
  type RetentionRiskRow,
  retentionRiskForPeople,
  type ScoreRow,
  scoresForPeople,
  type Target,
  type TrainingEnrollment,
} from '@trackrecord/projections';
import { mayRead, refusedWith } from '../auth/scopes.ts';
import { dataScope } from '../auth/viewer.ts';
import { builder } from '../builder.ts';
import type { SignedInContext } from '../context.ts';
import { restrictedFieldRefusal } from '../i18n/refusals.ts';
import { monthArgument, oneOfArgument, pageSize } from './arguments.ts';
import { AlertKindEnum, AlertStateEnum, EnrollmentStateEnum, LightEnum, RiskBandEnum } from './enums.ts';
import { PersonRef } from './people.ts';
import {
  AlertAcknowledgementObject,
  AlertEvidenceObject,
  AlertMustActObject,
  RequirementCheckObject,
  RiskFactorsObject,
  ScoreInputsObject,
  ScorePartObject,
} from './shapes.ts';

// Scores, eligibility, retention risk and alerts from the read models, per person and batched:
// every person of a response shares one query per field (and arguments), cut to the viewer's scope.
const _MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const groupBy = <T extends { employee_id: string }>(rows: readonly T[]) => {
  const by = new Map<string, T[]>();
  for (const row of rows) {
    const list = by.get(row.employee_id);
    if (list) list.push(row);
    else by.set(row.employee_id, [row]);
  }
  return by;
};

const ScoreMonth = builder.objectRef<ScoreRow>('ScoreMonth').implement({
  description:
    "One person's composite score of a month with its full breakdown and the policy it was computed under.",
  fields: (t) => ({
    month: t.exposeString('month', { description: 'The calendar month scored, YYYY-MM.' }),
    rank: t.exposeString('rank', {
      description: 'The ladder level the month is scored at (the one held on its first day).',
    }),
    score: t.exposeFloat('score', { description: '0–100 points, 2 decimals.' }),
    formula: t.exposeString('formula', {
      description:
        'How the score was computed, with the figures filled in: score = Σ weight × points ÷ 100 = ….',
    }),
    parts: t.field({
      type: [ScorePartObject],
      description: 'Each weighted KPI: raw value and formula, normalised points, weight, points.',
      resolve: (r) => [...r.parts],
    }),
    inputs: t.field({
      type: ScoreInputsObject,
      description: "The month's facts the score rests on.",
      resolve: (r) => r.inputs,
    }),
    missing: t.stringList({
      description: 'KPIs the facts could not define (scored 0).',
      resolve: (r) => [...(r.missing as unknown as string[])],
    }),
    policyId: t.exposeString('policy_id', {
      description: 'Id of the scoring policy the month was scored under.',
    }),
    policyVersion: t.exposeInt('policy_version', { description: 'Version of that scoring policy.' }),
    policySource: t.exposeString('policy_source', {
      description:
        'published (a version published in the event store) or default (the built-in policy, none published yet).',
    }),
    policyBranchId: t.exposeString('policy_branch_id', {
      nullable: true,
      description:
        "The branch whose variant of the scoring policy scored the month (the person's branch on its first day); null for the headquarters default.",
    }),
    position: t.field({
      type: 'Position',
      description: 'Global position ($all) of the last event the score rests on (evidence position).',
      resolve: (r) => BigInt(r.position),
    }),
  }),
});

builder.objectField(PersonRef, 'score', (t) =>
  t.withAuth({ signedIn: true }).loadable({
    type: ScoreMonth,
    nullable: true,
    description: 'Composite score of a month (YYYY-MM) with its breakdown; null when none was computed.',
    args: { month: t.arg.string({ required: true, description: 'Calendar month, YYYY-MM.' }) },
    byPath: true,
    load: async (ids: readonly string[], ctx: SignedInContext, args) => {
      monthArgument('month', { en: 'month', zh: '月份' }, args.month);
      const rows = await scoresForPeople(ctx.db, dataScope(ctx.viewer), ids, args.month);
      const by = new Map(rows.map((r) => [r.employee_id, r]));
      return ids.map((id) => by.get(id) ?? null);
    },
    resolve: (person) => person.employee_id,
  }),
);

const EligibilityVerdict = builder.objectRef<EligibilityRow>('EligibilityVerdict').implement({
  description:
    'Promotion eligibility for the next level of a track: the checklist, its gaps and the ladder version.',
  fields: (t) => ({
    track: t.exposeString('track', { description: 'Id of the ladder track the next level is on.' }),
    fromLevel: t.exposeString('from_level', { description: 'The level the person holds (ladder level id).' }),
    toLevel: t.exposeString('to_level', { description: 'The next level on the track, the one judged.' }),
    eligible: t.exposeBoolean('eligible', {
      description: 'True when every requirement of the checklist is met (`met` = `required`).',
    }),
    met: t.exposeInt('met', { description: 'Requirements met.' }),
    required: t.exposeInt('required', { description: 'Requirements in the checklist.' }),
    checklist: t.field({
      type: [RequirementCheckObject],
      description: 'Every requirement: what is required, the actual value, met or not, the task for a gap.',
      resolve: (r) => [...r.checks],
    }),
    gaps: t.field({
      type: [RequirementCheckObject],
      description: 'The requirements not met yet (the checklist filtered).',
      resolve: (r) => r.checks.filter((c) => !c.met),
    }),
    summaryEn: t.exposeString('summary_en', {
      description:
        'The verdict in one English sentence: eligible, or how many requirements are met and what is missing.',
    }),
    summaryZh: t.exposeString('summary_zh', { description: 'The same verdict in Chinese.' }),
    evaluatedMonth: t.exposeString('evaluated_month', {
      description:
        'The month (YYYY-MM) whose score and KPIs were judged: the latest month ended when the verdict was computed.',
    }),
    ladderId: t.exposeString('ladder_id', { description: 'Id of the career ladder judged under.' }),
    ladderVersion: t.exposeInt('ladder_version', { description: 'Version of that ladder.' }),
    ladderBranchId: t.exposeString('ladder_branch_id', {
      nullable: true,
      description:
        "The branch whose variant of the ladder judged it (the person's branch at the evaluated month's end); null for the headquarters default.",
    }),
    ladderSource: t.exposeString('ladder_source', {
      description:
        'published (a version published in the event store) or default (the built-in ladder, none published yet).',
    }),
    position: t.field({
      type: 'Position',
      description: 'Global position ($all) of the last event the verdict rests on (evidence position).',
      resolve: (r) => BigInt(r.position),
    }),
  }),
});

builder.objectField(PersonRef, 'eligibility', (t) =>
  t.withAuth({ signedIn: true }).loadableList({
    type: EligibilityVerdict,
    description: 'Eligibility verdicts for the next levels of each track.',
    load: async (ids: readonly string[], ctx: SignedInContext) => {
      const by = groupBy(await eligibilityForPeople(ctx.db, dataScope(ctx.viewer), ids));
      return ids.map((id) => by.get(id) ?? []);
    },
    resolve: (person) => person.employee_id,
  }),
);

const RetentionRisk = builder.objectRef<RetentionRiskRow & { subject: string }>('RetentionRisk').implement({
  description: 'Predicted retention risk of a person for the current week, with the model it came from.',
  fields: (t) => ({
    band: t.expose('band', {
      type: RiskBandEnum,
      description:
        'Under a model: high at or above the threshold, medium from half of it, else low. In cold start: high with 2 or 3 signals met, medium with 1, low with none.',
    }),
    risk: t.exposeFloat('risk', {
      nullable: true,
      description: "Probability of leaving within the model's horizon (0–1); null in cold start.",
    }),
    flagged: t.exposeBoolean('flagged', {
      description:
        'Needs attention: risk at or above the threshold under a model, or at least 2 of the 3 signals met in cold start.',
    }),
    threshold: t.exposeFloat('threshold', {
      nullable: true,
      description: "The model's flag threshold on `risk` (0–1); null in cold start.",
    }),
    method: t.exposeString('method', {
      description:
        'model (a published retention model) or coldStart (no model published yet: three rules on training completion, mentor rating and weeks without sales growth).',
    }),
    modelId: t.exposeString('model_id', {
      nullable: true,
      description: 'Id of the retention model; null in cold start.',
    }),
    modelVersion: t.exposeInt('model_version', {
      nullable: true,
      description: 'Version of the retention model; null in cold start.',
    }),
    weekStart: t.exposeString('week_start', {
      description:
        'Monday (YYYY-MM-DD) of the week the features are as of: the latest week of the business clock.',
    }),
    position: t.field({
      type: 'Position',
      description: 'Global position ($all) of the last event the risk rests on (evidence position).',
      resolve: (r) => BigInt(r.position),
    }),
    factors: t.field({
      type: RiskFactorsObject,
      description:
        'Each factor’s contribution and the rules that fired, with the formula. Only for HR and managers; a rep sees their own.',
      authScopes: (r) => mayRead('riskFactors', r.subject),
      unauthorizedError: (r, _args, ctx) =>
        refusedWith(ctx, restrictedFieldRefusal('riskFactors', r.subject)),
      resolve: (r) => ({
        contributions: r.contributions ?? [],
        signals: r.signals ?? [],
        formula: r.formula,
      }),
    }),
  }),
});

builder.objectField(PersonRef, 'retentionRisk', (t) =>
  t.withAuth({ signedIn: true }).loadable({
    type: RetentionRisk,
    nullable: true,
    description: 'Retention risk; null while none was computed.',
    load: async (ids: readonly string[], ctx: SignedInContext) => {
      const rows = await retentionRiskForPeople(ctx.db, dataScope(ctx.viewer), ids);
      const by = new Map(rows.map((r) => [r.employee_id, { ...r, subject: r.employee_id }]));
      return ids.map((id) => by.get(id) ?? null);
    },
    resolve: (person) => person.employee_id,
  }),
);

export const AlertRef = builder.objectRef<Alert>('Alert').implement({
  description: 'An alert of the inbox: what it is about, who must act, the evidence and its acknowledgement.',
  fields: (t) => ({
    id: t.exposeString('id', {
      description:
        'Id of the alert, to acknowledge it with `acknowledgeAlert`. Alerts derived from the mentoring read model have ids of the form kind:mentee:mentor:week-or-rating-event.',
    }),
    kind: t.expose('kind', { type: AlertKindEnum, description: 'What the alert is about.' }),
    employeeId: t.exposeString('employeeId', {
      description: 'Employee id of the person the alert is about.',
    }),
    person: t.field({
      type: PersonRef,
      nullable: true,
      description: 'The person the alert is about; null (with an error) when not visible to the viewer.',
      resolve: (a) => a.employeeId,
    }),
    mustAct: t.field({
      type: [AlertMustActObject],
      description: 'Who must act, by role and employee id.',
      resolve: (a) => [...a.assignees],
    }),
    evidence: t.field({
      type: AlertEvidenceObject,
      description: 'Where the evidence is: read model kind, a reference in it, the position it was seen at.',
      resolve: (a) => a.evidence,
    }),
    messageEn: t.string({
      description: 'What happened and what to do, in English.',
      resolve: (a) => a.message.en,
    }),
    messageZh: t.string({ description: 'The same message in Chinese.', resolve: (a) => a.message.zh }),
    at: t.exposeString('at', {
      description:
        'Business time of what raised it (ISO); for an overdue mentor week, the Monday of that week (YYYY-MM-DD). The inbox is newest first by it.',
    }),
    state: t.expose('state', { type: AlertStateEnum, description: 'open, or acknowledged.' }),
    acknowledged: t.field({
      type: AlertAcknowledgementObject,
      nullable: true,
      description: 'Who acknowledged it, when and with what note; null while open.',
      resolve: (a) => a.acknowledged,
    }),
  }),
});

builder.objectField(PersonRef, 'alerts', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [AlertRef],
    description: 'Alerts about this person, newest first.',
    args: { state: t.arg.string({ description: 'open or acknowledged; every alert when omitted.' }) },
    resolve: (person, args, ctx) =>
      alertInbox(ctx.db, dataScope(ctx.viewer), {
        employeeId: person.employee_id,
        ...(args.state ? { state: stateOf(args.state) } : {}),
      }),
  }),
);

/**
 * "Mine" for a viewer: alerts addressed to them as an employee (manager, mentor or the person
 * themself), or to the manager of the alert's subject when that is them; HR also those
 * addressed to HR. A persona without an employee id is matched by its user id.
 */
export const mineOf = (viewer: { role: string; employeeId?: string | undefined; userId: string }) => ({
  employeeId: actingIdOf(viewer),
  hr: viewer.role === 'hr_admin',
});

export const stateOf = (state: string): 'open' | 'acknowledged' => {
  return oneOfArgument('state', { en: 'alert state', zh: '预警状态' }, state, [
    'open',
    'acknowledged',
  ] as const) as 'open' | 'acknowledged';
};

builder.queryField('alertInbox', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [AlertRef],
    description:
      'The alerts inbox within what the viewer may see, newest first; `mine: true` keeps those the viewer must act on (see `alertPage`). `alertPage` pages it with a cursor and filters by kind.',
    args: {
      state: t.arg.string({ description: 'open or acknowledged; every alert when omitted.' }),
      mine: t.arg.boolean({ description: 'Only the alerts the viewer must act on.' }),
      first: t.arg.int({ defaultValue: 100, description: 'How many alerts, newest first: 1 to 100.' }),
    },
    resolve: (_root, args, ctx) => {
      const { viewer } = ctx;
      const first = pageSize(args.first ?? 100, 100);
      return alertInbox(ctx.db, dataScope(viewer), {
        limit: first,
        ...(args.state ? { state: stateOf(args.state) } : {}),
        ...(args.mine ? { mine: mineOf(viewer) } : {}),
      });
    },
  }),
);

const TargetMonth = builder.objectRef<Target>('PersonTarget').implement({
  description:
    "A person's sales target of a month with progress, traffic light and warnings (amounts in fen).",
  fields: (t) => ({
    period: t.exposeString('period', { description: 'The month of the target, YYYY-MM.' }),
    amount: t.field({
      type: 'Fen',
      description: 'The target in force, after approved mid-month adjustments.',
      resolve: (r) => Number(r.amount),
    }),
    originalAmount: t.field({
      type: 'Fen',
      description: 'The target as first set, before any adjustment.',
      resolve: (r) => Number(r.original_amount),
    }),
    achieved: t.field({
      type: 'Fen',
      description: 'Sales so far in the month, less reversals, as corrected.',
      resolve: (r) => Number(r.achieved),
    }),
    stageTarget: t.field({
      type: 'Fen',
      description:
        'Stage target (阶段目标): the part of the target due by the end of the last ended week, pro rata by days; 0 before the first week ends, the whole target once the month has ended.',
      resolve: (r) => Number(r.stage_target),
    }),
    attainment: t.exposeFloat('attainment', {
      description: 'achieved ÷ amount, as a fraction (1 = 100%); 0 when the target is 0.',
    }),
    stageAttainment: t.exposeFloat('stage_attainment', {
      nullable: true,
      description:
        'achieved ÷ stageTarget, as a fraction; null before the first week of the month has ended.',
    }),
    light: t.expose('light', {
      type: LightEnum,
      description: 'green: stage attainment ≥ 100% (or no week ended yet); yellow: ≥ 85%; red: below 85%.',
    }),
    weeks: t.exposeInt('weeks', {
      description:
        'Weeks of the month (4 or 5): days 1–7 are the first week, 8–14 the second, …, 29–31 the fifth.',
    }),
    weeksElapsed: t.exposeInt('weeks_elapsed', {
      description: 'Weeks of the month ended by the latest business time seen.',
    }),
    consecutiveWeeksBehind: t.exposeInt('consecutive_weeks_behind', {
      description:
        'Ended weeks in a row, up to the last one, at whose end cumulative sales were below the stage target.',
    }),
    behindWarning: t.exposeBoolean('behind_warning', {
      description:
        'True once `consecutiveWeeksBehind` reaches the limit of the target policy judging the row (3 weeks by default).',
    }),
    peerMedian: t.exposeFloat('peer_median', {
      nullable: true,
      description:
        'Median attainment (fraction) of the other people of the same rank and region with a target in the month; null when there are none.',
    }),
    policyId: t.exposeString('policy_id', {
      nullable: true,
      description:
        'Id of the target policy whose warnings the row was last computed under; null for a row not recomputed since it was recorded.',
    }),
    policyVersion: t.exposeInt('policy_version', {
      nullable: true,
      description: 'Version of that target policy.',
    }),
    policyBranchId: t.exposeString('policy_branch_id', {
      nullable: true,
      description:
        "The branch whose variant of the target policy judged the row (the person's branch); null for the headquarters default.",
    }),
  }),
});

builder.objectField(PersonRef, 'target', (t) =>
  t.withAuth({ signedIn: true }).loadable({
    type: TargetMonth,
    nullable: true,
    description: 'Sales target of a month (YYYY-MM) with progress and light; null when none was set.',
    args: { period: t.arg.string({ required: true, description: 'The month, YYYY-MM.' }) },
    byPath: true,
    load: async (ids: readonly string[], ctx: SignedInContext, args) => {
      monthArgument('period', { en: 'target month', zh: '目标月份' }, args.period);
      const rows = await personTargets(ctx.db, dataScope(ctx.viewer), args.period);
      const by = new Map(rows.map((r) => [r.subject_id, r]));
      return ids.map((id) => by.get(id) ?? null);
    },
    resolve: (person) => person.employee_id,
  }),
);

const Enrollment = builder.objectRef<TrainingEnrollment>('TrainingEnrollment').implement({
  description: 'A course of a person: assigned, started or completed, with the test score.',
  fields: (t) => ({
    courseId: t.exposeString('course_id', { description: 'Id of the course in the LMS.' }),
    state: t.expose('state', {
      type: EnrollmentStateEnum,
      description: 'Where the person is with the course.',
    }),
    assignedAt: t.exposeString('assigned_at', {
      nullable: true,
      description: 'Business time it was assigned (ISO); null when the LMS reported no assignment.',
    }),
    assignedBy: t.exposeString('assigned_by', {
      nullable: true,
      description: 'Who assigned it: a manager, HR, or system:course-recommender; null when not assigned.',
    }),
    reason: t.exposeString('reason', {
      nullable: true,
      description: 'Why it was assigned; null when none was given.',
    }),
    dueOn: t.exposeString('due_on', {
      nullable: true,
      description:
        'The day it must be completed by (YYYY-MM-DD); null when assigned without one. Past it and not completed, a course_overdue alert is open.',
    }),
    startedAt: t.exposeString('started_at', {
      nullable: true,
      description: 'Business time it was started (ISO); null until started.',
    }),
    completedAt: t.exposeString('completed_at', {
      nullable: true,
      description: 'Business time it was completed (ISO); null until completed.',
    }),
    testScore: t.exposeFloat('test_score', {
      nullable: true,
      description: 'Final test score, 0–100; null until completed.',
    }),
  }),
});

builder.objectField(PersonRef, 'training', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [Enrollment],
    description:
      "The person's courses (LMS evidence), by course. One query per person: for a review, not for lists.",
    resolve: (person, _args, ctx) => enrollmentsOf(ctx.db, dataScope(ctx.viewer), person.employee_id),
  }),
);

interface PolicyRef {
  readonly id: string;
  readonly version: number;
  readonly source: string | null;
  readonly branchId?: string | null;
}
const PolicyVersion = builder.objectRef<PolicyRef>('PolicyVersionRef').implement({
  description:
    'A policy document (scoring policy, ladder, retention model or commission plan) by id and version.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Id of the policy document (its stream is policy-<id>).' }),
    version: t.exposeInt('version', { description: 'Version of the document.' }),
    source: t.exposeString('source', {
      nullable: true,
      description: 'published, or default (no version published yet); null when the read model does not say',
    }),
    branchId: t.string({
      nullable: true,
      description:
        'The branch whose variant it is (scoring policy, ladder); null for the headquarters default or another kind.',
      resolve: (r) => r.branchId ?? null,
    }),
  }),
});
interface ReviewBasis {
  readonly evidencePosition: bigint;
  readonly scoringPolicy: PolicyRef | null;
  readonly ladder: PolicyRef | null;
  readonly riskModel: PolicyRef | null;
  readonly commissionPlan: PolicyRef | null;
}
const ReviewBasisRef = builder.objectRef<ReviewBasis>('ReviewBasis').implement({
  description:
    'What a committee decision on this review must record: the position of the evidence shown and the policy versions it was evaluated under.',
  fields: (t) => ({
    evidencePosition: t.field({
      type: 'Position',
      description: 'The highest global position among the score, eligibility, risk and commission shown.',
      resolve: (b) => b.evidencePosition,
    }),
    scoringPolicy: t.field({
      type: PolicyVersion,
      nullable: true,
      description:
        "The scoring policy the month's score was computed under; null when the month has no score.",
      resolve: (b) => b.scoringPolicy,
    }),
    ladder: t.field({
      type: PolicyVersion,
      nullable: true,
      description:
        'The career ladder the eligibility verdicts were judged under; null when there is no verdict.',
      resolve: (b) => b.ladder,
    }),
    riskModel: t.field({
      type: PolicyVersion,
      nullable: true,
      description:
        'The retention model the risk was computed with; null in cold start or when there is no risk.',
      resolve: (b) => b.riskModel,
    }),
    commissionPlan: t.field({
      type: PolicyVersion,
      nullable: true,
      description:
        "The commission plan of the month's commission (source null: the commission read model does not say); null when the month has no commission.",
      resolve: (b) => b.commissionPlan,
    }),
  }),
});

builder.objectField(PersonRef, 'reviewBasis', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: ReviewBasisRef,
    description:
      'The evidence position and policy versions of the one-stop review of a month (YYYY-MM). One query set per person: for a review, not for lists.',
    args: { month: t.arg.string({ required: true, description: 'The month reviewed, YYYY-MM.' }) },
    resolve: async (person, args, ctx) => {
      monthArgument('month', { en: 'month reviewed', zh: '评审月份' }, args.month);
      const db = ctx.db;
      const scope = dataScope(ctx.viewer);
      const id = person.employee_id;
      const [scores, verdicts, risks, commission] = await Promise.all([
        scoresForPeople(db, scope, [id], args.month),
        eligibilityForPeople(db, scope, [id]),
        retentionRiskForPeople(db, scope, [id]),
        commissionSummary(db, scope, id, args.month),
      ]);
      const score = scores[0];
      const verdict = verdicts[0];
      const risk = risks[0];
      const positions = [
        score?.position,
        ...verdicts.map((v) => v.position),
        risk?.position,
        commission?.updated_position,
      ].filter((p): p is string => p != null);
      return {
        evidencePosition: positions.reduce((max, p) => (BigInt(p) > max ? BigInt(p) : max), 0n),
        scoringPolicy: score
          ? {
              id: score.policy_id,
              version: score.policy_version,
              source: score.policy_source,
              branchId: score.policy_branch_id,
            }
          : null,
        ladder: verdict
          ? {
              id: verdict.ladder_id,
              version: verdict.ladder_version,
              source: verdict.ladder_source,
              branchId: verdict.ladder_branch_id,
            }
          : null,
        riskModel:
          risk?.model_id != null && risk.model_version != null
            ? { id: risk.model_id, version: risk.model_version, source: risk.model_source }
            : null,
        commissionPlan: commission
          ? { id: commission.plan_id, version: commission.plan_version, source: null }
          : null,
      };
    },
  }),
);
