import {
  type Alert,
  alertInbox,
  type EligibilityRow,
  eligibilityForPeople,
  type RetentionRiskRow,
  retentionRiskForPeople,
  type ScoreRow,
  scoresForPeople,
} from '@trackrecord/projections';
import type { Kysely } from 'kysely';
import { canReadField, dataScope } from '../auth/viewer.ts';
import { builder } from '../builder.ts';
import { type Context, requireViewer } from '../context.ts';
import { ClientError } from '../errors.ts';
import { PersonRef } from './people.ts';

// Scores, eligibility, retention risk and alerts from the read models, per person and batched:
// every person of a response shares one query per field (and arguments), cut to the viewer's scope.
// biome-ignore lint/suspicious/noExplicitAny: the read models' table sets differ per query.
const readDb = (ctx: Context) => ctx.db as Kysely<any>;
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
      type: 'JSON',
      description: 'Each weighted KPI: raw value and formula, normalised points, weight, points.',
      resolve: (r) => r.parts,
    }),
    inputs: t.field({
      type: 'JSON',
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
  t.loadable({
    type: ScoreMonth,
    nullable: true,
    description: 'Composite score of a month (YYYY-MM) with its breakdown; null when none was computed.',
    args: { month: t.arg.string({ required: true }) },
    byPath: true,
    load: async (ids: readonly string[], ctx: Context, args) => {
      if (!MONTH.test(args.month)) throw new ClientError(`month must be YYYY-MM, got ${args.month}`);
      const rows = await scoresForPeople(readDb(ctx), dataScope(requireViewer(ctx)), ids, args.month);
      const by = new Map(rows.map((r) => [r.employee_id, r]));
      return ids.map((id) => by.get(id) ?? null);
    },
    resolve: (person) => person.employee_id,
  }),
);

interface Check {
  readonly met?: boolean;
}
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
      type: 'JSON',
      description: 'Every requirement: what is required, the actual value, met or not, the gap.',
      resolve: (r) => r.checks,
    }),
    gaps: t.field({
      type: 'JSON',
      description: 'The requirements not met yet (the checklist filtered).',
      resolve: (r) => (r.checks as unknown as Check[]).filter((c) => c.met === false),
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
  t.loadableList({
    type: EligibilityVerdict,
    description: 'Eligibility verdicts for the next levels of each track.',
    load: async (ids: readonly string[], ctx: Context) => {
      const by = groupBy(await eligibilityForPeople(readDb(ctx), dataScope(requireViewer(ctx)), ids));
      return ids.map((id) => by.get(id) ?? []);
    },
    resolve: (person) => person.employee_id,
  }),
);

const RetentionRisk = builder.objectRef<RetentionRiskRow & { subject: string }>('RetentionRisk').implement({
  description: 'Predicted retention risk of a person for the current week, with the model it came from.',
  fields: (t) => ({
    band: t.exposeString('band', { description: 'low, medium or high' }),
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
      type: 'JSON',
      description:
        'Each factor’s contribution and the rules that fired, with the formula. Only for HR and managers; a rep sees their own.',
      resolve: (r, _args, ctx) => {
        if (!canReadField(requireViewer(ctx), 'riskFactors', r.subject)) {
          throw new ClientError(`you may not read the risk factors of ${r.subject}`);
        }
        return { contributions: r.contributions, signals: r.signals, formula: r.formula };
      },
    }),
  }),
});

builder.objectField(PersonRef, 'retentionRisk', (t) =>
  t.loadable({
    type: RetentionRisk,
    nullable: true,
    description: 'Retention risk; null while none was computed.',
    load: async (ids: readonly string[], ctx: Context) => {
      const rows = await retentionRiskForPeople(readDb(ctx), dataScope(requireViewer(ctx)), ids);
      const by = new Map(rows.map((r) => [r.employee_id, { ...r, subject: r.employee_id }]));
      return ids.map((id) => by.get(id) ?? null);
    },
    resolve: (person) => person.employee_id,
  }),
);

const AlertRef = builder.objectRef<Alert>('Alert').implement({
  description: 'An alert of the inbox: what it is about, who must act, the evidence and its acknowledgement.',
  fields: (t) => ({
    id: t.exposeString('id'),
    kind: t.exposeString('kind'),
    employeeId: t.exposeString('employeeId'),
    person: t.field({ type: PersonRef, nullable: true, resolve: (a) => a.employeeId }),
    mustAct: t.field({
      type: 'JSON',
      description: 'Who must act: [{ role, id }].',
      resolve: (a) => a.assignees,
    }),
    evidence: t.field({ type: 'JSON', resolve: (a) => a.evidence }),
    messageEn: t.string({ resolve: (a) => a.message.en }),
    messageZh: t.string({ resolve: (a) => a.message.zh }),
    at: t.exposeString('at'),
    state: t.exposeString('state', { description: 'open or acknowledged' }),
    acknowledged: t.field({ type: 'JSON', nullable: true, resolve: (a) => a.acknowledged }),
  }),
});

builder.objectField(PersonRef, 'alerts', (t) =>
  t.field({
    type: [AlertRef],
    description: 'Alerts about this person, newest first.',
    args: { state: t.arg.string() },
    resolve: (person, args, ctx) =>
      alertInbox(readDb(ctx), dataScope(requireViewer(ctx)), {
        employeeId: person.employee_id,
        ...(args.state ? { state: stateOf(args.state) } : {}),
      }),
  }),
);

const stateOf = (state: string): 'open' | 'acknowledged' => {
  if (state !== 'open' && state !== 'acknowledged')
    throw new ClientError(`state must be open or acknowledged, got ${state}`);
  return state;
};

builder.queryField('alerts', (t) =>
  t.field({
    type: [AlertRef],
    description:
      'The alerts inbox within what the viewer may see, newest first; `mine: true` keeps those the viewer must act on.',
    args: {
      state: t.arg.string(),
      mine: t.arg.boolean(),
      first: t.arg.int({ defaultValue: 100 }),
    },
    resolve: (_root, args, ctx) => {
      const viewer = requireViewer(ctx);
      const first = args.first ?? 100;
      if (first < 1 || first > 100) throw new ClientError(`first must be from 1 to 100, got ${first}`);
      const assignee = args.mine
        ? viewer.role === 'hr_admin'
          ? ({ role: 'hr' } as const)
          : ({ role: 'manager', id: viewer.employeeId ?? viewer.userId } as const)
        : undefined;
      return alertInbox(readDb(ctx), dataScope(viewer), {
        limit: first,
        ...(args.state ? { state: stateOf(args.state) } : {}),
        ...(assignee ? { assignee: assignee as never } : {}),
      });
    },
  }),
);
