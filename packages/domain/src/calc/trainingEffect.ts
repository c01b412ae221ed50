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

/**
 * Difference-in-differences (双重差分): the trained group's mean change minus the mean change
 * of comparable untrained peers over the same period. Subtracting the peers' change removes
 * what would have happened anyway (season, market, a new product), leaving the course's effect.
 */
export type DifferenceInDifferences = {
  readonly kpi: KpiId;
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
  /** 95% confidence interval (normal approximation). */
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

/** Difference-in-differences of a KPI between trained people and untrained peers. */
export function differenceInDifferences(
  kpi: KpiId,
  trained: readonly BeforeAfter[],
  peers: readonly BeforeAfter[],
): DifferenceInDifferences {
  if (trained.length === 0 || peers.length === 0) {
    throw validation('difference-in-differences needs at least one trained person and one peer');
  }
  const t = group(trained);
  const p = group(peers);
  const effect = t.stats.meanChange - p.stats.meanChange;
  const se = Math.sqrt(t.varianceOfMean + p.varianceOfMean);
  return {
    kpi,
    trained: t.stats,
    peers: p.stats,
    effect,
    standardError: se,
    ci95: [effect - 1.96 * se, effect + 1.96 * se],
    formula: `effect = (trained after − before) − (peers after − before) = (${num(t.stats.meanAfter)} − ${num(t.stats.meanBefore)}) − (${num(p.stats.meanAfter)} − ${num(p.stats.meanBefore)}) = ${num(round(effect, 4))}`,
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
