import { validation } from '../core/errors.ts';
import { type PolicyRef, policyRef } from '../policy/common.ts';
import {
  type ColdStartRules,
  DEFAULT_COLD_START_RULES,
  DEFAULT_RETENTION_HORIZON_DAYS,
  RETENTION_FEATURE_IDS,
  RETENTION_FEATURES,
  type Recalibration,
  type RetentionFeatureId,
  type RetentionModel,
  type TrainingRecord,
} from '../policy/retention.ts';
import type { Bilingual } from './eligibility.ts';
import { num, round } from './format.ts';
import { fitLogistic, interceptShift, logOdds } from './logistic.ts';
import { auc, bestF1Threshold, calibration, expectedCalibrationError, precisionRecall } from './metrics.ts';
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
  /** The person's branch at the observation (per-branch figures), when known. */
  readonly branchId?: string;
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

/** FNV-1a hash of a text, as an unsigned 32-bit integer. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export type TrainRetentionOptions = {
  readonly id?: string;
  readonly version?: number;
  /** A row is labelled 1 when its person left within this many days (the rows say so already). */
  readonly horizonDays?: number;
  readonly l2?: number;
  /** Share of rows (the latest outcome windows) held out for evaluation (default 0.3). */
  readonly testShare?: number;
  /** Alert threshold; when absent, the F1-maximising threshold on the training rows. */
  readonly threshold?: number;
  readonly features?: readonly RetentionFeatureId[];
  /** Where the rows came from, recorded with the model (the product's training). */
  readonly source?: Pick<TrainingRecord, 'position' | 'cutOff' | 'seed' | 'everyWeeks'>;
  /** Shift the intercept to the latest training rows' leaving rate (default true; see `recalibrationInTheLarge`). */
  readonly recalibrate?: boolean;
  /** The ISO date an outcome window closing on a row's `week` ordinal + horizon falls on. */
  readonly closesOn?: (week: number) => string;
};

/**
 * Share of the training rows (the latest outcome windows) that recalibrates the intercept:
 * the model is fitted on the earlier rest, and its intercept shifted so that its mean risk on
 * these rows equals their observed leaving rate (`interceptShift`).
 */
export const RECALIBRATION_SHARE = 0.3;

/**
 * Recalibration in the large on the training rows only (Steyerberg, *Clinical Prediction
 * Models*, ch. 20: updating the intercept). A logistic regression's predictions average to
 * the leaving rate of the period it was fitted on; the held-out period is later, and a
 * company's leaving rate moves. So the training rows are split by time once more: a model
 * fitted on their earlier 70% predicts the latest 30% (the calibration window), and the
 * log-odds shift that makes its mean prediction there equal the observed rate is kept. One
 * parameter, so it is stable on a few dozen leavers where a slope or an isotonic curve is not.
 * The caller refits on all training rows and adds the shift to the intercept. Null when the
 * window or the rows before it hold no leaver or no stayer.
 */
export function recalibrationInTheLarge(
  train: readonly RetentionRow[],
  toX: (rs: readonly RetentionRow[]) => number[][],
  l2: number,
  closesOn: (week: number) => string,
): Recalibration | null {
  const { train: earlier, test: window, splitWeek } = timeSplit(train, RECALIBRATION_SHARE);
  const both = (rs: readonly RetentionRow[]) => rs.some((r) => r.left === 1) && rs.some((r) => r.left === 0);
  if (!both(earlier) || !both(window)) return null;
  const fit = fitLogistic(
    toX(earlier),
    earlier.map((r) => r.left),
    { l2 },
  );
  const eta = toX(window).map((x) => logOdds(fit, x));
  const labels = window.map((r) => r.left);
  const shift = interceptShift(eta, labels);
  if (shift === null) return null;
  return {
    from: closesOn(splitWeek),
    rows: window.length,
    observedRate: labels.reduce<number>((a, b) => a + b, 0) / window.length,
    meanPredictedBefore: eta.reduce((a, e) => a + sigmoid(e), 0) / eta.length,
    shift,
  };
}

/** AUC when both classes are present, else null. */
const aucOrNull = (scores: readonly number[], labels: readonly number[]): number | null => {
  const positives = labels.filter((l) => l === 1).length;
  return positives === 0 || positives === labels.length ? null : auc(scores, labels);
};

/** Held-out figures of scored rows at a threshold. */
export function heldOutFigures(scores: readonly number[], labels: readonly number[], threshold: number) {
  const pr = precisionRecall(scores, labels, threshold);
  const bins = calibration(scores, labels);
  return {
    rows: scores.length,
    positiveRate: scores.length === 0 ? 0 : labels.reduce<number>((a, b) => a + b, 0) / scores.length,
    auc: aucOrNull(scores, labels),
    precisionAtThreshold: pr.precision,
    recallAtThreshold: pr.recall,
    ece: expectedCalibrationError(bins),
    calibration: bins,
  };
}

/**
 * Splits rows by time: sorted by the week their outcome window closes (every row's window is
 * as long, so by observation week), the earliest `1 − testShare` are trained on and the latest
 * held out; the rows of one week stay on one side. Returns the first held-out week too.
 */
export function timeSplit<R extends { readonly week: number }>(
  rows: readonly R[],
  testShare: number,
): { train: R[]; test: R[]; splitWeek: number } {
  if (!(testShare > 0 && testShare < 1))
    throw validation(`testShare must lie between 0 and 1, got ${testShare}`);
  const weeks = [...new Set(rows.map((r) => r.week))].sort((a, b) => a - b);
  const perWeek = new Map<number, number>();
  for (const r of rows) perWeek.set(r.week, (perWeek.get(r.week) ?? 0) + 1);
  const trainTarget = (1 - testShare) * rows.length;
  let cumulative = 0;
  let splitWeek = weeks.at(-1) ?? 0;
  for (const w of weeks) {
    if (cumulative >= trainTarget) {
      splitWeek = w;
      break;
    }
    cumulative += perWeek.get(w) ?? 0;
    splitWeek = w + 1;
  }
  return {
    train: rows.filter((r) => r.week < splitWeek),
    test: rows.filter((r) => r.week >= splitWeek),
    splitWeek,
  };
}

/**
 * Trains the retention model with a time-based hold-out (`timeSplit`): fitted on the rows
 * whose outcome window closed earlier, measured on the later ones: AUC (ties count half),
 * precision and recall at the alert threshold (chosen on the training rows only), calibration
 * bins and expected calibration error, overall and per branch. Deterministic: the same rows
 * give the same coefficients.
 */
export function trainRetentionModel(
  rows: readonly RetentionRow[],
  options: TrainRetentionOptions = {},
): RetentionModel {
  const features = options.features ?? RETENTION_FEATURE_IDS;
  const horizonDays = options.horizonDays ?? DEFAULT_RETENTION_HORIZON_DAYS;
  const { train, test, splitWeek } = timeSplit(rows, options.testShare ?? 0.3);
  if (train.length === 0 || test.length === 0)
    throw validation(
      `not enough history to train: ${rows.length} observation(s) whose outcome is known; both the earlier (training) and the later (held-out) part must hold some`,
      { field: 'cutOff', rule: 'trainingHistory', rows: rows.length },
    );
  const trainLabels = train.map((r) => r.left);
  if (!trainLabels.includes(1) || !trainLabels.includes(0))
    throw validation(
      `cannot train: in the ${train.length} training observation(s) ${trainLabels.includes(1) ? 'everybody' : 'nobody'} left within ${horizonDays} days`,
      { field: 'horizonDays', rule: 'trainingLabels', rows: train.length },
    );
  const toX = (rs: readonly RetentionRow[]) => rs.map((r) => featureVector(r.features, features));
  const l2 = options.l2 ?? 1;
  const recalibration =
    options.recalibrate === false
      ? null
      : recalibrationInTheLarge(
          train,
          toX,
          l2,
          options.closesOn ?? (() => options.source?.cutOff ?? '1970-01-01'),
        );
  const refit = fitLogistic(toX(train), trainLabels, { l2 });
  const fit = { ...refit, intercept: refit.intercept + (recalibration?.shift ?? 0) };
  const trainScores = toX(train).map((x) => sigmoid(logOdds(fit, x)));
  const chosen = options.threshold ?? bestF1Threshold(trainScores, trainLabels);
  const threshold = Math.min(0.999, Math.max(0.001, chosen));
  const testLabels = test.map((r) => r.left);
  const testScores = toX(test).map((x) => sigmoid(logOdds(fit, x)));
  const overall = heldOutFigures(testScores, testLabels, threshold);
  const branches = [...new Set(test.map((r) => r.branchId ?? ''))].filter((b) => b !== '').sort();
  const byBranch = branches.map((branchId) => {
    const idx = test.flatMap((r, i) => (r.branchId === branchId ? [i] : []));
    return {
      branchId,
      ...heldOutFigures(
        idx.map((i) => testScores[i] as number),
        idx.map((i) => testLabels[i] as number),
        threshold,
      ),
    };
  });
  const people = (rs: readonly RetentionRow[]) => new Set(rs.map((r) => r.personId)).size;
  return {
    id: options.id ?? 'retention-model',
    version: options.version ?? 1,
    horizonWeeks: Math.max(1, Math.round(horizonDays / 7)),
    threshold,
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
      positiveRate: overall.positiveRate,
      // Both classes are in the held-out rows unless nobody (or everybody) left there.
      auc: overall.auc ?? 0.5,
      precisionAtThreshold: overall.precisionAtThreshold,
      recallAtThreshold: overall.recallAtThreshold,
      calibration: overall.calibration,
      ece: overall.ece,
      byBranch,
    },
    training: options.source
      ? {
          ...options.source,
          horizonDays,
          splitOn: options.closesOn ? options.closesOn(splitWeek) : options.source.cutOff,
          trainPeople: people(train),
          testPeople: people(test),
          trainPositiveRate: trainLabels.reduce<number>((a, b) => a + b, 0) / train.length,
          thresholdRule:
            options.threshold === undefined
              ? `the risk that maximises F1 on the ${train.length} training rows (${round(chosen, 4)})`
              : `given (${options.threshold})`,
          recalibration,
        }
      : null,
  };
}

/**
 * The bound on calibration drift: a published model's live expected calibration error (its
 * past weekly predictions against who then left) may exceed the one measured when it was
 * trained by at most this much (0.05 = 5 percentage points) before `modelQuality` warns.
 */
export const CALIBRATION_DRIFT_BOUND = 0.05;
/** Fewer resolved predictions than this and no drift is judged (too few to tell). */
export const MIN_PREDICTIONS_FOR_DRIFT = 100;

/** A past prediction whose outcome is known. */
export type PredictionOutcome = { readonly risk: number; readonly flagged: boolean; readonly left: boolean };

/** How past predictions turned out: the held-out figures, on what happened after publication. */
export function predictionOutcomes(outcomes: readonly PredictionOutcome[], threshold: number) {
  const figures = heldOutFigures(
    outcomes.map((o) => o.risk),
    outcomes.map((o) => (o.left ? 1 : 0)),
    threshold,
  );
  const flagged = outcomes.filter((o) => o.flagged).length;
  const left = outcomes.filter((o) => o.left).length;
  const flaggedLeft = outcomes.filter((o) => o.flagged && o.left).length;
  return {
    ...figures,
    flagged,
    left,
    flaggedLeft,
    /** flaggedLeft ÷ flagged; null without flags. */
    precision: flagged === 0 ? null : flaggedLeft / flagged,
    /** flaggedLeft ÷ left; null when nobody left. */
    recall: left === 0 ? null : flaggedLeft / left,
    meanPredicted: outcomes.length === 0 ? 0 : outcomes.reduce((a, o) => a + o.risk, 0) / outcomes.length,
  };
}

/**
 * Whether calibration drifted: the live ECE exceeds the trained one by more than
 * `CALIBRATION_DRIFT_BOUND`, judged on at least `MIN_PREDICTIONS_FOR_DRIFT` predictions.
 */
export function calibrationDrift(
  liveEce: number,
  trainedEce: number | null,
  predictions: number,
): { judged: boolean; drift: number; warning: boolean } {
  const drift = liveEce - (trainedEce ?? 0);
  const judged = predictions >= MIN_PREDICTIONS_FOR_DRIFT;
  return { judged, drift, warning: judged && drift > CALIBRATION_DRIFT_BOUND };
}
