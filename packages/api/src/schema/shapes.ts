import {
  type AlertAssignee,
  type Bilingual,
  type CalibrationBin,
  type CandidateRecord,
  type FactorContribution,
  KPI_IDS,
  type KpiId,
  type PersonPeriodFacts,
  type PolicyRef,
  type Requirement,
  type RequirementCheck,
  RequirementSchema,
  type ScorePart,
} from '@trackrecord/domain';
import { builder } from '../builder.ts';
import { enumFor } from './zodInput.ts';

// The typed shapes of the computed results several modules expose: a score's parts and inputs,
// an eligibility checklist, risk factors, an alert's assignees and evidence. Each mirrors the
// domain's own type key for key, so a client reads the same names the read models store.

export const BilingualText = builder.objectRef<Bilingual>('BilingualText').implement({
  description: 'A text in English and Chinese.',
  fields: (t) => ({
    en: t.exposeString('en', { description: 'English.' }),
    zh: t.exposeString('zh', { description: 'Chinese.' }),
  }),
});

export const PolicyRefObject = builder.objectRef<PolicyRef>('PolicyRef').implement({
  description: 'A policy document and the version a figure was computed under.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Policy id, stable across versions.' }),
    version: t.exposeInt('version', { description: 'Version, from 1.' }),
  }),
});

/** `Record<policyId, version>` as a list of entries, by policy id. */
export const policyVersionList = (map: Readonly<Record<string, number>> | null | undefined): PolicyRef[] =>
  Object.entries(map ?? {})
    .map(([id, version]) => ({ id, version }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

export const ScorePartObject = builder.objectRef<ScorePart>('ScorePart').implement({
  description:
    'One weighted KPI of a composite score: its raw value and how it was computed, the normalised points and the weight. points = normalised × weight ÷ 100.',
  fields: (t) => ({
    kpi: t.exposeString('kpi', { description: 'KPI id of the template library (e.g. salesCompletionRate).' }),
    name: t.exposeString('name', { description: 'KPI name in English.' }),
    nameZh: t.exposeString('nameZh', { description: 'KPI name in Chinese.' }),
    raw: t.exposeFloat('raw', {
      nullable: true,
      description:
        'Raw value (ratios as fractions, amounts in fen); null when the facts could not define it.',
    }),
    rawFormula: t.exposeString('rawFormula', {
      description: 'How the raw value was computed, with its numbers.',
    }),
    normalised: t.exposeFloat('normalised', {
      description: '0–100 points; 0 when the raw value is missing.',
    }),
    normalisationFormula: t.exposeString('normalisationFormula', {
      description: 'How the raw value was turned into 0–100 points.',
    }),
    missing: t.exposeBoolean('missing', {
      description: 'True when the facts could not define the KPI (scored 0).',
    }),
    weight: t.exposeFloat('weight', { description: 'Weight of the KPI at the rank, in percent.' }),
    points: t.exposeFloat('points', { description: 'Points the part adds to the score.' }),
  }),
});

export const ScoreInputsObject = builder.objectRef<PersonPeriodFacts>('ScoreInputs').implement({
  description: "The facts of one person's period that every KPI is computed from. Amounts in fen.",
  fields: (t) => ({
    personId: t.exposeString('personId', { description: 'Employee id.' }),
    periodStart: t.exposeString('periodStart', { description: 'First day of the period (ISO date).' }),
    periodEnd: t.exposeString('periodEnd', { description: 'Last day of the period, inclusive (ISO date).' }),
    weeks: t.exposeFloat('weeks', { description: 'Length of the period in weeks (a month ≈ 4.345).' }),
    salesAmount: t.field({
      type: 'Fen',
      description: 'Sales closed in the period.',
      resolve: (f) => f.salesAmount,
    }),
    deals: t.exposeFloat('deals', { description: 'Deals closed in the period.' }),
    target: t.field({
      type: 'Fen',
      description: "The period's sales target; 0 when none was set.",
      resolve: (f) => f.target,
    }),
    collectedAmount: t.field({
      type: 'Fen',
      description: 'Payments collected (回款) against the sales closed in the period, as of its end.',
      resolve: (f) => f.collectedAmount,
    }),
    keyAccountSalesAmount: t.field({
      type: 'Fen',
      description: 'Sales closed with key-account customers.',
      resolve: (f) => f.keyAccountSalesAmount,
    }),
    grossMarginAmount: t.field({
      type: 'Fen',
      description: "Gross margin earned on the period's sales.",
      resolve: (f) => f.grossMarginAmount,
    }),
    expenses: t.field({
      type: 'Fen',
      description: 'Expenses recorded in the period.',
      resolve: (f) => f.expenses,
    }),
    salesCycleDays: t.exposeFloatList('salesCycleDays', {
      description: 'Days from opportunity to close, one per deal where known.',
    }),
    followUps: t.exposeFloat('followUps', { description: 'Customer follow-ups.' }),
    collaborationCredits: t.exposeFloat('collaborationCredits', {
      description: 'Times the person was credited with helping a colleague close.',
    }),
    newCustomers: t.exposeFloat('newCustomers', { description: 'New customers won.' }),
    customersRetained: t.exposeFloat('customersRetained', { description: 'Customers retained.' }),
    customersChurned: t.exposeFloat('customersChurned', { description: 'Customers lost.' }),
    customerRatings: t.exposeFloatList('customerRatings', { description: 'Customer feedback ratings, 1–5.' }),
    feedback360Ratings: t.exposeFloatList('feedback360Ratings', {
      description: '360 feedback ratings from manager, peers and customers, 1–5.',
    }),
    demos: t.exposeFloat('demos', { description: 'Product demos given.' }),
    validOpportunities: t.exposeFloat('validOpportunities', { description: 'Valid opportunities opened.' }),
    workingDays: t.exposeFloat('workingDays', { description: 'Working days in the period.' }),
    daysPresent: t.exposeFloat('daysPresent', { description: 'Days present.' }),
    lateArrivals: t.exposeFloat('lateArrivals', { description: 'Late arrivals.' }),
    earlyLeaves: t.exposeFloat('earlyLeaves', { description: 'Early leaves.' }),
  }),
});

type RequirementFields = {
  min?: number;
  kpi?: KpiId;
  courseId?: string;
  closedDeals?: number;
  months?: number;
};
const field = <K extends keyof RequirementFields>(r: Requirement, key: K): RequirementFields[K] | null =>
  (r as RequirementFields)[key] ?? null;

const RequirementKindEnum = builder.enumType('RequirementKind', {
  description: 'What a ladder requirement measures.',
  values: RequirementSchema.options.map((o) => o.shape.kind.value),
});

export const RequirementObject = builder.objectRef<Requirement>('Requirement').implement({
  description:
    'One requirement to enter a ladder level. `kind` says which of the other fields are set. Ratios are fractions (1.1 = 110%); amounts in fen.',
  fields: (t) => ({
    kind: t.expose('kind', { type: RequirementKindEnum, description: 'Which of the other fields are set.' }),
    min: t.float({
      nullable: true,
      description:
        'The minimum: score points (score), raw KPI value (kpi), fen (annualSales) or growth fraction (teamSalesGrowth).',
      resolve: (r) => field(r, 'min'),
    }),
    kpi: t.field({
      type: enumFor(KPI_IDS, 'KpiId'),
      nullable: true,
      description: 'The KPI id (kind kpi).',
      resolve: (r) => field(r, 'kpi'),
    }),
    courseId: t.string({
      nullable: true,
      description: 'The course to complete (kind course).',
      resolve: (r) => field(r, 'courseId'),
    }),
    closedDeals: t.int({
      nullable: true,
      description: 'Deals the mentored reps must have closed (kind mentoring).',
      resolve: (r) => field(r, 'closedDeals'),
    }),
    months: t.int({
      nullable: true,
      description: 'Months of sales experience (kind experience).',
      resolve: (r) => field(r, 'months'),
    }),
  }),
});

export const RequirementCheckObject = builder.objectRef<RequirementCheck>('RequirementCheck').implement({
  description:
    'One requirement of a step checked against the candidate: the value, met or not, in both languages.',
  fields: (t) => ({
    requirement: t.field({
      type: RequirementObject,
      description: 'What is required.',
      resolve: (c) => c.requirement,
    }),
    met: t.exposeBoolean('met', { description: 'Whether the candidate meets it.' }),
    actual: t.float({
      nullable: true,
      description:
        "The candidate's value for a measured requirement (ratios as fractions, amounts in fen); for a course 1 when completed, 0 when not; null when unknown.",
      resolve: (c) => (typeof c.actual === 'boolean' ? (c.actual ? 1 : 0) : c.actual),
    }),
    text: t.field({
      type: BilingualText,
      description: 'The check in words, e.g. "completion 120% (≥ 110% required)".',
      resolve: (c) => c.text,
    }),
    task: t.field({
      type: BilingualText,
      nullable: true,
      description: 'What to do about an unmet requirement (a growth task); null when met.',
      resolve: (c) => c.task,
    }),
  }),
});

const KpiValueObject = builder.objectRef<{ kpi: string; value: number | null }>('KpiValue').implement({
  description: 'A raw KPI value of a period.',
  fields: (t) => ({
    kpi: t.exposeString('kpi', { description: 'KPI id.' }),
    value: t.exposeFloat('value', { nullable: true, description: 'Raw value; null when not measured.' }),
  }),
});

export const CandidateRecordObject = builder.objectRef<CandidateRecord>('CandidateRecord').implement({
  description: 'What was known about a candidate on the day eligibility was computed.',
  fields: (t) => ({
    personId: t.exposeString('personId', { description: 'Employee id.' }),
    currentLevel: t.exposeString('currentLevel', { description: 'Ladder level held.' }),
    score: t.exposeFloat('score', { description: 'Composite score of the latest evaluated period (0–100).' }),
    kpis: t.field({
      type: [KpiValueObject],
      description: 'Raw KPI values of the latest period (ratios as fractions).',
      resolve: (c) => Object.entries(c.kpis).map(([kpi, value]) => ({ kpi, value: value ?? null })),
    }),
    completedCourses: t.stringList({
      description: 'Courses passed.',
      resolve: (c) => [...c.completedCourses],
    }),
    menteeClosedDeals: t.exposeInt('menteeClosedDeals', {
      description: 'Deals closed by the new reps this person mentored.',
    }),
    experienceMonths: t.exposeInt('experienceMonths', { description: 'Months of sales experience.' }),
    annualSales: t.field({
      type: 'Fen',
      description: 'Sales closed over the last 12 months.',
      resolve: (c) => c.annualSales,
    }),
    teamSalesGrowth: t.exposeFloat('teamSalesGrowth', {
      nullable: true,
      description:
        'Team sales growth year over year (0.15 = +15%); null without a team or a year of history.',
    }),
  }),
});

export const FactorContributionObject = builder
  .objectRef<FactorContribution>('RiskFactorContribution')
  .implement({
    description: "One factor's share of a retention-risk prediction, in log-odds. Positive raises the risk.",
    fields: (t) => ({
      feature: t.exposeString('feature', { description: 'Feature id of the retention model.' }),
      name: t.exposeString('name', { description: 'Feature name in English.' }),
      nameZh: t.exposeString('nameZh', { description: 'Feature name in Chinese.' }),
      value: t.exposeFloat('value', { description: "The person's value of the feature." }),
      standardised: t.exposeFloat('standardised', { description: '(value − mean) ÷ std.' }),
      coefficient: t.exposeFloat('coefficient', { description: 'The model coefficient.' }),
      contribution: t.exposeFloat('contribution', {
        description: 'coefficient × standardised, in log-odds.',
      }),
    }),
  });

export type RiskSignal = { readonly rule: string; readonly met: boolean; readonly text: Bilingual };
export const RiskSignalObject = builder.objectRef<RiskSignal>('RiskSignal').implement({
  description:
    'One cold-start rule of the retention risk (before a model is published): met or not, in words.',
  fields: (t) => ({
    rule: t.exposeString('rule', {
      description: 'trainingCompletionBelow, mentorRatingBelow or zeroGrowthWeeks.',
    }),
    met: t.exposeBoolean('met', { description: 'Whether the rule fired.' }),
    text: t.field({
      type: BilingualText,
      description: 'The rule and the value, in words.',
      resolve: (s) => s.text,
    }),
  }),
});

export type RiskFactors = {
  readonly contributions: readonly FactorContribution[];
  readonly signals: readonly RiskSignal[];
  readonly formula: string | null;
};
export const RiskFactorsObject = builder.objectRef<RiskFactors>('RiskFactors').implement({
  description:
    'Why the retention risk is what it is: each factor’s contribution under a model, or the cold-start rules that fired, with the formula.',
  fields: (t) => ({
    contributions: t.field({
      type: [FactorContributionObject],
      description: 'Under a model: each factor, largest absolute contribution first (empty in cold start).',
      resolve: (f) => [...f.contributions],
    }),
    signals: t.field({
      type: [RiskSignalObject],
      description: 'In cold start: each rule, met or not (empty under a model).',
      resolve: (f) => [...f.signals],
    }),
    formula: t.exposeString('formula', {
      nullable: true,
      description: 'The computation in words; null where it was not recorded.',
    }),
  }),
});

export const AlertMustActObject = builder.objectRef<AlertAssignee>('AlertMustAct').implement({
  description: 'Someone who must act on an alert, by role and employee id (`assignees` adds names).',
  fields: (t) => ({
    role: t.exposeString('role', { description: 'hr, manager, mentor or employee.' }),
    id: t.string({
      nullable: true,
      description: 'The employee id; null for a role inbox such as HR’s.',
      resolve: (a) => a.id ?? null,
    }),
  }),
});

export type AlertEvidence = {
  readonly kind: string;
  readonly ref?: string | null;
  readonly position: string;
};
export const AlertEvidenceObject = builder.objectRef<AlertEvidence>('AlertEvidence').implement({
  description: 'What an alert links to: the read model holding the evidence and where in it.',
  fields: (t) => ({
    kind: t.exposeString('kind', {
      description: 'eligibility, retention_risk, target, mentorship or review.',
    }),
    ref: t.string({
      nullable: true,
      description: 'A reference in it: the level reached, the risk model version, a review id.',
      resolve: (e) => e.ref ?? null,
    }),
    position: t.exposeString('position', {
      description: 'Global position of the evidence the alert was raised from (decimal string).',
    }),
  }),
});

export type AlertAcknowledgement = { readonly by: string; readonly at: string; readonly note: string | null };
export const AlertAcknowledgementObject = builder
  .objectRef<AlertAcknowledgement>('AlertAcknowledgement')
  .implement({
    description: 'Who acknowledged an alert, when, and what they said they did.',
    fields: (t) => ({
      by: t.exposeString('by', { description: 'Employee id of who acknowledged it.' }),
      at: t.exposeString('at', { description: 'Business time of the acknowledgement (ISO).' }),
      note: t.exposeString('note', { nullable: true, description: 'What they did, if they said.' }),
    }),
  });

export const CalibrationBinObject = builder.objectRef<CalibrationBin>('CalibrationBin').implement({
  description: 'One bin of predicted probabilities on the held-out people: predicted against observed.',
  fields: (t) => ({
    from: t.exposeFloat('from', { description: 'Lower bound of the predicted probability.' }),
    to: t.exposeFloat('to', { description: 'Upper bound of the predicted probability.' }),
    count: t.exposeInt('count', { description: 'People in the bin.' }),
    meanPredicted: t.exposeFloat('meanPredicted', { description: 'Mean predicted probability.' }),
    observedRate: t.exposeFloat('observedRate', { description: 'Share who actually left.' }),
  }),
});
