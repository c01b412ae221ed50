import { z } from 'zod';
import { PolicyIdSchema, PolicyVersionSchema } from './common.ts';

/** The features of the retention-risk model, all derived from events up to the observation day. */
export const RETENTION_FEATURE_IDS = [
  'trainingCompletionRate',
  'mentorRating',
  'weeksWithoutSalesGrowth',
  'targetAttainment',
  'tenureMonths',
  'monthsEligibleWithoutPromotion',
  'feedbackTrend',
  'satisfactionLevel',
  'satisfactionTrend',
  'recruitingFit',
  'followUpTrend',
] as const;
export const RetentionFeatureIdSchema = z.enum(RETENTION_FEATURE_IDS);
export type RetentionFeatureId = z.infer<typeof RetentionFeatureIdSchema>;

export const RetentionFeatureDefinitionSchema = z.object({
  id: RetentionFeatureIdSchema,
  name: z.string().min(1),
  nameZh: z.string().min(1),
  definition: z.string().min(1),
});
export type RetentionFeatureDefinition = z.infer<typeof RetentionFeatureDefinitionSchema>;

export const RETENTION_FEATURES: Readonly<Record<RetentionFeatureId, RetentionFeatureDefinition>> = {
  trainingCompletionRate: {
    id: 'trainingCompletionRate',
    name: 'Training completion rate',
    nameZh: '培训完成率',
    definition: 'courses completed ÷ courses assigned (1 when none assigned)',
  },
  mentorRating: {
    id: 'mentorRating',
    name: 'Mentor rating',
    nameZh: '导师评分',
    definition: 'latest rating (0–10) the person gave their mentor; 10 when never mentored',
  },
  weeksWithoutSalesGrowth: {
    id: 'weeksWithoutSalesGrowth',
    name: 'Weeks without sales growth',
    nameZh: '连续业绩零增长周数',
    definition: 'consecutive most recent weeks whose sales did not exceed the week before',
  },
  targetAttainment: {
    id: 'targetAttainment',
    name: 'Target attainment',
    nameZh: '目标达成率',
    definition: 'sales over the last 8 weeks ÷ the target for the same weeks',
  },
  tenureMonths: { id: 'tenureMonths', name: 'Tenure', nameZh: '司龄（月）', definition: 'months since hire' },
  monthsEligibleWithoutPromotion: {
    id: 'monthsEligibleWithoutPromotion',
    name: 'Months eligible without promotion',
    nameZh: '符合晋升条件但未晋升的月数',
    definition: 'months since the person first met the promotion-alert thresholds without being promoted',
  },
  feedbackTrend: {
    id: 'feedbackTrend',
    name: 'Feedback trend',
    nameZh: '反馈趋势',
    definition: 'mean customer/360 rating of the last 8 weeks minus that of the 8 weeks before (1–5 scale)',
  },
  satisfactionLevel: {
    id: 'satisfactionLevel',
    name: 'Satisfaction',
    nameZh: '满意度',
    definition: 'latest satisfaction pulse answer (1–10)',
  },
  satisfactionTrend: {
    id: 'satisfactionTrend',
    name: 'Satisfaction trend',
    nameZh: '满意度趋势',
    definition: 'latest satisfaction pulse minus the mean of the earlier ones (1–10 scale)',
  },
  recruitingFit: {
    id: 'recruitingFit',
    name: 'Recruiting fit',
    nameZh: '招聘匹配度',
    definition: 'fit score (0–100) from the hiring assessment',
  },
  followUpTrend: {
    id: 'followUpTrend',
    name: 'Follow-up trend',
    nameZh: '客户跟进趋势',
    definition: 'follow-ups of the last 4 weeks ÷ those of the 4 weeks before, minus 1',
  },
};

export const ColdStartRulesSchema = z
  .object({
    trainingCompletionBelow: z
      .number()
      .min(0)
      .max(1)
      .describe('Signal: training completion rate (a fraction, 0–1) below this.'),
    mentorRatingBelow: z
      .number()
      .min(0)
      .max(10)
      .describe("Signal: the person's latest rating of their mentor (0–10) below this."),
    weeksWithoutSalesGrowthAtLeast: z
      .number()
      .int()
      .positive()
      .describe('Signal: at least this many consecutive recent weeks without sales growth.'),
  })
  .describe(
    "The seed's three rule signals, the cold-start fallback before a model is trained: a person showing at least two of them is flagged.",
  );
export type ColdStartRules = z.infer<typeof ColdStartRulesSchema>;

export const CalibrationBinSchema = z
  .object({
    from: z.number().describe('The predicted risk (0–1) the bin starts at, inclusive.'),
    to: z.number().describe('The predicted risk (0–1) the bin ends at, exclusive (the last bin includes 1).'),
    count: z.number().int().nonnegative().describe('Held-out rows whose predicted risk falls in the bin.'),
    meanPredicted: z.number().describe('The mean predicted risk (0–1) of those rows.'),
    observedRate: z
      .number()
      .describe('The share (0–1) of those rows whose person actually left within the horizon.'),
  })
  .describe(
    'One bin of the calibration table: held-out rows grouped by predicted risk, predicted against observed.',
  );
export type CalibrationBin = z.infer<typeof CalibrationBinSchema>;

export const BranchMetricsSchema = z
  .object({
    branchId: z.string().min(1).describe('The branch (org unit id) of the held-out rows.'),
    rows: z.number().int().nonnegative().describe('Held-out rows of the branch.'),
    positiveRate: z
      .number()
      .min(0)
      .max(1)
      .describe('The share (0–1) of them whose person left within the horizon.'),
    auc: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .describe('Area under the ROC curve; null when nobody (or everybody) of the branch left.'),
    precisionAtThreshold: z.number().min(0).max(1).describe('Precision at the alert threshold (0–1).'),
    recallAtThreshold: z.number().min(0).max(1).describe('Recall at the alert threshold (0–1).'),
    ece: z.number().min(0).max(1).describe('Expected calibration error on the branch’s rows.'),
    calibration: z.array(CalibrationBinSchema).describe('Calibration bins on the branch’s rows.'),
  })
  .describe('The held-out figures of one branch.');
export type BranchMetrics = z.infer<typeof BranchMetricsSchema>;

export const TrainingMetricsSchema = z
  .object({
    trainRows: z
      .number()
      .int()
      .nonnegative()
      .describe('Rows (person and observation day) the model was fitted on.'),
    testRows: z.number().int().nonnegative().describe('Held-out rows the figures are measured on.'),
    positiveRate: z
      .number()
      .min(0)
      .max(1)
      .describe('The share (0–1) of held-out rows whose person left within the horizon.'),
    auc: z
      .number()
      .min(0)
      .max(1)
      .describe('Area under the ROC curve on the held-out rows (0.5: no better than chance; 1: perfect).'),
    precisionAtThreshold: z
      .number()
      .min(0)
      .max(1)
      .describe('Of the held-out rows flagged at the threshold, the share (0–1) whose person left.'),
    recallAtThreshold: z
      .number()
      .min(0)
      .max(1)
      .describe('Of the held-out rows whose person left, the share (0–1) flagged at the threshold.'),
    calibration: z
      .array(CalibrationBinSchema)
      .describe('Predicted risk against what happened, by bins of predicted risk.'),
    ece: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        'Expected calibration error on the held-out rows: Σ over bins of (rows in the bin ÷ all rows) × |mean predicted − observed rate| (0: perfectly calibrated).',
      ),
    byBranch: z
      .array(BranchMetricsSchema)
      .optional()
      .describe('The same figures on the held-out rows of each branch (the branch at the observation).'),
  })
  .describe('Figures measured on the held-out split when the model was trained.');
export type TrainingMetrics = z.infer<typeof TrainingMetricsSchema>;

export const RecalibrationSchema = z
  .object({
    from: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .describe(
        'Training rows whose outcome window closed on or after this date formed the calibration window (the latest part of the training rows, never the held-out ones).',
      ),
    rows: z.number().int().positive().describe('Rows in the calibration window.'),
    observedRate: z
      .number()
      .min(0)
      .max(1)
      .describe('The share (0–1) of the calibration window whose person left within the horizon.'),
    meanPredictedBefore: z
      .number()
      .min(0)
      .max(1)
      .describe(
        'The mean risk (0–1) the model fitted on the earlier training rows gave the calibration window, before the shift.',
      ),
    shift: z
      .number()
      .finite()
      .describe(
        'Log-odds added to the intercept so that the mean predicted risk of the calibration window equals its observed leaving rate (recalibration in the large).',
      ),
  })
  .describe(
    'Recalibration in the large: the model is fitted on the earlier training rows, its intercept is shifted to match the leaving rate of the latest training rows, and the shift is kept when it is refitted on all training rows.',
  );
export type Recalibration = z.infer<typeof RecalibrationSchema>;

export const TrainingRecordSchema = z
  .object({
    position: z
      .string()
      .regex(/^\d+$/)
      .describe('Global position (`$all`) of the last event the model was trained on (decimal).'),
    cutOff: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .describe(
        'Business date up to which outcomes were counted: only observations whose outcome window closed by it were used.',
      ),
    horizonDays: z
      .number()
      .int()
      .positive()
      .describe('A row is labelled "left" when the person left voluntarily within this many days after it.'),
    seed: z
      .number()
      .int()
      .nonnegative()
      .describe("Seed of each person's observation weeks (with the same position: the same coefficients)."),
    everyWeeks: z
      .number()
      .int()
      .positive()
      .describe('Each person was observed every this many weeks, from a week drawn from the seed.'),
    splitOn: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .describe(
        'Time-based hold-out: rows whose outcome window closed before this date were trained on, the later ones held out.',
      ),
    trainPeople: z.number().int().nonnegative().describe('People with at least one training row.'),
    testPeople: z.number().int().nonnegative().describe('People with at least one held-out row.'),
    trainPositiveRate: z
      .number()
      .min(0)
      .max(1)
      .describe('The share (0–1) of training rows whose person left within the horizon.'),
    thresholdRule: z
      .string()
      .min(1)
      .describe('How the alert threshold was chosen (on the training rows only).'),
    recalibration: RecalibrationSchema.nullable()
      .optional()
      .describe(
        'The intercept shift fitted on the latest part of the training rows (null: that part held no leaver or no stayer, so none was applied; absent: trained before recalibration existed).',
      ),
  })
  .describe('How and on what a model was trained by the product: position, cut-off, horizon, split.');
export type TrainingRecord = z.infer<typeof TrainingRecordSchema>;

/**
 * A retention (attrition) model as data: logistic regression on standardised features.
 * `risk = σ(intercept + Σ coefficient_f × (x_f − mean_f) ÷ std_f)`; the probability that the
 * person leaves within `horizonWeeks`. At or above `threshold` the person is flagged.
 */
export const RetentionModelSchema = z.object({
  id: PolicyIdSchema,
  version: PolicyVersionSchema,
  horizonWeeks: z
    .number()
    .int()
    .positive()
    .describe('The risk is the probability that the person leaves within this many weeks.'),
  threshold: z.number().gt(0).lt(1).describe('A person whose risk (0–1) is at or above this is flagged.'),
  features: z
    .array(RetentionFeatureIdSchema)
    .min(1)
    .describe('The features the model uses; coefficients, means and stds are in this order.'),
  intercept: z.number().finite().describe('The intercept of the logistic regression, in log-odds.'),
  coefficients: z
    .array(z.number().finite())
    .describe('One coefficient per feature (log-odds per standard deviation of the feature).'),
  means: z
    .array(z.number().finite())
    .describe('The mean of each feature over the training rows, subtracted before scaling.'),
  stds: z
    .array(z.number().positive())
    .describe(
      'The standard deviation of each feature over the training rows (1 for a constant one), divided by after centring.',
    ),
  l2: z.number().nonnegative().describe('The L2 penalty the coefficients were fitted with (0: none).'),
  coldStart: ColdStartRulesSchema,
  metrics: TrainingMetricsSchema.nullable().describe(
    'Figures measured on the held-out split when the product trained the model; null for a model published by hand.',
  ),
  training: TrainingRecordSchema.nullable()
    .optional()
    .describe(
      'How the product trained the model (position, cut-off, horizon, split); null or absent for a model published by hand.',
    ),
});
export type RetentionModel = z.infer<typeof RetentionModelSchema>;

/**
 * A model as a publisher may hand it in: coefficients and threshold, no metrics and no training
 * record. Metrics are only ever the product's own, measured when it trains a model.
 */
export const RetentionModelInputSchema = RetentionModelSchema.omit({
  metrics: true,
  training: true,
}).strict();
export type RetentionModelInput = z.infer<typeof RetentionModelInputSchema>;

/** The default horizon of a trained model: leaving within 90 days. */
export const DEFAULT_RETENTION_HORIZON_DAYS = 90;

export const DEFAULT_COLD_START_RULES: ColdStartRules = {
  trainingCompletionBelow: 0.8,
  mentorRatingBelow: 7,
  weeksWithoutSalesGrowthAtLeast: 2,
};
