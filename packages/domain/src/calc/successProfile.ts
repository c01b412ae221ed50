import { validation } from '../core/errors.ts';
import { num, round } from './format.ts';
import { quantile, sum, variance } from './stats.ts';

/** One person's composite score and behaviour measures (e.g. follow-ups per week, feedback rating). */
export type BehaviourRow = {
  readonly personId: string;
  readonly score: number;
  readonly behaviours: Readonly<Record<string, number>>;
};

export type BehaviourContrast = {
  readonly behaviour: string;
  readonly topMean: number;
  readonly restMean: number;
  /** Standardised mean difference (Cohen's d, pooled standard deviation). */
  readonly effectSize: number;
  /** The bar that describes the top group: its lower quartile ("weekly follow-ups ≥ 12"). */
  readonly bar: number;
  readonly shareOfTopAtBar: number;
  readonly shareOfRestAtBar: number;
  readonly text: string;
};

/** What sets the top performers apart: each behaviour compared between the top share and the rest. */
export type SuccessProfile = {
  readonly topShare: number;
  readonly cutoffScore: number;
  readonly topCount: number;
  readonly restCount: number;
  /** Sorted by absolute effect size, largest first. */
  readonly behaviours: readonly BehaviourContrast[];
};

export function successProfile(rows: readonly BehaviourRow[], topShare = 0.2): SuccessProfile {
  if (rows.length < 2) throw validation('a success profile needs at least two people');
  const sorted = [...rows].sort((a, b) => b.score - a.score);
  const topCount = Math.max(1, Math.round(rows.length * topShare));
  const top = sorted.slice(0, topCount);
  const rest = sorted.slice(topCount);
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.behaviours)))].sort();
  const behaviours = names.map((behaviour): BehaviourContrast => {
    const t = top.map((r) => r.behaviours[behaviour]).filter((v): v is number => v !== undefined);
    const o = rest.map((r) => r.behaviours[behaviour]).filter((v): v is number => v !== undefined);
    const topMean = t.length ? sum(t) / t.length : 0;
    const restMean = o.length ? sum(o) / o.length : 0;
    const pooled = Math.sqrt(
      (variance(t) * Math.max(0, t.length - 1) + variance(o) * Math.max(0, o.length - 1)) /
        Math.max(1, t.length + o.length - 2),
    );
    const effectSize = pooled > 0 ? (topMean - restMean) / pooled : 0;
    const higherIsBetter = topMean >= restMean;
    const bar = t.length ? round(quantile(t, higherIsBetter ? 0.25 : 0.75), 1) : 0;
    const atBar = (xs: number[]) =>
      xs.length ? xs.filter((x) => (higherIsBetter ? x >= bar : x <= bar)).length / xs.length : 0;
    return {
      behaviour,
      topMean,
      restMean,
      effectSize,
      bar,
      shareOfTopAtBar: atBar(t),
      shareOfRestAtBar: atBar(o),
      text: `${behaviour} ${higherIsBetter ? '≥' : '≤'} ${num(bar, 1)}: top ${Math.round(topShare * 100)}% average ${num(topMean, 2)}, the rest ${num(restMean, 2)}`,
    };
  });
  behaviours.sort((a, b) => Math.abs(b.effectSize) - Math.abs(a.effectSize));
  return {
    topShare,
    cutoffScore: (top[top.length - 1] as BehaviourRow).score,
    topCount,
    restCount: rest.length,
    behaviours,
  };
}

/** A hire's recruiting fit score (0–100, from the hiring assessment) and whether they stayed. */
export type FitOutcome = { readonly personId: string; readonly fit: number; readonly stayed: boolean };

export type FitBandRetention = {
  readonly band: 'high' | 'middle' | 'low';
  readonly label: string;
  readonly count: number;
  readonly stayed: number;
  readonly retention: number;
};

/**
 * Retention by recruiting-fit band: high (> 80), middle (60–80), low (< 60). The articles
 * report hires with fit > 80 staying twice as often as those < 60; `highToLowRatio` measures it.
 */
export function retentionByFitBand(
  rows: readonly FitOutcome[],
  bands = { highAbove: 80, lowBelow: 60 },
): { bands: FitBandRetention[]; highToLowRatio: number | null } {
  const make = (
    band: FitBandRetention['band'],
    label: string,
    pick: (fit: number) => boolean,
  ): FitBandRetention => {
    const inBand = rows.filter((r) => pick(r.fit));
    const stayed = inBand.filter((r) => r.stayed).length;
    return {
      band,
      label,
      count: inBand.length,
      stayed,
      retention: inBand.length ? stayed / inBand.length : 0,
    };
  };
  const high = make('high', `fit > ${bands.highAbove}`, (f) => f > bands.highAbove);
  const middle = make(
    'middle',
    `fit ${bands.lowBelow}–${bands.highAbove}`,
    (f) => f >= bands.lowBelow && f <= bands.highAbove,
  );
  const low = make('low', `fit < ${bands.lowBelow}`, (f) => f < bands.lowBelow);
  return {
    bands: [high, middle, low],
    highToLowRatio:
      low.count > 0 && high.count > 0 && low.retention > 0 ? high.retention / low.retention : null,
  };
}
