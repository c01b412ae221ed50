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
import { ClientError } from '../errors.ts';
import { restrictedFieldRefusal } from '../i18n/refusals.ts';
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
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

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
    month: t.exposeString('month'),
    rank: t.exposeString('rank', { description: 'The ladder level the month is scored at.' }),
    score: t.exposeFloat('score', { description: '0–100 points, 2 decimals.' }),
    formula: t.exposeString('formula'),
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
    policyId: t.exposeString('policy_id'),
    policyVersion: t.exposeInt('policy_version'),
    policySource: t.exposeString('policy_source', { description: 'published or default' }),
    position: t.field({
      type: 'Position',
      description: 'Global position of the last event the score rests on (evidence position).',
      resolve: (r) => BigInt(r.position),
    }),
  }),
});

builder.objectField(PersonRef, 'score', (t) =>
  t.withAuth({ signedIn: true }).loadable({
    type: ScoreMonth,
    nullable: true,
    description: 'Composite score of a month (YYYY-MM) with its breakdown; null when none was computed.',
    args: { month: t.arg.string({ required: true }) },
    byPath: true,
    load: async (ids: readonly string[], ctx: SignedInContext, args) => {
      if (!MONTH.test(args.month)) throw new ClientError(`month must be YYYY-MM, got ${args.month}`);
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
    track: t.exposeString('track'),
    fromLevel: t.exposeString('from_level'),
    toLevel: t.exposeString('to_level'),
    eligible: t.exposeBoolean('eligible'),
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
    summaryEn: t.exposeString('summary_en'),
    summaryZh: t.exposeString('summary_zh'),
    evaluatedMonth: t.exposeString('evaluated_month'),
    ladderId: t.exposeString('ladder_id'),
    ladderVersion: t.exposeInt('ladder_version'),
    ladderSource: t.exposeString('ladder_source', { description: 'published or default' }),
    position: t.field({
      type: 'Position',
      description: 'Global position of the last event the verdict rests on (evidence position).',
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
    band: t.expose('band', { type: RiskBandEnum }),
    risk: t.exposeFloat('risk', {
      nullable: true,
      description: 'Probability of leaving (0–1); null in cold start.',
    }),
    flagged: t.exposeBoolean('flagged'),
    threshold: t.exposeFloat('threshold', { nullable: true }),
    method: t.exposeString('method', { description: 'model or coldStart' }),
    modelId: t.exposeString('model_id', { nullable: true }),
    modelVersion: t.exposeInt('model_version', { nullable: true }),
    weekStart: t.exposeString('week_start'),
    position: t.field({ type: 'Position', resolve: (r) => BigInt(r.position) }),
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
    id: t.exposeString('id'),
    kind: t.expose('kind', { type: AlertKindEnum }),
    employeeId: t.exposeString('employeeId'),
    person: t.field({ type: PersonRef, nullable: true, resolve: (a) => a.employeeId }),
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
    messageEn: t.string({ resolve: (a) => a.message.en }),
    messageZh: t.string({ resolve: (a) => a.message.zh }),
    at: t.exposeString('at'),
    state: t.expose('state', { type: AlertStateEnum }),
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
    args: { state: t.arg.string() },
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
  employeeId: viewer.employeeId ?? viewer.userId,
  hr: viewer.role === 'hr_admin',
});

export const stateOf = (state: string): 'open' | 'acknowledged' => {
  if (state !== 'open' && state !== 'acknowledged')
    throw new ClientError(`state must be open or acknowledged, got ${state}`);
  return state;
};

builder.queryField('alertInbox', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [AlertRef],
    description:
      'The alerts inbox within what the viewer may see, newest first; `mine: true` keeps those the viewer must act on (see `alertPage`). `alertPage` pages it with a cursor and filters by kind.',
    args: {
      state: t.arg.string(),
      mine: t.arg.boolean(),
      first: t.arg.int({ defaultValue: 100 }),
    },
    resolve: (_root, args, ctx) => {
      const { viewer } = ctx;
      const first = args.first ?? 100;
      if (first < 1 || first > 100) throw new ClientError(`first must be from 1 to 100, got ${first}`);
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
    period: t.exposeString('period'),
    amount: t.field({ type: 'Fen', resolve: (r) => Number(r.amount) }),
    originalAmount: t.field({ type: 'Fen', resolve: (r) => Number(r.original_amount) }),
    achieved: t.field({
      type: 'Fen',
      description: 'Sales so far in the month.',
      resolve: (r) => Number(r.achieved),
    }),
    stageTarget: t.field({
      type: 'Fen',
      description: 'Due by the end of the last ended week.',
      resolve: (r) => Number(r.stage_target),
    }),
    attainment: t.exposeFloat('attainment', { description: 'achieved ÷ amount' }),
    stageAttainment: t.exposeFloat('stage_attainment', { nullable: true }),
    light: t.expose('light', { type: LightEnum }),
    weeks: t.exposeInt('weeks'),
    weeksElapsed: t.exposeInt('weeks_elapsed'),
    consecutiveWeeksBehind: t.exposeInt('consecutive_weeks_behind'),
    behindWarning: t.exposeBoolean('behind_warning'),
    peerMedian: t.exposeFloat('peer_median', { nullable: true }),
  }),
});

builder.objectField(PersonRef, 'target', (t) =>
  t.withAuth({ signedIn: true }).loadable({
    type: TargetMonth,
    nullable: true,
    description: 'Sales target of a month (YYYY-MM) with progress and light; null when none was set.',
    args: { period: t.arg.string({ required: true }) },
    byPath: true,
    load: async (ids: readonly string[], ctx: SignedInContext, args) => {
      if (!MONTH.test(args.period)) throw new ClientError(`period must be YYYY-MM, got ${args.period}`);
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
    courseId: t.exposeString('course_id'),
    state: t.expose('state', { type: EnrollmentStateEnum }),
    assignedAt: t.exposeString('assigned_at', { nullable: true }),
    assignedBy: t.exposeString('assigned_by', { nullable: true }),
    reason: t.exposeString('reason', { nullable: true }),
    startedAt: t.exposeString('started_at', { nullable: true }),
    completedAt: t.exposeString('completed_at', { nullable: true }),
    testScore: t.exposeFloat('test_score', { nullable: true }),
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
}
const PolicyVersion = builder.objectRef<PolicyRef>('PolicyVersionRef').implement({
  fields: (t) => ({
    id: t.exposeString('id'),
    version: t.exposeInt('version'),
    source: t.exposeString('source', {
      nullable: true,
      description: 'published, or default (no version published yet); null when the read model does not say',
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
    scoringPolicy: t.field({ type: PolicyVersion, nullable: true, resolve: (b) => b.scoringPolicy }),
    ladder: t.field({ type: PolicyVersion, nullable: true, resolve: (b) => b.ladder }),
    riskModel: t.field({ type: PolicyVersion, nullable: true, resolve: (b) => b.riskModel }),
    commissionPlan: t.field({ type: PolicyVersion, nullable: true, resolve: (b) => b.commissionPlan }),
  }),
});

builder.objectField(PersonRef, 'reviewBasis', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: ReviewBasisRef,
    description:
      'The evidence position and policy versions of the one-stop review of a month (YYYY-MM). One query set per person: for a review, not for lists.',
    args: { month: t.arg.string({ required: true }) },
    resolve: async (person, args, ctx) => {
      if (!MONTH.test(args.month)) throw new ClientError(`month must be YYYY-MM, got ${args.month}`);
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
          ? { id: score.policy_id, version: score.policy_version, source: score.policy_source }
          : null,
        ladder: verdict
          ? { id: verdict.ladder_id, version: verdict.ladder_version, source: verdict.ladder_source }
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
