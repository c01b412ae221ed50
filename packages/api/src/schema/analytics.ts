import {
  type BranchMetrics,
  CALIBRATION_DRIFT_BOUND,
  type CalibrationBin,
  COURSE_CATALOGUE,
  type CourseId,
  calibrationDrift,
  type DifferenceInDifferences,
  linearTrendForecast,
  type MeasuredEffect,
  MIN_PREDICTIONS_FOR_DRIFT,
  predictionOutcomes,
  type RetentionModel,
  type TrainingRecord,
} from '@trackrecord/domain';
import {
  addMonths,
  courseEffects,
  courseSummary,
  type KpiGroup,
  kpiTotals,
  type PolicyRow,
  type PromotionOutcomesResult,
  peopleByIds,
  policyVersionRows,
  promotionOutcomesOf,
  resolvedPredictions,
  retentionFairness,
  retentionModelQuality,
  type SalesGroup,
  salesTotals,
} from '@trackrecord/projections';
import { dataScope } from '../auth/viewer.ts';
import { builder } from '../builder.ts';
import type { Context, SignedInContext } from '../context.ts';
import { badArgument } from '../errors.ts';
import { clock, today } from '../runtime/clock.ts';
import { intInRange, monthRangeArgument, WINDOW_MONTHS } from './arguments.ts';
import { MonthRangeInput } from './kpi.ts';
import { PersonRef } from './people.ts';
import { CalibrationBinObject } from './shapes.ts';

/**
 * Analytics for analysts and the dashboard: monthly trends with a forecast, the retention
 * model's quality and fairness per branch, and the measured effect of courses. Every figure is
 * cut to the viewer's scope where it is loaded (SQL), as elsewhere.
 */

// ---------------------------------------------------------------- trend

const METRICS = {
  SALES: { label: 'sales amount (fen)', kpi: 'salesAmount', sales: 'salesAmount' },
  COLLECTED: {
    label: "collected (回款, fen): payments less refunds against the month's sales by its end",
    kpi: 'collected',
    sales: 'collected',
  },
  GROSS_MARGIN: { label: 'gross margin amount (fen)', kpi: 'grossMargin', sales: 'grossMargin' },
  DEALS: { label: 'deals closed', kpi: 'deals', sales: 'deals' },
  FOLLOW_UPS: { label: 'customer follow-ups', kpi: 'followUps', sales: null },
  NEW_CUSTOMERS: { label: 'new customers', kpi: 'newCustomers', sales: 'newCustomers' },
  COLLECTION_RATE: { label: 'collection rate (collected ÷ sales, 回款率)', kpi: null, sales: null },
} as const;
type Metric = keyof typeof METRICS;

const TrendMetricEnum = builder.enumType('TrendMetric', {
  description:
    'What a trend measures per month: SALES, COLLECTED and GROSS_MARGIN in fen; DEALS, FOLLOW_UPS and NEW_CUSTOMERS counts; COLLECTION_RATE a fraction 0–1 (collected ÷ sales, 回款率). Grouped by product line or customer type, COLLECTED is the cash received in the month against the group’s sales, less refunds paid back in it.',
  values: Object.keys(METRICS) as Metric[],
});

const GROUPS = {
  COMPANY: null,
  BRANCH: 'branch',
  TEAM: 'team',
  PERSON: 'person',
  PRODUCT_LINE: 'product_line',
  CUSTOMER_TYPE: 'customer_type',
} as const;
type Group = keyof typeof GROUPS;
const TrendGroupEnum = builder.enumType('TrendGroup', {
  description:
    'What trend series are split by: COMPANY (one series), or per branch, team (each person’s current ones), person, product line or customer type (the sale’s own; only for sales metrics).',
  values: Object.keys(GROUPS) as Group[],
});

interface Series {
  readonly key: string;
  readonly label: string;
  readonly total: number;
  readonly points: { month: string; value: number }[];
  readonly forecast: { month: string; value: number; lower: number; upper: number }[];
  readonly method: string;
  readonly explanation: string;
}

const TrendPoint = builder.objectRef<{ month: string; value: number }>('TrendPoint').implement({
  description: 'One actual month of a trend series.',
  fields: (t) => ({
    month: t.exposeString('month', { description: '`YYYY-MM`.' }),
    value: t.exposeFloat('value', {
      description:
        'The metric in the month (unit as the metric’s). A series starts at its group’s first month with data; after that a month without activity is 0, except for the collection rate, whose months without sales have no point.',
    }),
  }),
});
const ForecastPoint = builder
  .objectRef<{ month: string; value: number; lower: number; upper: number }>('ForecastPoint')
  .implement({
    description: 'A forecast month with its 80% prediction interval.',
    fields: (t) => ({
      month: t.exposeString('month', { description: '`YYYY-MM`: a month after the last actual one.' }),
      value: t.exposeFloat('value', {
        description:
          'The fitted linear trend at that month (unit as the metric’s), at least 0 (and at most 1 for the collection rate).',
      }),
      lower: t.exposeFloat('lower', {
        description: 'Lower bound of the 80% prediction interval, clamped as the value.',
      }),
      upper: t.exposeFloat('upper', {
        description: 'Upper bound of the 80% prediction interval, clamped as the value.',
      }),
    }),
  });
const TrendSeries = builder.objectRef<Series>('TrendSeries').implement({
  description: 'A monthly series of one group with its forecast.',
  fields: (t) => ({
    key: t.exposeString('key', { description: "The group's id ('all' for the company)." }),
    label: t.exposeString('label', { description: 'Display name: the person’s name, else the id.' }),
    total: t.exposeFloat('total', {
      description:
        'The metric over the range (for the collection rate: the sales amount it is weighted by); `top` keeps the largest.',
    }),
    points: t.field({
      type: [TrendPoint],
      description: 'Actual months, oldest first.',
      resolve: (s) => s.points,
    }),
    forecast: t.field({
      type: [ForecastPoint],
      description: 'The next `horizon` months (empty with fewer than 3 actual months).',
      resolve: (s) => s.forecast,
    }),
    method: t.exposeString('method', {
      description:
        'linear-regression (OLS linear trend, Student-t prediction interval) or insufficient-history.',
    }),
    explanation: t.exposeString('explanation', {
      description: 'The fitted line and how the interval is computed.',
    }),
  }),
});

type Row = { key: string | null; month: string; value: number; weight: number; num: number; den: number };

async function trendRows(
  ctx: SignedInContext,
  metric: Metric,
  group: Group,
  range: { from: string; to: string },
) {
  const scope = dataScope(ctx.viewer);
  const dim = GROUPS[group];
  const def = METRICS[metric];
  const rows: Row[] = [];
  if (dim === 'product_line' || dim === 'customer_type') {
    if (metric !== 'COLLECTION_RATE' && def.sales === null) {
      throw badArgument(
        'groupBy',
        { en: 'grouping', zh: '分组方式' },
        {
          en: `metric ${metric} cannot be grouped by ${group}: it is not recorded per ${group === 'PRODUCT_LINE' ? 'product line' : 'customer type'} (use SALES, COLLECTED, GROSS_MARGIN, DEALS, NEW_CUSTOMERS or COLLECTION_RATE)`,
          zh: `指标 ${metric} 不能按${group === 'PRODUCT_LINE' ? '产品线' : '客户类型'}分组：它不按${group === 'PRODUCT_LINE' ? '产品线' : '客户类型'}记录（可用 SALES、COLLECTED、GROSS_MARGIN、DEALS、NEW_CUSTOMERS 或 COLLECTION_RATE）`,
        },
      );
    }
    const groups: SalesGroup[] = [dim, 'month'];
    for (const r of await salesTotals(ctx.db, scope, range, groups)) {
      const value = def.sales === null ? 0 : r[def.sales];
      rows.push({
        key: r.group[dim] ?? null,
        month: r.group.month as string,
        value,
        weight: metric === 'COLLECTION_RATE' ? r.salesAmount : value,
        num: r.collected,
        den: r.salesAmount,
      });
    }
    return rows;
  }
  const groups: KpiGroup[] = dim ? [dim, 'month'] : ['month'];
  for (const r of await kpiTotals(ctx.db, scope, range, groups)) {
    const value = def.kpi === null ? 0 : r[def.kpi];
    rows.push({
      key: dim ? (r.group[dim] ?? null) : 'all',
      month: r.group.month as string,
      value,
      weight: metric === 'COLLECTION_RATE' ? r.salesAmount : value,
      num: r.collected,
      den: r.salesAmount,
    });
  }
  return rows;
}

builder.queryField('trend', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [TrendSeries],
    description:
      'A metric per month over a range of months, per group (the largest `top` groups), each with a forecast of the next `horizon` months (1–12) and its 80% prediction interval. Within what the viewer may see: a branch manager’s series count only their branch.',
    args: {
      metric: t.arg({ type: TrendMetricEnum, required: true }),
      months: t.arg({ type: MonthRangeInput, required: true }),
      groupBy: t.arg({ type: TrendGroupEnum, defaultValue: 'COMPANY' }),
      horizon: t.arg.int({ defaultValue: 3, description: 'Months to forecast, 1–12.' }),
      top: t.arg.int({
        defaultValue: 8,
        description: 'How many groups, 1–50: those with the largest totals.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const range = args.months as { from: string; to: string };
      monthRangeArgument('months', range);
      const horizon = intInRange(
        'horizon',
        { en: 'forecast horizon in months', zh: '预测月数' },
        args.horizon ?? 3,
        1,
        12,
      );
      const top = intInRange(
        'top',
        { en: 'number of groups shown', zh: '显示的分组数' },
        args.top ?? 8,
        1,
        50,
      );
      const metric = args.metric as Metric;
      const group = (args.groupBy ?? 'COMPANY') as Group;
      const rows = await trendRows(ctx, metric, group, range);
      if (rows.length === 0) return [];
      // The months shown: up to the last month with any data within the scope (which may be a
      // month still under way: choose `months.to` accordingly).
      const present = rows.map((r) => r.month).sort();
      const months: string[] = [];
      for (let m = present[0] as string; m <= (present.at(-1) as string); m = addMonths(m, 1)) months.push(m);
      const byKey = new Map<string, Map<string, Row>>();
      for (const r of rows) {
        const key = r.key ?? 'unknown';
        const m = byKey.get(key) ?? new Map<string, Row>();
        byKey.set(key, m);
        m.set(r.month, r);
      }
      const ranked = [...byKey.entries()]
        .map(([key, m]) => ({ key, m, total: [...m.values()].reduce((a, r) => a + r.weight, 0) }))
        .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key))
        .slice(0, top);
      const names =
        group === 'PERSON'
          ? new Map(
              (
                await peopleByIds(
                  ctx.db,
                  dataScope(ctx.viewer),
                  ranked.map((r) => r.key),
                )
              )
                .filter((p) => p !== undefined)
                .map((p) => [p.employee_id, p.name]),
            )
          : new Map<string, string>();
      const rate = metric === 'COLLECTION_RATE';
      return ranked.map(({ key, m, total }): Series => {
        // A series starts at its own first month with data (a person hired later, a new product
        // line); after that a month without a row is zero activity for additive metrics, and
        // undefined for the rate.
        const first = months.findIndex((month) => m.has(month));
        const own = months.slice(first);
        const values = own.map((month) => {
          const r = m.get(month);
          if (rate) return r && r.den > 0 ? r.num / r.den : null;
          return r?.value ?? 0;
        });
        const fit = linearTrendForecast(values, horizon, { floor: 0, ...(rate ? { ceiling: 1 } : {}) });
        const last = months.at(-1) as string;
        return {
          key,
          label: names.get(key) ?? key,
          total,
          points: own.flatMap((month, i) => {
            const value = values[i];
            return value === null || value === undefined ? [] : [{ month, value }];
          }),
          forecast: fit.points.map((p) => ({
            month: addMonths(last, p.step),
            value: p.value,
            lower: p.lower,
            upper: p.upper,
          })),
          method: fit.method,
          explanation: `${METRICS[metric].label}, per month ${own[0]}..${last}: ${fit.explanation}`,
        };
      });
    },
  }),
);

// ---------------------------------------------------------------- retention model quality, fairness

async function publishedAt(ctx: Context, modelId: string): Promise<PolicyRow[]> {
  return policyVersionRows(ctx.db, modelId);
}

type Outcomes = ReturnType<typeof predictionOutcomes>;
interface OutcomeGroup {
  kind: 'branch' | 'manager';
  groupId: string;
  predictions: number;
  outcomes: Outcomes;
}
interface Live {
  today: string;
  pending: number;
  predictions: number;
  outcomes: Outcomes;
  drift: ReturnType<typeof calibrationDrift>;
  byBranch: OutcomeGroup[];
  byManager: OutcomeGroup[];
}
interface Quality {
  modelId: string;
  version: number;
  publishedAt: string | null;
  horizonWeeks: number;
  auc: number | null;
  precision: number | null;
  recall: number | null;
  threshold: number;
  positiveRate: number | null;
  trainRows: number | null;
  testRows: number | null;
  calibration: readonly CalibrationBin[];
  ece: number | null;
  training: TrainingRecord | null;
  byBranch: readonly BranchMetrics[];
  position: string;
  live: Live;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

type RecalibrationRecord = NonNullable<TrainingRecord['recalibration']>;
const ModelRecalibration = builder.objectRef<RecalibrationRecord>('ModelRecalibration').implement({
  description:
    'Recalibration in the large: the intercept shift fitted on the latest training observations (never the held-out ones).',
  fields: (t) => ({
    from: t.exposeString('from', {
      description:
        'Training observations whose outcome window closed on or after this date (YYYY-MM-DD) formed the calibration window.',
    }),
    rows: t.exposeInt('rows', { description: 'Observations in the calibration window.' }),
    observedRate: t.exposeFloat('observedRate', {
      description: 'Share (0–1) of the calibration window followed by leaving within the horizon.',
    }),
    meanPredictedBefore: t.exposeFloat('meanPredictedBefore', {
      description:
        'Mean risk (0–1) the model fitted on the earlier training observations gave the calibration window, before the shift.',
    }),
    shift: t.exposeFloat('shift', { description: 'Log-odds added to the intercept.' }),
  }),
});

const ModelTraining = builder.objectRef<TrainingRecord>('ModelTraining').implement({
  description:
    'How the product trained a retention model version: on what, as of when, and how it was split.',
  fields: (t) => ({
    position: t.field({
      type: 'Position',
      description: 'Global position (`$all`) the model was trained as of.',
      resolve: (r) => BigInt(r.position),
    }),
    cutOff: t.exposeString('cutOff', {
      description: 'Business date (YYYY-MM-DD) up to which outcomes were counted.',
    }),
    horizonDays: t.exposeInt('horizonDays', {
      description: 'Leaving voluntarily within this many days after an observation counts as leaving.',
    }),
    seed: t.exposeInt('seed', { description: "Seed of each person's observation weeks." }),
    everyWeeks: t.exposeInt('everyWeeks', { description: 'Each person was observed every this many weeks.' }),
    splitOn: t.exposeString('splitOn', {
      description:
        'Time-based hold-out (YYYY-MM-DD): observations whose outcome window closed before it were trained on, the later ones held out.',
    }),
    trainPeople: t.exposeInt('trainPeople', { description: 'People with a training observation.' }),
    testPeople: t.exposeInt('testPeople', { description: 'People with a held-out observation.' }),
    trainPositiveRate: t.exposeFloat('trainPositiveRate', {
      description: 'Share (0–1) of training observations followed by leaving within the horizon.',
    }),
    thresholdRule: t.exposeString('thresholdRule', {
      description: 'How the alert threshold was chosen (on the training part only).',
    }),
    recalibration: t.field({
      type: ModelRecalibration,
      nullable: true,
      description:
        'The intercept shift fitted on the latest training observations; null when none was applied (no leaver or no stayer there, or trained before recalibration existed).',
      resolve: (r) => r.recalibration ?? null,
    }),
  }),
});

const ModelBranchFigures = builder.objectRef<BranchMetrics>('ModelBranchFigures').implement({
  description: 'A trained model’s held-out figures on the observations of one branch.',
  fields: (t) => ({
    branchId: t.exposeString('branchId', { description: 'The branch (org unit id) at the observation.' }),
    rows: t.exposeInt('rows', { description: 'Held-out observations (person and week) of the branch.' }),
    positiveRate: t.exposeFloat('positiveRate', {
      description: 'Share (0–1) of them followed by leaving within the horizon.',
    }),
    auc: t.exposeFloat('auc', {
      nullable: true,
      description: 'Area under the ROC curve (ties count half); null when nobody or everybody left.',
    }),
    precision: t.float({
      description: 'Precision (0–1) at the threshold.',
      resolve: (b) => b.precisionAtThreshold,
    }),
    recall: t.float({ description: 'Recall (0–1) at the threshold.', resolve: (b) => b.recallAtThreshold }),
    ece: t.exposeFloat('ece', {
      description: 'Expected calibration error (0–1) on the branch’s observations.',
    }),
    calibration: t.field({
      type: [CalibrationBinObject],
      description: 'Calibration bins on the branch’s observations.',
      resolve: (b) => [...b.calibration],
    }),
  }),
});

const outcomeFields = <T extends { outcomes: Outcomes }>(
  t: PothosSchemaTypes.ObjectFieldBuilder<SchemaTypes, T>,
) => ({
  predictions: t.int({
    description: 'Weekly predictions (person and week) whose outcome window has closed.',
    resolve: (g) => g.outcomes.rows,
  }),
  flagged: t.int({
    description: 'Of them, flags (risk at or above the threshold).',
    resolve: (g) => g.outcomes.flagged,
  }),
  left: t.int({
    description: 'Predictions followed by the person leaving voluntarily within the horizon.',
    resolve: (g) => g.outcomes.left,
  }),
  flaggedLeft: t.int({
    description: 'Flags followed by leaving within the horizon.',
    resolve: (g) => g.outcomes.flaggedLeft,
  }),
  precision: t.float({
    nullable: true,
    description: 'flaggedLeft ÷ flagged (0–1); null without flags.',
    resolve: (g) => g.outcomes.precision,
  }),
  recall: t.float({
    nullable: true,
    description:
      'flaggedLeft ÷ left (0–1): the share of departures flagged beforehand; null when nobody left.',
    resolve: (g) => g.outcomes.recall,
  }),
  meanPredicted: t.float({
    description: 'Mean predicted probability (0–1) of leaving within the horizon.',
    resolve: (g) => g.outcomes.meanPredicted,
  }),
  observedRate: t.float({
    description: 'Share (0–1) of the predictions followed by leaving within the horizon.',
    resolve: (g) => g.outcomes.positiveRate,
  }),
  ece: t.float({
    description: 'Expected calibration error (0–1) of these predictions against what happened.',
    resolve: (g) => g.outcomes.ece,
  }),
});

const FlagOutcomeGroup = builder.objectRef<OutcomeGroup>('FlagOutcomeGroup').implement({
  description:
    'How a model version’s past weekly predictions turned out for one branch or one manager’s people.',
  fields: (t) => ({
    groupId: t.exposeString('groupId', {
      description:
        'The branch (org unit id) or the manager (employee id; "none" without one): the person’s current one.',
    }),
    manager: t.field({
      type: PersonRef,
      nullable: true,
      description:
        'The manager of a per-manager group (null for a branch, for "none", or with an error when out of the viewer’s scope).',
      resolve: (g) => (g.kind === 'manager' && g.groupId !== 'none' ? g.groupId : null),
    }),
    ...outcomeFields(t),
  }),
});

const FlagOutcomes = builder.objectRef<Live>('FlagOutcomes').implement({
  description:
    'How a published model version’s past weekly predictions (the flag history) turned out: each person’s risk at the end of each week the version was in force, against whether they then left voluntarily within the horizon; only predictions whose window has closed count.',
  fields: (t) => ({
    today: t.exposeString('today', {
      description: 'The business date (YYYY-MM-DD) the windows are judged at.',
    }),
    pending: t.exposeInt('pending', {
      description: 'Predictions whose outcome window is still open (not counted).',
    }),
    ...outcomeFields(t),
    calibration: t.field({
      type: [CalibrationBinObject],
      description: 'Predicted against observed leaving, by bins of predicted probability.',
      resolve: (l) => l.outcomes.calibration,
    }),
    drift: t.float({
      description: 'Live ECE minus the ECE measured at training (0–1; positive: calibrated worse now).',
      resolve: (l) => l.drift.drift,
    }),
    driftBound: t.float({
      description: `The bound on drift (${CALIBRATION_DRIFT_BOUND}): beyond it, driftWarning.`,
      resolve: () => CALIBRATION_DRIFT_BOUND,
    }),
    driftJudged: t.boolean({
      description: `Whether drift is judged: at least ${MIN_PREDICTIONS_FOR_DRIFT} predictions have a closed window.`,
      resolve: (l) => l.drift.judged,
    }),
    driftWarning: t.boolean({
      description: 'Calibration has drifted beyond the bound: retrain the model.',
      resolve: (l) => l.drift.warning,
    }),
    warning: t.string({
      nullable: true,
      description: 'The drift warning in words (English), null without one.',
      resolve: (l) =>
        l.drift.warning
          ? `calibration drifted: live ECE ${pct(l.outcomes.ece)} exceeds the trained one by ${pct(l.drift.drift)} (bound ${pct(CALIBRATION_DRIFT_BOUND)}); retrain the model`
          : null,
    }),
    byBranch: t.field({ type: [FlagOutcomeGroup], description: 'Per branch.', resolve: (l) => l.byBranch }),
    byManager: t.field({
      type: [FlagOutcomeGroup],
      description: 'Per manager.',
      resolve: (l) => l.byManager,
    }),
  }),
});

const ModelQuality = builder.objectRef<Quality>('ModelQuality').implement({
  description:
    'A retention model version: the figures the product measured when it trained it (held-out, later observations) and how its flags have turned out since.',
  fields: (t) => ({
    modelId: t.exposeString('modelId', { description: 'The retention model’s policy id.' }),
    version: t.exposeInt('version', { description: 'The version published.' }),
    publishedAt: t.exposeString('publishedAt', {
      nullable: true,
      description: 'Business time of the publication (ISO).',
    }),
    horizonWeeks: t.exposeInt('horizonWeeks', {
      description: 'The model gives the probability that a person leaves within this many weeks.',
    }),
    auc: t.exposeFloat('auc', {
      nullable: true,
      description:
        'Area under the ROC curve on the held-out observations (ties count half); null for a model published by hand.',
    }),
    precision: t.exposeFloat('precision', { nullable: true, description: 'At the threshold, held out.' }),
    recall: t.exposeFloat('recall', { nullable: true, description: 'At the threshold, held out.' }),
    threshold: t.exposeFloat('threshold', {
      description: 'Risk (a probability, 0–1) at or above which a person is flagged.',
    }),
    positiveRate: t.exposeFloat('positiveRate', {
      nullable: true,
      description:
        'Share (0–1) of the held-out observations whose person left within the horizon; null for a model published by hand.',
    }),
    trainRows: t.exposeInt('trainRows', {
      nullable: true,
      description:
        'Observations (person and week) the model was trained on; null for a model published by hand.',
    }),
    testRows: t.exposeInt('testRows', {
      nullable: true,
      description: 'Held-out (later) observations it was measured on; null for a model published by hand.',
    }),
    calibration: t.field({
      type: [CalibrationBinObject],
      description: 'Calibration bins on the held-out observations ([] for a model published by hand).',
      resolve: (q) => [...q.calibration],
    }),
    ece: t.exposeFloat('ece', {
      nullable: true,
      description:
        'Expected calibration error on the held-out observations; null for a model published by hand.',
    }),
    training: t.field({
      type: ModelTraining,
      nullable: true,
      description: 'How the product trained it; null for a model published by hand.',
      resolve: (q) => q.training,
    }),
    byBranch: t.field({
      type: [ModelBranchFigures],
      description: 'The held-out figures per branch.',
      resolve: (q) => [...q.byBranch],
    }),
    flagOutcomes: t.field({
      type: FlagOutcomes,
      description: 'How its flags have turned out since it was published, within the viewer’s scope.',
      resolve: (q) => q.live,
    }),
    position: t.field({
      type: 'Position',
      description: 'Global position (`$all`) of the event that published the version.',
      resolve: (q) => BigInt(q.position),
    }),
  }),
});

/** Outcomes of one group of resolved predictions. */
const groupsOf = (
  kind: OutcomeGroup['kind'],
  resolved: readonly { risk: number; flagged: boolean; left: boolean; key: string }[],
  threshold: number,
): OutcomeGroup[] => {
  const by = new Map<string, { risk: number; flagged: boolean; left: boolean }[]>();
  for (const r of resolved) by.set(r.key, [...(by.get(r.key) ?? []), r]);
  return [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([groupId, rs]) => ({
      kind,
      groupId,
      predictions: rs.length,
      outcomes: predictionOutcomes(rs, threshold),
    }));
};

builder.queryField('modelQuality', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [ModelQuality],
    description:
      'Every published retention model version, newest first: the figures the product measured when it trained it, and how its past flags turned out (within the viewer’s scope), with a warning when calibration has drifted.',
    resolve: async (_root, _args, ctx) => {
      const rows = await retentionModelQuality(ctx.db);
      const published = new Map<string, PolicyRow>();
      for (const id of new Set(rows.map((r) => r.model_id))) {
        for (const v of await publishedAt(ctx, id)) published.set(`${id}/${v.version}`, v);
      }
      const scope = dataScope(ctx.viewer);
      const day = today();
      const out: Quality[] = [];
      for (const r of rows) {
        const row = published.get(`${r.model_id}/${r.model_version}`);
        const doc = (row?.document ?? null) as RetentionModel | null;
        const { resolved, pending } = await resolvedPredictions(
          ctx.db,
          scope,
          { id: r.model_id, version: r.model_version },
          day,
        );
        const outcomes = predictionOutcomes(resolved, r.threshold);
        const ece = doc?.metrics?.ece ?? null;
        out.push({
          modelId: r.model_id,
          version: r.model_version,
          publishedAt: row?.published_at ?? null,
          horizonWeeks: r.horizon_weeks,
          auc: r.auc,
          precision: r.precision_at_threshold,
          recall: r.recall_at_threshold,
          threshold: r.threshold,
          positiveRate: r.positive_rate,
          trainRows: r.train_rows,
          testRows: r.test_rows,
          calibration: r.calibration ?? [],
          ece,
          training: doc?.training ?? null,
          byBranch: doc?.metrics?.byBranch ?? [],
          position: r.position,
          live: {
            today: day,
            pending,
            predictions: resolved.length,
            outcomes,
            drift: calibrationDrift(outcomes.ece, ece, resolved.length),
            byBranch: groupsOf(
              'branch',
              resolved.map((p) => ({ ...p, key: p.branchId })),
              r.threshold,
            ),
            byManager: groupsOf(
              'manager',
              resolved.map((p) => ({ ...p, key: p.managerId ?? 'none' })),
              r.threshold,
            ),
          },
        });
      }
      return out;
    },
  }),
);

interface Fairness {
  branchId: string;
  modelId: string;
  modelVersion: number;
  people: number;
  flagged: number;
  left: number;
  voluntaryLeft: number;
  flaggedLeft: number;
}
const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
const FairnessRow = builder.objectRef<Fairness>('FairnessRow').implement({
  description:
    "How a retention model version's flags fall in one branch: everyone employed since its publication (until the next version), flagged under it (flagged now, or a risk alert raised under it) and who left, flagged before leaving.",
  fields: (t) => ({
    branchId: t.exposeString('branchId', { description: 'The branch (people’s current one).' }),
    modelId: t.exposeString('modelId', { description: 'The retention model judged.' }),
    modelVersion: t.exposeInt('modelVersion', {
      description: 'Its version: the latest; its window runs from its publication date on.',
    }),
    people: t.exposeInt('people', {
      description: 'People of the branch employed at some time in the window (active, or left in it).',
    }),
    flagged: t.exposeInt('flagged', {
      description: 'Of them, flagged under the version: flagged now, or a risk_high alert raised under it.',
    }),
    flaggedRate: t.float({
      description: 'flagged ÷ people (0 without people).',
      resolve: (r) => ratio(r.flagged, r.people) ?? 0,
    }),
    left: t.exposeInt('left', { description: 'Departures in the window (voluntary or not).' }),
    voluntaryLeft: t.exposeInt('voluntaryLeft', { description: 'Of those departures, the voluntary ones.' }),
    flaggedLeft: t.exposeInt('flaggedLeft', { description: 'Departures flagged before they left.' }),
    precision: t.float({
      nullable: true,
      description: 'flaggedLeft ÷ flagged; null when nobody was flagged.',
      resolve: (r) => ratio(r.flaggedLeft, r.flagged),
    }),
    recall: t.float({
      nullable: true,
      description: 'flaggedLeft ÷ left; null when nobody left.',
      resolve: (r) => ratio(r.flaggedLeft, r.left),
    }),
  }),
});

builder.queryField('fairness', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [FairnessRow],
    description:
      'Per branch within the viewer’s scope, people, flags, departures and the precision and recall of flags against departures under a retention model: its latest version (`modelId`), else the latest model published.',
    args: {
      modelId: t.arg.string({
        description: 'A retention model’s policy id (default: the latest published).',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const scope = dataScope(ctx.viewer);
      const db = ctx.db;
      let versions: PolicyRow[];
      if (args.modelId) {
        versions = (await publishedAt(ctx, args.modelId)).filter((v) => v.kind === 'retentionModel');
        if (versions.length === 0)
          throw badArgument(
            'modelId',
            { en: 'retention model', zh: '离职风险模型' },
            {
              en: `no retention model ${args.modelId} was published`,
              zh: `未发布过离职风险模型 ${args.modelId}`,
            },
          );
      } else {
        const latest = await db
          .withSchema('read')
          .selectFrom('policies')
          .select('policy_id')
          .where('kind', '=', 'retentionModel')
          .orderBy('position', 'desc')
          .limit(1)
          .executeTakeFirst();
        if (!latest) return [];
        versions = await publishedAt(ctx, latest.policy_id);
      }
      const model = versions.at(-1) as PolicyRow;
      const rows = await retentionFairness(db, scope, {
        id: model.policy_id,
        version: model.version,
        from: model.published_at,
        to: null,
      });
      return rows.map((r) => ({ ...r, modelId: model.policy_id, modelVersion: model.version }));
    },
  }),
);

// ---------------------------------------------------------------- course effects

type SchemaTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
type Measured = MeasuredEffect & { minimumPeers: number };
const measuredOf = (m: Measured): DifferenceInDifferences | null => (m.status === 'measured' ? m.did : null);

const EffectStatusEnum = builder.enumType('EffectStatus', {
  description:
    'Whether an effect is stated: measured; not_enough_peers (fewer comparable peers than the minimum: no number is stated); no_trainees (no completion whose after-window has ended).',
  values: ['measured', 'not_enough_peers', 'no_trainees'] as const,
});

/** How a measure's descriptions name its groups: trainees and their completion, or the promoted. */
interface MeasureTerms {
  /** Who is measured, e.g. 'Trainees'. */
  readonly treated: string;
  /** The event the windows are around, e.g. 'completion'. */
  readonly event: string;
  /** Who they are compared with, and how matched. */
  readonly peers: string;
  /** What `trainees` counts. */
  readonly counted: string;
  readonly unit: string;
}
const COURSE_TERMS: MeasureTerms = {
  treated: 'Trainees',
  event: 'completion',
  peers:
    'Comparable untrained peers (same rank and region, baseline within 25% of the trainees’ mean), counted once per month of completion they are compared for.',
  counted: 'Completions whose after-window has ended.',
  unit: 'the KPI’s unit',
};

/** The fields of a difference-in-differences measure, shared by a course, a team, a trainee and promotions. */
function measureFields<M extends Measured>(
  t: PothosSchemaTypes.ObjectFieldBuilder<SchemaTypes, M>,
  terms: MeasureTerms = COURSE_TERMS,
) {
  const of = (pick: (d: DifferenceInDifferences) => number) => (m: M) => {
    const d = measuredOf(m);
    return d ? pick(d) : null;
  };
  const { treated, event } = terms;
  return {
    status: t.field({
      type: EffectStatusEnum,
      description: 'Whether a number is stated.',
      resolve: (m) => m.status,
    }),
    trainees: t.int({ description: terms.counted, resolve: (m) => m.trainees }),
    peers: t.int({
      description: terms.peers,
      resolve: (m) => m.peers,
    }),
    minimumPeers: t.int({
      description:
        'Fewer comparable peers than this and no effect is stated ("not enough comparable peers").',
      resolve: (m) => m.minimumPeers,
    }),
    before: t.float({
      nullable: true,
      description: `${treated}’ mean monthly value (${terms.unit}) over the window before the ${event} (months without facts count as 0); null unless measured.`,
      resolve: of((d) => d.trained.meanBefore),
    }),
    after: t.float({
      nullable: true,
      description: `${treated}’ mean monthly value over the window after the ${event}; null unless measured.`,
      resolve: of((d) => d.trained.meanAfter),
    }),
    peerBefore: t.float({
      nullable: true,
      description: 'Peers’ mean monthly value over the same months before; null unless measured.',
      resolve: of((d) => d.peers.meanBefore),
    }),
    peerAfter: t.float({
      nullable: true,
      description: 'Peers’ mean monthly value over the same months after; null unless measured.',
      resolve: of((d) => d.peers.meanAfter),
    }),
    effect: t.float({
      nullable: true,
      description: `(${treated.toLowerCase()}’ after − before) − (peers’ after − before), in ${terms.unit} per month; null unless measured on enough comparable peers.`,
      resolve: of((d) => d.effect),
    }),
    standardError: t.float({
      nullable: true,
      description:
        'Standard error of the effect (Welch, from the spread of individual changes; for one person, the peers’ spread × √(1 + 1/n)); null unless measured.',
      resolve: of((d) => d.standardError),
    }),
    ci95: t.floatList({
      nullable: true,
      description:
        '95% interval of the effect, [low, high] = effect ± t × standard error (Student’s t, Welch–Satterthwaite degrees of freedom; for one person a prediction interval); null unless measured.',
      resolve: (m) => {
        const d = measuredOf(m);
        return d ? [...d.ci95] : null;
      },
    }),
  };
}

type Effect = Measured & {
  courseId: CourseId;
  kpi: string;
  windowMonths: number;
  byTeam: { teamId: string; measured: Measured }[];
  byTrainee: { employeeId: string; teamId: string; month: string; measured: Measured }[];
};

const EffectMeasure = builder.objectRef<Measured>('EffectMeasure').implement({
  description: 'A difference-in-differences measure of a course’s effect for a group of its trainees.',
  fields: (t) => measureFields(t),
});

const TeamCourseEffect = builder.objectRef<Effect['byTeam'][number]>('TeamCourseEffect').implement({
  description: 'A course’s effect on one team’s trainees, against peers matched to them.',
  fields: (t) => ({
    teamId: t.exposeString('teamId', { description: 'The team’s org unit id.' }),
    measure: t.field({ type: EffectMeasure, description: 'The measure.', resolve: (g) => g.measured }),
  }),
});

const TraineeCourseEffect = builder.objectRef<Effect['byTrainee'][number]>('TraineeCourseEffect').implement({
  description:
    'One trainee’s change over the window against peers matched to their own baseline (a prediction interval: one person’s change varies as much as a peer’s).',
  fields: (t) => ({
    employeeId: t.exposeString('employeeId', { description: 'The trainee’s employee id.' }),
    person: t.field({
      type: PersonRef,
      nullable: true,
      description: 'The trainee; null (with an error) when out of the viewer’s scope.',
      resolve: (g) => g.employeeId,
    }),
    teamId: t.exposeString('teamId', { description: 'The trainee’s team (org unit id) now.' }),
    month: t.exposeString('month', { description: '`YYYY-MM`: the month the trainee completed the course.' }),
    measure: t.field({ type: EffectMeasure, description: 'The measure.', resolve: (g) => g.measured }),
  }),
});

const CourseEffect = builder.objectRef<Effect>('CourseEffect').implement({
  description:
    'Measured effect of a course on a KPI by difference-in-differences: trainees’ change over the months before and after completion minus comparable untrained peers’ change (same rank and region, similar baseline); stated only on at least `minimumPeers` peers, with a 95% interval, and broken down by team and by trainee.',
  fields: (t) => ({
    courseId: t.exposeString('courseId', { description: 'Catalogue course id, e.g. basic-selling-skills.' }),
    titleZh: t.string({
      description: 'The course name in Chinese.',
      resolve: (e) => COURSE_CATALOGUE[e.courseId].nameZh,
    }),
    titleEn: t.string({
      description: 'The course name in English.',
      resolve: (e) => COURSE_CATALOGUE[e.courseId].name,
    }),
    kpi: t.exposeString('kpi', {
      description:
        'The KPI measured: the first of the course’s target KPIs the monthly KPI facts define, else salesAmount. Per month: salesAmount in fen; collectionRate and customerRetentionRate fractions 0–1; customerFollowUps, teamCollaboration, validOpportunities, demos and newCustomers counts.',
    }),
    windowMonths: t.exposeInt('windowMonths', {
      description:
        'Months compared on each side of the month of completion (the months before it, the months after it).',
    }),
    // The course-level measure, flat on the course.
    ...measureFields(t),
    byTeam: t.field({
      type: [TeamCourseEffect],
      description:
        'The same measure per team of the trainees, against peers matched to each team’s trainees.',
      resolve: (e) => e.byTeam,
    }),
    byTrainee: t.field({
      type: [TraineeCourseEffect],
      description:
        'Each trainee’s own change against peers matched to their baseline, by month of completion.',
      resolve: (e) => e.byTrainee,
    }),
    method: t.string({
      description: 'How the effect was computed, with its numbers, or why no number is stated.',
      resolve: (m) =>
        m.status === 'measured'
          ? `difference-in-differences over ${m.windowMonths} months before and after completion: ${m.did.formula}`
          : m.status === 'not_enough_peers'
            ? `difference-in-differences over ${m.windowMonths} months: not enough comparable peers (${m.peers} of at least ${m.minimumPeers}) for ${m.trainees} trainee(s)`
            : `difference-in-differences over ${m.windowMonths} months: no trainee with a full after-window yet (${m.peers} comparable peer(s))`,
    }),
  }),
});

builder.queryField('courseEffects', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [CourseEffect],
    description:
      'The measured effect of every course someone completed, within the viewer’s scope (trainees and peers both), by course.',
    resolve: async (_root, _args, ctx) => {
      const scope = dataScope(ctx.viewer);
      const db = ctx.db;
      const courses = (await courseSummary(db, scope)).filter(
        (c) => c.completed > 0 && Object.hasOwn(COURSE_CATALOGUE, c.courseId),
      );
      const effects = await courseEffects(
        db,
        courses.map((c) => c.courseId),
        { scope },
      );
      const measured = (m: MeasuredEffect, minimumPeers: number): Measured => ({ ...m, minimumPeers });
      return effects.map(
        (e): Effect => ({
          ...measured(e.measured, e.minimumPeers),
          courseId: e.courseId as CourseId,
          kpi: e.kpi,
          windowMonths: e.windowMonths,
          byTeam: e.byTeam.map((g) => ({ teamId: g.teamId, measured: measured(g.effect, e.minimumPeers) })),
          byTrainee: e.byTrainee.map(({ effect, ...g }) => ({
            ...g,
            measured: measured(effect, e.minimumPeers),
          })),
        }),
      );
    },
  }),
);

// ---------------------------------------------------------------- promotion outcomes

type PromotionResults = Omit<PromotionOutcomesResult, 'score' | 'teamSales'> & {
  score: Measured;
  teamSales: Measured;
};

const PromotionScoreMeasure = builder.objectRef<Measured>('PromotionScoreMeasure').implement({
  description:
    'Promoted people’s composite score after the decision against before, less the change of comparable people who were not promoted (difference-in-differences).',
  fields: (t) =>
    measureFields(t, {
      treated: 'Promoted people',
      event: 'decision',
      peers:
        'Comparable people not promoted within the window (the promoted person’s former level before and at the window’s end, same region, baseline score within 25% of the promoted people’s mean), counted once per month of decision they are compared for.',
      counted: 'Promotions whose after-window has ended and that were scored on both sides.',
      unit: 'score points (0–100)',
    }),
});
const PromotionTeamMeasure = builder.objectRef<Measured>('PromotionTeamSalesMeasure').implement({
  description:
    'The promoted people’s teams’ monthly sales after the decision against before, less the change of teams in the same region without a promotion in the window (difference-in-differences).',
  fields: (t) =>
    measureFields(t, {
      treated: 'Promoted people’s teams',
      event: 'decision',
      peers:
        'Teams of the same region without an approved promotion in the window, with a baseline within 25% of the promoted people’s teams’ mean, counted once per month of decision.',
      counted: 'Teams of promotions whose after-window has ended (a team once per month of decision).',
      unit: 'fen of sales',
    }),
});

const PromotionOutcomeRowRef = builder
  .objectRef<PromotionOutcomesResult['promotions'][number]>('PromotionOutcomeRow')
  .implement({
    description: 'One approved promotion: the person’s score and their team’s sales before and after.',
    fields: (t) => ({
      employeeId: t.exposeString('employeeId', { description: 'The promoted person’s employee id.' }),
      person: t.field({
        type: PersonRef,
        nullable: true,
        description: 'The promoted person; null (with an error) when out of the viewer’s scope.',
        resolve: (r) => r.employeeId,
      }),
      reviewId: t.exposeString('reviewId', { description: 'The review that approved it.' }),
      month: t.exposeString('month', { description: '`YYYY-MM`: the month of the decision.' }),
      fromLevel: t.exposeString('fromLevel', { description: 'Ladder level before.' }),
      toLevel: t.exposeString('toLevel', { description: 'Ladder level after.' }),
      teamId: t.exposeString('teamId', { description: 'The team measured (the person’s team now).' }),
      status: t.exposeString('status', {
        description: 'measured (its after-window has ended) or pending (not yet: no after values).',
      }),
      scoreBefore: t.exposeFloat('scoreBefore', {
        nullable: true,
        description:
          'Mean composite score (0–100) over the scored months of the window before; null without one.',
      }),
      scoreAfter: t.exposeFloat('scoreAfter', {
        nullable: true,
        description: 'Mean composite score over the scored months of the window after; null while pending.',
      }),
      teamSalesBefore: t.exposeFloat('teamSalesBefore', {
        nullable: true,
        description: 'The team’s mean monthly sales (fen) over the window before.',
      }),
      teamSalesAfter: t.exposeFloat('teamSalesAfter', {
        nullable: true,
        description: 'The team’s mean monthly sales (fen) over the window after; null while pending.',
      }),
    }),
  });

const PromotionOutcomesRef = builder.objectRef<PromotionResults>('PromotionOutcomes').implement({
  description:
    'What approved promotions did, by difference-in-differences over the months on each side of the decision (the decision month left out): the promoted people’s composite score against comparable people not promoted, and their teams’ sales against comparable teams; each stated only on at least `minimumPeers` peers, with a 95% interval.',
  fields: (t) => ({
    windowMonths: t.exposeInt('windowMonths', {
      description: 'Months compared on each side of the decision month.',
    }),
    lastMonth: t.exposeString('lastMonth', {
      nullable: true,
      description:
        '`YYYY-MM`: the last complete month with KPI facts (before the product clock’s month); an after-window ends on or before it, so a month under way is never compared.',
    }),
    score: t.field({
      type: PromotionScoreMeasure,
      description: 'The score measure.',
      resolve: (o) => o.score,
    }),
    teamSales: t.field({
      type: PromotionTeamMeasure,
      description: 'The team sales measure.',
      resolve: (o) => o.teamSales,
    }),
    promotions: t.field({
      type: [PromotionOutcomeRowRef],
      description: 'Every approved promotion within the viewer’s scope, by month of decision.',
      resolve: (o) => [...o.promotions],
    }),
  }),
});

builder.queryField('promotionOutcomes', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: PromotionOutcomesRef,
    description:
      'What approved promotions within the viewer’s scope did to the promoted people’s scores and their teams’ sales, against comparable people and teams (peers from the same scope).',
    args: {
      windowMonths: t.arg.int({
        defaultValue: 3,
        description: 'Months compared on each side of the decision month (1–12).',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const window = intInRange('windowMonths', WINDOW_MONTHS, args.windowMonths ?? 3, 1, 12);
      const o = await promotionOutcomesOf(ctx.db, dataScope(ctx.viewer), {
        windowMonths: window,
        asOf: clock().now().toISOString(),
      });
      return {
        ...o,
        score: { ...o.score, minimumPeers: o.minimumPeers },
        teamSales: { ...o.teamSales, minimumPeers: o.minimumPeers },
      };
    },
  }),
);
