import { validation } from '../core/errors.ts';
import { quantile, sum, variance, wilson95 } from './stats.ts';

/**
 * Calibration of a promotion round (评审校准): where the round's candidates stand on a 9-box
 * of performance × readiness, how their scores are distributed, how nominations and approvals
 * of a branch, team or manager compare with the company's, and how long reviews take. Pure:
 * the API gathers the reviews, scores and readiness and hands them here.
 */

/**
 * The stated bounds of calibration, shown on the calibration page and in docs/dashboard.md:
 * - performance (the composite score at nomination, 0–100): low below 80, mid 80 to below 90,
 *   high 90 and above (90 is the ladder's promotion threshold for supervisor);
 * - readiness (share of the target level's ladder requirements met): low below 60%, mid 60% to
 *   below 100%, high when every requirement is met;
 * - a group (branch, team, manager) is compared with the company only from `minSample`
 *   candidates (decided reviews for the approval rate); below, it is listed as too few to judge;
 * - its mean score is flagged when it differs from the company's by more than `scoreDeviation`
 *   points and by more than 1.96 standard errors of the group's mean;
 * - its approval rate is flagged when it differs from the company's by more than
 *   `approvalDeviation` (20 percentage points) and the company's rate lies outside the group's
 *   95% Wilson interval.
 */
export const CALIBRATION_BOUNDS = {
  scoreMid: 80,
  scoreHigh: 90,
  readinessMid: 0.6,
  readinessHigh: 1,
  minSample: 5,
  scoreDeviation: 5,
  approvalDeviation: 0.2,
  histogramWidth: 5,
} as const;
export type CalibrationBounds = typeof CALIBRATION_BOUNDS;

export type CalibrationBand = 'low' | 'mid' | 'high';
export const CALIBRATION_BANDS: readonly CalibrationBand[] = ['low', 'mid', 'high'];

/** The performance band of a composite score (0–100). */
export function scoreBand(score: number, bounds: CalibrationBounds = CALIBRATION_BOUNDS): CalibrationBand {
  return score >= bounds.scoreHigh ? 'high' : score >= bounds.scoreMid ? 'mid' : 'low';
}

/** The readiness band of a share of requirements met (0–1). */
export function readinessBand(
  share: number,
  bounds: CalibrationBounds = CALIBRATION_BOUNDS,
): CalibrationBand {
  return share >= bounds.readinessHigh ? 'high' : share >= bounds.readinessMid ? 'mid' : 'low';
}

/** Readiness: the share of the target level's requirements met; null for a level with none. */
export const readinessShare = (met: number, required: number): number | null =>
  required > 0 ? met / required : null;

const ROUND = /^(\d{4})-Q([1-4])$/;

/** The round (`YYYY-Qn`) of a business date or time: its calendar quarter. */
export function roundOf(time: string): string {
  const month = Number(time.slice(5, 7));
  if (!/^\d{4}-\d{2}/.test(time) || month < 1 || month > 12) {
    throw validation(`not a date: ${time}`);
  }
  return `${time.slice(0, 4)}-Q${Math.ceil(month / 3)}`;
}

/** The first and last day of a round (`YYYY-MM-DD`, both inclusive). */
export function roundDates(round: string): { from: string; to: string } {
  const m = ROUND.exec(round);
  if (!m) throw validation(`round must be a quarter as YYYY-Qn, got ${round}`);
  const year = Number(m[1]);
  const first = (Number(m[2]) - 1) * 3 + 1;
  const last = first + 2;
  const lastDay = new Date(Date.UTC(year, last, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(last)}-${pad(lastDay)}` };
}

/** One bar of the score histogram: scores from `from` up to (not including) `to`; the last bar includes 100. */
export interface HistogramBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

/**
 * Scores counted in bars `width` points wide, from the bar of the lowest score up to 100 (a
 * score of exactly 100 falls in the last bar); empty for no scores.
 */
export function scoreHistogram(
  scores: readonly number[],
  width: number = CALIBRATION_BOUNDS.histogramWidth,
): HistogramBin[] {
  if (scores.length === 0) return [];
  const top = 100;
  const start = Math.min(top - width, Math.floor(Math.min(...scores) / width) * width);
  const bins: { from: number; to: number; count: number }[] = [];
  for (let from = start; from < top; from += width) bins.push({ from, to: from + width, count: 0 });
  for (const s of scores) {
    const i = Math.min(bins.length - 1, Math.floor((s - start) / width));
    (bins[i] as { count: number }).count++;
  }
  return bins;
}

/** One candidate of a round, for the comparison of groups. */
export interface GroupMember {
  /** The branch, team or manager the candidate is counted under. */
  readonly group: string;
  readonly score: number;
  /** Null while undecided. */
  readonly outcome: 'approved' | 'rejected' | null;
}

export type DeviationWarning = 'score' | 'approval';

/** A group's (or the company's) nominations, scores and approvals in a round. */
export interface GroupStats {
  readonly group: string;
  readonly nominations: number;
  readonly meanScore: number;
  /** Sample standard deviation of the scores (0 below two). */
  readonly scoreSd: number;
  readonly decided: number;
  readonly approved: number;
  /** Approved of decided; null while none is decided. */
  readonly approvalRate: number | null;
  /** Mean score minus the company's (points). */
  readonly scoreDifference: number;
  /** Approval rate minus the company's; null when either has none decided. */
  readonly approvalDifference: number | null;
  /** Fewer nominations than the stated minimum: compared with nobody, never flagged. */
  readonly tooFew: boolean;
  readonly warnings: readonly DeviationWarning[];
}

function stats(group: string, members: readonly GroupMember[]) {
  const scores = members.map((m) => m.score);
  const decided = members.filter((m) => m.outcome !== null).length;
  const approved = members.filter((m) => m.outcome === 'approved').length;
  return {
    group,
    nominations: members.length,
    meanScore: scores.length > 0 ? sum(scores) / scores.length : 0,
    scoreSd: Math.sqrt(variance(scores)),
    decided,
    approved,
    approvalRate: decided > 0 ? approved / decided : null,
  };
}

/**
 * The company's figures and each group's against them, groups in the order first met. A group
 * is flagged only under the stated bounds (see {@link CALIBRATION_BOUNDS}).
 */
export function compareGroups(
  members: readonly GroupMember[],
  bounds: CalibrationBounds = CALIBRATION_BOUNDS,
): { company: GroupStats; groups: GroupStats[] } {
  const all = stats('company', members);
  const byGroup = new Map<string, GroupMember[]>();
  for (const m of members) byGroup.set(m.group, [...(byGroup.get(m.group) ?? []), m]);
  const compare = (s: ReturnType<typeof stats>): GroupStats => {
    const scoreDifference = s.meanScore - all.meanScore;
    const approvalDifference =
      s.approvalRate !== null && all.approvalRate !== null ? s.approvalRate - all.approvalRate : null;
    const tooFew = s.nominations < bounds.minSample;
    const warnings: DeviationWarning[] = [];
    if (
      !tooFew &&
      Math.abs(scoreDifference) > bounds.scoreDeviation &&
      Math.abs(scoreDifference) > (1.96 * s.scoreSd) / Math.sqrt(s.nominations)
    ) {
      warnings.push('score');
    }
    const interval = wilson95(s.approved, s.decided);
    if (
      s.decided >= bounds.minSample &&
      approvalDifference !== null &&
      Math.abs(approvalDifference) > bounds.approvalDeviation &&
      interval !== null &&
      all.approvalRate !== null &&
      (all.approvalRate < interval[0] || all.approvalRate > interval[1])
    ) {
      warnings.push('approval');
    }
    return { ...s, scoreDifference, approvalDifference, tooFew, warnings };
  };
  const company: GroupStats = {
    ...all,
    scoreDifference: 0,
    approvalDifference: all.approvalRate === null ? null : 0,
    tooFew: all.nominations < bounds.minSample,
    warnings: [],
  };
  return { company, groups: [...byGroup.entries()].map(([group, ms]) => compare(stats(group, ms))) };
}

/**
 * Review cycle time: days from nomination to decision of the decided reviews, median and 90th
 * percentile (linear interpolation between the sorted values); null when none is decided.
 */
export function cycleTime(
  days: readonly number[],
): { decided: number; medianDays: number; p90Days: number } | null {
  if (days.length === 0) return null;
  return { decided: days.length, medianDays: quantile(days, 0.5), p90Days: quantile(days, 0.9) };
}
