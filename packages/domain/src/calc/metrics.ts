import { validation } from '../core/errors.ts';
import type { CalibrationBin } from '../policy/retention.ts';

/**
 * Area under the ROC curve: the probability that a random positive is scored above a random
 * negative (ties count half), computed from ranks (Mann–Whitney U).
 */
export function auc(scores: readonly number[], labels: readonly number[]): number {
  const n = scores.length;
  const order = [...scores.keys()].sort((a, b) => (scores[a] as number) - (scores[b] as number));
  const ranks = new Array<number>(n).fill(0);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k] as number] = averageRank;
    i = j + 1;
  }
  let positives = 0;
  let rankSum = 0;
  for (let k = 0; k < n; k++) {
    if (labels[k] === 1) {
      positives++;
      rankSum += ranks[k] as number;
    }
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0)
    throw validation('AUC needs at least one positive and one negative');
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Precision and recall when everyone scored at or above `threshold` is flagged. */
export function precisionRecall(
  scores: readonly number[],
  labels: readonly number[],
  threshold: number,
): { precision: number; recall: number; flagged: number; truePositives: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let k = 0; k < scores.length; k++) {
    const flagged = (scores[k] as number) >= threshold;
    const positive = labels[k] === 1;
    if (flagged && positive) tp++;
    else if (flagged) fp++;
    else if (positive) fn++;
  }
  return {
    precision: tp + fp === 0 ? 0 : tp / (tp + fp),
    recall: tp + fn === 0 ? 0 : tp / (tp + fn),
    flagged: tp + fp,
    truePositives: tp,
  };
}

/** The threshold (among the scores) that maximises F1. */
export function bestF1Threshold(scores: readonly number[], labels: readonly number[]): number {
  const order = [...scores.keys()].sort((a, b) => (scores[b] as number) - (scores[a] as number));
  const positives = labels.reduce((a, b) => a + b, 0);
  let tp = 0;
  let best = { f1: -1, threshold: 0.5 };
  for (let k = 0; k < order.length; k++) {
    const idx = order[k] as number;
    if (labels[idx] === 1) tp++;
    const next = order[k + 1];
    if (next !== undefined && scores[next] === scores[idx]) continue;
    const precision = tp / (k + 1);
    const recall = positives === 0 ? 0 : tp / positives;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    if (f1 > best.f1) best = { f1, threshold: scores[idx] as number };
  }
  return best.threshold;
}

/** Reliability table: equal-width bins of predicted probability, mean prediction vs observed rate. */
export function calibration(
  scores: readonly number[],
  labels: readonly number[],
  bins = 10,
): CalibrationBin[] {
  const acc = Array.from({ length: bins }, (_, b) => ({
    from: b / bins,
    to: (b + 1) / bins,
    count: 0,
    sumP: 0,
    sumY: 0,
  }));
  for (let k = 0; k < scores.length; k++) {
    const s = scores[k] as number;
    const bin = acc[Math.min(bins - 1, Math.floor(s * bins))];
    if (!bin) continue;
    bin.count++;
    bin.sumP += s;
    bin.sumY += labels[k] as number;
  }
  return acc.map((b) => ({
    from: b.from,
    to: b.to,
    count: b.count,
    meanPredicted: b.count === 0 ? 0 : b.sumP / b.count,
    observedRate: b.count === 0 ? 0 : b.sumY / b.count,
  }));
}

/**
 * Expected calibration error of a reliability table: Σ over bins of (rows in the bin ÷ all
 * rows) × |mean predicted − observed rate|; 0 without rows.
 */
export function expectedCalibrationError(bins: readonly CalibrationBin[]): number {
  const n = bins.reduce((a, b) => a + b.count, 0);
  if (n === 0) return 0;
  return bins.reduce((a, b) => a + (b.count / n) * Math.abs(b.meanPredicted - b.observedRate), 0);
}
