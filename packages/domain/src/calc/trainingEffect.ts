import { validation } from '../core/errors.ts';
import type { KpiId } from '../policy/kpi.ts';
import { num, round } from './format.ts';
import { sum, variance } from './stats.ts';

/** One person's KPI value in the window before and the window after the course (or the same dates for a peer). */
export type BeforeAfter = { readonly personId: string; readonly before: number; readonly after: number };

/** A single person's KPI before vs after a course. */
export type PersonEffect = {
  readonly personId: string;
  readonly kpi: KpiId;
  readonly before: number;
  readonly after: number;
  readonly change: number;
  /** `(after − before) ÷ before`; null when before is 0. */
  readonly relativeChange: number | null;
  readonly formula: string;
};

export function personEffect(kpi: KpiId, x: BeforeAfter): PersonEffect {
  const change = x.after - x.before;
  return {
    personId: x.personId,
    kpi,
    before: x.before,
    after: x.after,
    change,
    relativeChange: x.before === 0 ? null : change / x.before,
    formula: `${kpi}: after − before = ${num(x.after)} − ${num(x.before)} = ${num(change)}`,
  };
}

/** What a difference-in-differences measures: a monthly KPI, or the composite score (0–100). */
export type MeasuredQuantity = KpiId | 'compositeScore';

/**
 * Difference-in-differences (双重差分): the trained group's mean change minus the mean change
 * of comparable untrained peers over the same period. Subtracting the peers' change removes
 * what would have happened anyway (season, market, a new product), leaving the course's effect.
 */
export type DifferenceInDifferences = {
  readonly kpi: MeasuredQuantity;
  readonly trained: {
    readonly n: number;
    readonly meanBefore: number;
    readonly meanAfter: number;
    readonly meanChange: number;
  };
  readonly peers: {
    readonly n: number;
    readonly meanBefore: number;
    readonly meanAfter: number;
    readonly meanChange: number;
  };
  /** trained mean change − peers' mean change. */
  readonly effect: number;
  /** Standard error of the effect (Welch), from the spread of individual changes. */
  readonly standardError: number;
  /** 95% confidence interval (Welch's t; a single trainee's is a prediction interval). */
  readonly ci95: readonly [number, number];
  readonly formula: string;
};

const group = (xs: readonly BeforeAfter[]) => {
  const changes = xs.map((x) => x.after - x.before);
  const n = xs.length;
  return {
    stats: {
      n,
      meanBefore: sum(xs.map((x) => x.before)) / n,
      meanAfter: sum(xs.map((x) => x.after)) / n,
      meanChange: sum(changes) / n,
    },
    varianceOfMean: variance(changes) / n,
  };
};

/**
 * 97.5% quantile of Student's t with `df` degrees of freedom (two-sided 95% interval): exact
 * table values up to 30, then interpolated in 1/df towards the normal 1.96.
 */
export function tQuantile975(df: number): number {
  const TABLE = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
    2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
  ] as const;
  if (!(df >= 1)) return Number.POSITIVE_INFINITY;
  if (df <= 30) {
    const lo = Math.floor(df);
    const a = TABLE[lo - 1] as number;
    const b = TABLE[Math.min(lo, 29)] as number;
    return a + (b - a) * (df - lo);
  }
  // Beyond 30: linear in 1/df between t(30) = 2.042 and t(∞) = 1.96.
  return 1.96 + (2.042 - 1.96) * (30 / df);
}

/**
 * Difference-in-differences of a KPI between trained people and untrained peers. The interval
 * is Welch's: t with Welch–Satterthwaite degrees of freedom. A single trainee has no spread of
 * their own, so their change is taken to vary as the peers' changes do (a prediction interval:
 * ± t × sd(peers) × √(1 + 1/n)).
 */
export function differenceInDifferences(
  kpi: MeasuredQuantity,
  trained: readonly BeforeAfter[],
  peers: readonly BeforeAfter[],
): DifferenceInDifferences {
  if (trained.length === 0 || peers.length === 0) {
    throw validation('difference-in-differences needs at least one trained person and one peer');
  }
  const t = group(trained);
  const p = group(peers);
  const effect = t.stats.meanChange - p.stats.meanChange;
  const trainedVar = trained.length === 1 ? p.varianceOfMean * peers.length : t.varianceOfMean;
  const se = Math.sqrt(trainedVar + p.varianceOfMean);
  // One trainee: only the peers' spread is estimated, on n − 1 degrees of freedom.
  const df =
    trained.length === 1 ? peers.length - 1 : welchDf(trainedVar, t.stats.n, p.varianceOfMean, p.stats.n);
  const q = tQuantile975(df);
  return {
    kpi,
    trained: t.stats,
    peers: p.stats,
    effect,
    standardError: se,
    ci95: se === 0 ? [effect, effect] : [effect - q * se, effect + q * se],
    formula: `effect = (trained after − before) − (peers after − before) = (${num(t.stats.meanAfter)} − ${num(t.stats.meanBefore)}) − (${num(p.stats.meanAfter)} − ${num(p.stats.meanBefore)}) = ${num(round(effect, 4))}`,
  };
}

/** Welch–Satterthwaite degrees of freedom of two means' variances `a` (n₁) and `b` (n₂). */
function welchDf(a: number, n1: number, b: number, n2: number): number {
  const parts = (n1 > 1 ? (a * a) / (n1 - 1) : 0) + (n2 > 1 ? (b * b) / (n2 - 1) : 0);
  if (parts === 0) return Math.max(1, n1 + n2 - 2);
  return ((a + b) * (a + b)) / parts;
}

/** Fewer comparable peers than this, and an effect is not stated: "not enough comparable peers". */
export const MIN_COMPARABLE_PEERS = 5;

/** An effect that is stated only on enough comparable peers. */
export type MeasuredEffect =
  | {
      readonly status: 'measured';
      readonly trainees: number;
      readonly peers: number;
      readonly did: DifferenceInDifferences;
    }
  | {
      readonly status: 'not_enough_peers';
      readonly trainees: number;
      readonly peers: number;
      readonly minimum: number;
    }
  | { readonly status: 'no_trainees'; readonly trainees: 0; readonly peers: number };

/**
 * {@link differenceInDifferences} when there are trainees and at least `minimum` comparable
 * peers; otherwise why there is no number to show.
 */
export function measureEffect(
  kpi: MeasuredQuantity,
  trained: readonly BeforeAfter[],
  peers: readonly BeforeAfter[],
  minimum = MIN_COMPARABLE_PEERS,
): MeasuredEffect {
  if (trained.length === 0) return { status: 'no_trainees', trainees: 0, peers: peers.length };
  if (peers.length < Math.max(1, minimum)) {
    return { status: 'not_enough_peers', trainees: trained.length, peers: peers.length, minimum };
  }
  return {
    status: 'measured',
    trainees: trained.length,
    peers: peers.length,
    did: differenceInDifferences(kpi, trained, peers),
  };
}

/**
 * Comparable untrained peers: same rank and region, not trained in the window, and a
 * baseline ("before") value within `tolerance` (relative) of the trainee group's mean baseline.
 */
export function comparablePeers<P extends BeforeAfter & { rank: string; region: string; trained: boolean }>(
  trainees: readonly P[],
  candidates: readonly P[],
  tolerance = 0.25,
): P[] {
  if (trainees.length === 0) return [];
  const baseline = sum(trainees.map((t) => t.before)) / trainees.length;
  const ranks = new Set(trainees.map((t) => t.rank));
  const regions = new Set(trainees.map((t) => t.region));
  const ids = new Set(trainees.map((t) => t.personId));
  return candidates.filter(
    (c) =>
      !c.trained &&
      !ids.has(c.personId) &&
      ranks.has(c.rank) &&
      regions.has(c.region) &&
      Math.abs(c.before - baseline) <= Math.abs(baseline) * tolerance,
  );
}
