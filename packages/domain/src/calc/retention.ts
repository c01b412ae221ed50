import { validation } from '../core/errors.ts';
import { type PolicyRef, policyRef } from '../policy/common.ts';
import {
  type ColdStartRules,
  DEFAULT_COLD_START_RULES,
  RETENTION_FEATURE_IDS,
  RETENTION_FEATURES,
  type RetentionFeatureId,
  type RetentionModel,
} from '../policy/retention.ts';
import type { Bilingual } from './eligibility.ts';
import { num, round } from './format.ts';
import { fitLogistic, logOdds } from './logistic.ts';
import { auc, bestF1Threshold, calibration, precisionRecall } from './metrics.ts';
import { sigmoid } from './stats.ts';

/** One person's retention features on an observation day. */
export type RetentionFeatures = Readonly<Record<RetentionFeatureId, number>>;

/** A training example: features on an observation day and whether the person left within the horizon. */
export type RetentionRow = {
  readonly personId: string;
  /** Week index (or any ordinal) of the observation. */
  readonly week: number;
  readonly features: RetentionFeatures;
  /** 1 when the person left within the horizon after the observation, else 0. */
  readonly left: 0 | 1;
};

/** One factor's share of a prediction, in log-odds. Positive raises the risk. */
export type FactorContribution = {
  readonly feature: RetentionFeatureId;
  readonly name: string;
  readonly nameZh: string;
  readonly value: number;
  /** (value − mean) ÷ std. */
  readonly standardised: number;
  readonly coefficient: number;
  /** coefficient × standardised, in log-odds. */
  readonly contribution: number;
};

export type RetentionRisk =
  | {
      readonly method: 'model';
      readonly policy: PolicyRef;
      /** Probability of leaving within the horizon. */
      readonly risk: number;
      readonly flagged: boolean;
      readonly threshold: number;
      readonly horizonWeeks: number;
      /** Sorted by absolute contribution, largest first. */
      readonly contributions: readonly FactorContribution[];
      readonly formula: string;
    }
  | {
      readonly method: 'coldStart';
      readonly flagged: boolean;
      /** The seed's three signals, each met or not, with its text. */
      readonly signals: readonly { readonly rule: string; readonly met: boolean; readonly text: Bilingual }[];
      readonly formula: string;
    };

/** Feature values in the order the model lists them. */
export const featureVector = (features: RetentionFeatures, ids: readonly RetentionFeatureId[]): number[] =>
  ids.map((id) => features[id]);

/**
 * The seed's rules: training completion < 80%, mentor rating < 7, two consecutive weeks of zero
 * sales growth. People showing all three left at 90%; the fallback flags anyone with ≥ 2.
 */
export function coldStartRisk(
  features: RetentionFeatures,
  rules: ColdStartRules = DEFAULT_COLD_START_RULES,
): RetentionRisk {
  const signals = [
    {
      rule: 'trainingCompletionBelow',
      met: features.trainingCompletionRate < rules.trainingCompletionBelow,
      text: {
        en: `training completion ${num(round(features.trainingCompletionRate * 100, 1))}% (signal below ${num(rules.trainingCompletionBelow * 100)}%)`,
        zh: `培训完成率 ${num(round(features.trainingCompletionRate * 100, 1))}%（低于 ${num(rules.trainingCompletionBelow * 100)}% 为风险信号）`,
      },
    },
    {
      rule: 'mentorRatingBelow',
      met: features.mentorRating < rules.mentorRatingBelow,
      text: {
        en: `mentor rating ${num(features.mentorRating, 1)}/10 (signal below ${num(rules.mentorRatingBelow)})`,
        zh: `导师评分 ${num(features.mentorRating, 1)}/10（低于 ${num(rules.mentorRatingBelow)} 为风险信号）`,
      },
    },
    {
      rule: 'weeksWithoutSalesGrowthAtLeast',
      met: features.weeksWithoutSalesGrowth >= rules.weeksWithoutSalesGrowthAtLeast,
      text: {
        en: `${num(features.weeksWithoutSalesGrowth)} consecutive weeks without sales growth (signal at ${rules.weeksWithoutSalesGrowthAtLeast})`,
        zh: `连续 ${num(features.weeksWithoutSalesGrowth)} 周业绩零增长（${rules.weeksWithoutSalesGrowthAtLeast} 周起为风险信号）`,
      },
    },
  ];
  const count = signals.filter((s) => s.met).length;
  return {
    method: 'coldStart',
    flagged: count >= 2,
    signals,
    formula: `${count} of 3 signals met; flagged at ≥ 2`,
  };
}

/** Risk from a trained model, with each factor's contribution to the log-odds. */
export function modelRisk(model: RetentionModel, features: RetentionFeatures): RetentionRisk {
  const contributions = model.features.map((feature, j): FactorContribution => {
    const value = features[feature];
    const standardised = (value - (model.means[j] as number)) / (model.stds[j] as number);
    const coefficient = model.coefficients[j] as number;
    const def = RETENTION_FEATURES[feature];
    return {
      feature,
      name: def.name,
      nameZh: def.nameZh,
      value,
      standardised,
      coefficient,
      contribution: coefficient * standardised,
    };
  });
  const eta = logOdds(model, featureVector(features, model.features));
  const risk = sigmoid(eta);
  return {
    method: 'model',
    policy: policyRef(model),
    risk,
    flagged: risk >= model.threshold,
    threshold: model.threshold,
    horizonWeeks: model.horizonWeeks,
    contributions: [...contributions].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)),
    formula: `risk = σ(${num(model.intercept)} + Σ coefficient × standardised value) = σ(${num(eta)}) = ${num(risk)}`,
  };
}

/** The model when one is published, otherwise the cold-start rules. */
export const retentionRisk = (model: RetentionModel | null, features: RetentionFeatures): RetentionRisk =>
  model ? modelRisk(model, features) : coldStartRisk(features);

/** Deterministic 0–99 bucket of a person id (FNV-1a), so that a person is wholly in train or test. */
export function splitBucket(personId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < personId.length; i++) {
    h ^= personId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 100;
}

export type TrainRetentionOptions = {
  readonly id?: string;
  readonly version?: number;
  readonly horizonWeeks: number;
  readonly l2?: number;
  /** Share of people (not rows) held out for evaluation. */
  readonly testShare?: number;
  /** Alert threshold; when absent, the F1-maximising threshold on the training split. */
  readonly threshold?: number;
  readonly features?: readonly RetentionFeatureId[];
};

/**
 * Trains the retention model on the rows of people outside the held-out split and measures
 * it on the held-out people: AUC, precision and recall at the alert threshold, calibration.
 */
export function trainRetentionModel(
  rows: readonly RetentionRow[],
  options: TrainRetentionOptions,
): RetentionModel {
  const features = options.features ?? RETENTION_FEATURE_IDS;
  const testShare = options.testShare ?? 0.3;
  const cut = Math.round(testShare * 100);
  const train = rows.filter((r) => splitBucket(r.personId) >= cut);
  const test = rows.filter((r) => splitBucket(r.personId) < cut);
  if (train.length === 0 || test.length === 0)
    throw validation('both train and held-out splits must be non-empty');
  const toX = (rs: readonly RetentionRow[]) => rs.map((r) => featureVector(r.features, features));
  const l2 = options.l2 ?? 1;
  const fit = fitLogistic(
    toX(train),
    train.map((r) => r.left),
    { l2 },
  );
  const trainScores = toX(train).map((x) => sigmoid(logOdds(fit, x)));
  const threshold =
    options.threshold ??
    bestF1Threshold(
      trainScores,
      train.map((r) => r.left),
    );
  const testLabels = test.map((r) => r.left);
  const testScores = toX(test).map((x) => sigmoid(logOdds(fit, x)));
  const pr = precisionRecall(testScores, testLabels, threshold);
  return {
    id: options.id ?? 'retention-model',
    version: options.version ?? 1,
    horizonWeeks: options.horizonWeeks,
    threshold: Math.min(0.999, Math.max(0.001, threshold)),
    features: [...features],
    intercept: fit.intercept,
    coefficients: [...fit.coefficients],
    means: [...fit.means],
    stds: [...fit.stds],
    l2,
    coldStart: DEFAULT_COLD_START_RULES,
    metrics: {
      trainRows: train.length,
      testRows: test.length,
      positiveRate: testLabels.reduce<number>((a, b) => a + b, 0) / test.length,
      auc: auc(testScores, testLabels),
      precisionAtThreshold: pr.precision,
      recallAtThreshold: pr.recall,
      calibration: calibration(testScores, testLabels),
    },
  };
}
