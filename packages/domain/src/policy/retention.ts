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

/** The seed's three rule signals, used as the cold-start fallback before a model is trained. */
export const ColdStartRulesSchema = z.object({
  trainingCompletionBelow: z.number().min(0).max(1),
  mentorRatingBelow: z.number().min(0).max(10),
  weeksWithoutSalesGrowthAtLeast: z.number().int().positive(),
});
export type ColdStartRules = z.infer<typeof ColdStartRulesSchema>;

export const CalibrationBinSchema = z.object({
  from: z.number(),
  to: z.number(),
  count: z.number().int().nonnegative(),
  meanPredicted: z.number(),
  observedRate: z.number(),
});
export type CalibrationBin = z.infer<typeof CalibrationBinSchema>;

/** Figures measured on the held-out split when the model was trained. */
export const TrainingMetricsSchema = z.object({
  trainRows: z.number().int().nonnegative(),
  testRows: z.number().int().nonnegative(),
  positiveRate: z.number().min(0).max(1),
  auc: z.number().min(0).max(1),
  precisionAtThreshold: z.number().min(0).max(1),
  recallAtThreshold: z.number().min(0).max(1),
  calibration: z.array(CalibrationBinSchema),
});
export type TrainingMetrics = z.infer<typeof TrainingMetricsSchema>;

/**
 * A retention (attrition) model as data: logistic regression on standardised features.
 * `risk = σ(intercept + Σ coefficient_f × (x_f − mean_f) ÷ std_f)`; the probability that the
 * person leaves within `horizonWeeks`. At or above `threshold` the person is flagged.
 */
export const RetentionModelSchema = z.object({
  id: PolicyIdSchema,
  version: PolicyVersionSchema,
  horizonWeeks: z.number().int().positive(),
  threshold: z.number().gt(0).lt(1),
  features: z.array(RetentionFeatureIdSchema).min(1),
  intercept: z.number().finite(),
  coefficients: z.array(z.number().finite()),
  means: z.array(z.number().finite()),
  stds: z.array(z.number().positive()),
  l2: z.number().nonnegative(),
  coldStart: ColdStartRulesSchema,
  metrics: TrainingMetricsSchema.nullable(),
});
export type RetentionModel = z.infer<typeof RetentionModelSchema>;

export const DEFAULT_COLD_START_RULES: ColdStartRules = {
  trainingCompletionBelow: 0.8,
  mentorRatingBelow: 7,
  weeksWithoutSalesGrowthAtLeast: 2,
};
