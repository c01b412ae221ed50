import { validation } from '../core/errors.ts';
import { num, round } from './format.ts';
import { quantile, sum, variance, wilson95 } from './stats.ts';

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
  behaviours.sort(
    (a, b) =>
      Math.round((Math.abs(b.effectSize) - Math.abs(a.effectSize)) * 1e9) ||
      a.behaviour.localeCompare(b.behaviour),
  );
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
  /** 95% Wilson interval of the retention; null for an empty band. */
  readonly interval: readonly [number, number] | null;
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
      interval: wilson95(stayed, inBand.length),
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

/** One team's behaviour set against everyone's: the team's mean, the company's, and z. */
export type TeamBehaviour = {
  readonly behaviour: string;
  readonly teamMean: number;
  readonly companyMean: number;
  /** (team mean − company mean) ÷ the company's person-level standard deviation. */
  readonly z: number;
  /** Team members with a value of this behaviour. */
  readonly n: number;
};

export type TeamPractice = {
  readonly teamId: string;
  readonly people: number;
  readonly meanScore: number;
  /** False when the team has fewer people than the minimum: nothing is claimed about it. */
  readonly enough: boolean;
  /** Behaviours the team does clearly more of than the company (z ≥ threshold), strongest first. */
  readonly bestPractices: readonly TeamBehaviour[];
  /** Behaviours the team does clearly less of (z ≤ −threshold), weakest first. */
  readonly commonProblems: readonly TeamBehaviour[];
};

/**
 * Best practices and common problems by team: for each team of at least `minPeople` people,
 * each behaviour's team mean against the company's, in company standard deviations (z); a
 * behaviour at or beyond `threshold` (0.5 SD) either way is named, at most `top` each way.
 * Every behaviour is one where more is better (follow-ups, demos, collection rate, ratings).
 */
export function teamPractices(
  rows: readonly (BehaviourRow & { readonly teamId: string })[],
  options: { minPeople?: number; threshold?: number; top?: number } = {},
): TeamPractice[] {
  const minPeople = options.minPeople ?? 3;
  const threshold = options.threshold ?? 0.5;
  const top = options.top ?? 3;
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.behaviours)))].sort();
  const company = new Map(
    names.map((name) => {
      const xs = rows.map((r) => r.behaviours[name]).filter((v): v is number => v !== undefined);
      return [name, { mean: xs.length ? sum(xs) / xs.length : 0, sd: Math.sqrt(variance(xs)) }] as const;
    }),
  );
  const teams = new Map<string, (BehaviourRow & { teamId: string })[]>();
  for (const r of rows) teams.set(r.teamId, [...(teams.get(r.teamId) ?? []), r]);
  return [...teams]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([teamId, members]): TeamPractice => {
      const enough = members.length >= minPeople;
      const contrasts: TeamBehaviour[] = [];
      if (enough) {
        for (const name of names) {
          const xs = members.map((r) => r.behaviours[name]).filter((v): v is number => v !== undefined);
          const c = company.get(name) as { mean: number; sd: number };
          if (xs.length < minPeople || c.sd === 0) continue;
          const teamMean = sum(xs) / xs.length;
          contrasts.push({
            behaviour: name,
            teamMean,
            companyMean: c.mean,
            z: (teamMean - c.mean) / c.sd,
            n: xs.length,
          });
        }
      }
      return {
        teamId,
        people: members.length,
        meanScore: sum(members.map((m) => m.score)) / members.length,
        enough,
        bestPractices: contrasts
          .filter((c) => c.z >= threshold)
          .sort((a, b) => Math.round((b.z - a.z) * 1e9) || a.behaviour.localeCompare(b.behaviour))
          .slice(0, top),
        commonProblems: contrasts
          .filter((c) => c.z <= -threshold)
          .sort((a, b) => Math.round((a.z - b.z) * 1e9) || a.behaviour.localeCompare(b.behaviour))
          .slice(0, top),
      };
    });
}
