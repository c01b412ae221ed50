import { validation } from '../core/errors.ts';
import { type PolicyRef, policyRef } from '../policy/common.ts';
import type { LevelId } from '../policy/ladder.ts';
import type { TargetPolicy } from '../policy/targets.ts';
import { num, pct, yuan } from './format.ts';
import { normalCdf, quantile, sum, variance } from './stats.ts';

/** Adjustment coefficients a manager applies to a baseline (1 = neutral). */
export type TargetCoefficients = {
  readonly region: number;
  readonly productDifficulty: number;
  readonly market: number;
};

/**
 * Which rule the baseline started from: the same month of earlier years (seasonality), the mean
 * of the recent months, or the rank's default for someone without sales.
 */
export type BaselineRule = 'sameMonth' | 'history' | 'rankDefault';

export type TargetBaseline = {
  readonly policy: PolicyRef;
  readonly rank: LevelId;
  /** Monthly sales the baseline starts from (fen): see `basis`. */
  readonly base: number;
  readonly basis: BaselineRule;
  /** The earlier years' same-month sales used (fen, oldest first); empty unless `basis` is sameMonth. */
  readonly sameMonth: readonly number[];
  readonly factor: number;
  /** Monthly target (fen), rounded to the policy's unit. */
  readonly target: number;
  readonly formula: string;
};

/**
 * Baseline monthly target from history (fen), rank and coefficients. Seasonality first: when
 * the same month of earlier years had sales (`sameMonthSales`, one entry per earlier year,
 * oldest first), the baseline starts from their mean (the month as it went before); otherwise
 * from the mean of the last `historyMonths` months; without any sales, from the rank's default.
 */
export function targetBaseline(input: {
  monthlySales: readonly number[];
  sameMonthSales?: readonly number[];
  rank: LevelId;
  coefficients: TargetCoefficients;
  policy: TargetPolicy;
}): TargetBaseline {
  const { policy, rank, coefficients: c } = input;
  const recent = input.monthlySales.slice(-policy.historyMonths);
  const seasonal = (input.sameMonthSales ?? []).filter((v) => v > 0);
  // No history, or a history of nothing sold, starts from the rank's default instead of zero.
  const historyMean = recent.length > 0 ? sum(recent) / recent.length : 0;
  const basis: BaselineRule = seasonal.length > 0 ? 'sameMonth' : historyMean > 0 ? 'history' : 'rankDefault';
  const base =
    basis === 'sameMonth'
      ? sum(seasonal) / seasonal.length
      : basis === 'history'
        ? historyMean
        : policy.defaultMonthlyTarget[rank];
  const rankFactor = policy.rankFactors[rank];
  const factor = (1 + policy.growth) * rankFactor * c.region * c.productDifficulty * c.market;
  const target = Math.round((base * factor) / policy.roundTo) * policy.roundTo;
  const from =
    basis === 'sameMonth'
      ? `mean of the same month of ${seasonal.length} earlier year(s) ${yuan(base)}`
      : basis === 'history'
        ? `mean of last ${recent.length} months ${yuan(base)}`
        : `rank default ${yuan(base)}`;
  return {
    policy: policyRef(policy),
    rank,
    base,
    basis,
    sameMonth: basis === 'sameMonth' ? seasonal : [],
    factor,
    target,
    formula: `target = ${from} × (1 + ${num(policy.growth)}) × rank ${num(rankFactor)} × region ${num(c.region)} × product ${num(c.productDifficulty)} × market ${num(c.market)} ≈ ${yuan(target)}`,
  };
}

export type SplitStrategy = 'equal' | 'ability' | 'potential';

/** A team member with the weights the split strategies use. */
export type SplitMember = {
  readonly personId: string;
  /** Ability: e.g. trailing sales (fen); weights the "ability" split. */
  readonly ability: number;
  /** Potential: e.g. a 0–100 potential score; weights the "potential" split. */
  readonly potential: number;
};

export type SplitShare = {
  readonly personId: string;
  readonly amount: number;
  /** amount ÷ total (0–1). */
  readonly share: number;
  /** The share in percent with one decimal, the shares of a split summing to exactly 100.0. */
  readonly percent: number;
  readonly extreme: 'high' | 'low' | null;
};

export type TeamSplit = {
  readonly strategy: SplitStrategy;
  readonly total: number;
  readonly shares: readonly SplitShare[];
  readonly formula: string;
};

/**
 * Largest-remainder apportionment of an integer `total` in proportion to `weights`: everyone
 * gets the floor of their quota, then the leftover units go to the largest remainders (ties to
 * the earlier member). The parts always add up exactly to `total`.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  if (!Number.isInteger(total) || total < 0) throw validation('total must be a non-negative integer');
  const weightSum = sum(weights);
  if (weights.length === 0 || weightSum <= 0 || weights.some((w) => w < 0 || !Number.isFinite(w))) {
    throw validation('weights must be non-negative with a positive sum');
  }
  const quotas = weights.map((w) => (total * w) / weightSum);
  const parts = quotas.map(Math.floor);
  let left = total - sum(parts);
  const order = quotas.map((q, i) => ({ i, r: q - Math.floor(q) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] as number) + 1;
    left--;
  }
  return parts;
}

/**
 * Each amount's share of their sum in percent with one decimal, rounded by largest remainder so
 * that the percents add up to exactly 100.0 (all zero when the sum is zero).
 */
export function percentShares(amounts: readonly number[]): number[] {
  if (amounts.length === 0 || sum(amounts) <= 0) return amounts.map(() => 0);
  return largestRemainder(1000, amounts).map((tenths) => tenths / 10);
}

/** Splits a team target (fen) by strategy, exactly, flagging extreme shares. */
export function splitTeamTarget(
  total: number,
  members: readonly SplitMember[],
  strategy: SplitStrategy,
  policy: TargetPolicy,
): TeamSplit {
  if (members.length === 0) throw validation('a team split needs at least one member');
  const weights = members.map((m) =>
    strategy === 'equal' ? 1 : strategy === 'ability' ? m.ability : m.potential,
  );
  const amounts = largestRemainder(total, weights);
  const percents = percentShares(amounts);
  const equal = total / members.length;
  const shares = members.map((m, i): SplitShare => {
    const amount = amounts[i] as number;
    const extreme =
      equal > 0 && amount > equal * policy.extremeShare.above
        ? 'high'
        : equal > 0 && amount < equal * policy.extremeShare.below
          ? 'low'
          : null;
    return {
      personId: m.personId,
      amount,
      share: total > 0 ? amount / total : 0,
      percent: percents[i] as number,
      extreme,
    };
  });
  return {
    strategy,
    total,
    shares,
    formula: `${yuan(total)} split by ${strategy} weight, largest-remainder rounding in fen; Σ shares = ${yuan(sum(amounts))}`,
  };
}

export type AchievementProbability = {
  readonly probability: number;
  readonly needed: number;
  readonly weeklyMean: number;
  readonly weeklySd: number;
  readonly weeksRemaining: number;
  readonly formula: string;
};

/**
 * P(Σ of `k` weekly draws of mean `mu` and deviation `sd` ≥ `needed`) ≈ 1 − Φ((needed − k·μ) ÷
 * (σ·√k)); certain when nothing is needed, impossible with no week left, a step when σ is 0.
 */
function reachProbability(needed: number, k: number, mu: number, sd: number): number {
  if (needed === 0) return 1;
  if (k <= 0) return 0;
  if (sd === 0) return k * mu >= needed ? 1 : 0;
  return 1 - normalCdf((needed - k * mu) / (sd * Math.sqrt(k)));
}

/**
 * Probability of reaching a target, treating the remaining weeks' sales as independent draws
 * from the person's weekly history: P(Σ ≥ needed) ≈ 1 − Φ((needed − k·μ) ÷ (σ·√k)).
 */
export function achievementProbability(input: {
  weeklySales: readonly number[];
  target: number;
  achievedSoFar: number;
  weeksRemaining: number;
}): AchievementProbability {
  const needed = Math.max(0, input.target - input.achievedSoFar);
  const k = input.weeksRemaining;
  const mu = input.weeklySales.length ? sum(input.weeklySales) / input.weeklySales.length : 0;
  const sd = Math.sqrt(variance(input.weeklySales));
  const probability = reachProbability(needed, k, mu, sd);
  return {
    probability,
    needed,
    weeklyMean: mu,
    weeklySd: sd,
    weeksRemaining: k,
    formula: `P = 1 − Φ((${yuan(needed)} − ${k} × ${yuan(mu)}) ÷ (${yuan(sd)} × √${k})) = ${pct(probability)}`,
  };
}

/** How `achievementWithPrior` estimated the weekly sales. */
export type ProbabilityMethod = 'own' | 'blended' | 'peers' | 'none';

export type AchievementWithPrior = AchievementProbability & {
  readonly method: ProbabilityMethod;
  /** Weeks of the person's own history. */
  readonly ownWeeks: number;
  /** Peers (same rank and region) the prior comes from, and their weeks pooled. */
  readonly peers: number;
  readonly peerWeeks: number;
  /** Weight of the prior, in weeks of history (0: own history alone). */
  readonly priorWeight: number;
};

/**
 * `achievementProbability` that stays sensible with little history: while the person has fewer
 * than `fullHistoryWeeks` weeks of their own, their weekly mean and spread are blended with a
 * prior from peers of the same rank and region (their pooled weekly sales), the prior weighing
 * as many weeks as the person lacks (`fullHistoryWeeks − ownWeeks`). A person with no history
 * and no peers gets the plain calculation ("none").
 */
export function achievementWithPrior(input: {
  weeklySales: readonly number[];
  peerWeeklySales: readonly number[];
  peers: number;
  target: number;
  achievedSoFar: number;
  weeksRemaining: number;
  fullHistoryWeeks?: number;
}): AchievementWithPrior {
  const full = input.fullHistoryWeeks ?? 13;
  const own = input.weeklySales;
  const n = own.length;
  const prior = input.peerWeeklySales;
  const w = prior.length > 0 ? Math.max(0, full - n) : 0;
  const base = { ownWeeks: n, peers: prior.length > 0 ? input.peers : 0, peerWeeks: prior.length };
  if (w === 0) {
    const p = achievementProbability(input);
    return { ...p, ...base, method: n > 0 ? 'own' : 'none', priorWeight: 0 };
  }
  const mean = (xs: readonly number[]) => (xs.length ? sum(xs) / xs.length : 0);
  const muOwn = mean(own);
  const muPeer = mean(prior);
  const mu = (n * muOwn + w * muPeer) / (n + w);
  // The blend's spread: each source's variance around the blended mean, weighted like the means.
  const varOwn = n > 1 ? variance(own) : 0;
  const varPeer = prior.length > 1 ? variance(prior) : 0;
  const v = (n * (varOwn + (muOwn - mu) ** 2) + w * (varPeer + (muPeer - mu) ** 2)) / (n + w);
  const sd = Math.sqrt(v);
  const needed = Math.max(0, input.target - input.achievedSoFar);
  const k = input.weeksRemaining;
  const probability = reachProbability(needed, k, mu, sd);
  return {
    probability,
    needed,
    weeklyMean: mu,
    weeklySd: sd,
    weeksRemaining: k,
    formula: `μ = (${n} × ${yuan(muOwn)} + ${w} × ${yuan(muPeer)}) ÷ ${n + w} = ${yuan(mu)}; P = 1 − Φ((${yuan(needed)} − ${k} × ${yuan(mu)}) ÷ (${yuan(sd)} × √${k})) = ${pct(probability)}`,
    ...base,
    method: n === 0 ? 'peers' : 'blended',
    priorWeight: w,
  };
}

export type EarlyWarning = {
  readonly kind: 'behindStageTarget' | 'peerGap';
  readonly warn: boolean;
  readonly text: { readonly en: string; readonly zh: string };
};

/**
 * Warns when cumulative sales have been behind the cumulative stage target for the last N
 * weeks in a row. `weeklyActual[i]` and `weeklyStageTarget[i]` are week i's sales and target.
 */
export function behindStageTarget(
  weeklyActual: readonly number[],
  weeklyStageTarget: readonly number[],
  policy: TargetPolicy,
): EarlyWarning & { consecutiveWeeksBehind: number } {
  let actual = 0;
  let target = 0;
  let streak = 0;
  const weeks = Math.min(weeklyActual.length, weeklyStageTarget.length);
  for (let i = 0; i < weeks; i++) {
    actual += weeklyActual[i] as number;
    target += weeklyStageTarget[i] as number;
    streak = actual < target ? streak + 1 : 0;
  }
  const n = policy.earlyWarning.consecutiveWeeksBehind;
  return {
    kind: 'behindStageTarget',
    warn: streak >= n,
    consecutiveWeeksBehind: streak,
    text: {
      en: `${streak} consecutive week(s) behind the stage target (${yuan(actual)} of ${yuan(target)}); warning at ${n}`,
      zh: `连续 ${streak} 周落后阶段目标（${yuan(actual)} / ${yuan(target)}），${n} 周起预警`,
    },
  };
}

/** Warns when a person's attainment lags the median of peers of the same rank and region. */
export function peerGap(
  attainment: number,
  peerAttainments: readonly number[],
  policy: TargetPolicy,
): EarlyWarning & { peerMedian: number | null } {
  if (peerAttainments.length === 0) {
    return {
      kind: 'peerGap',
      warn: false,
      peerMedian: null,
      text: { en: 'no peers of the same rank and region', zh: '无同职级同区域的对比人员' },
    };
  }
  const median = quantile(peerAttainments, 0.5);
  const limit = median * (1 - policy.earlyWarning.peerGap);
  return {
    kind: 'peerGap',
    warn: attainment < limit,
    peerMedian: median,
    text: {
      en: `attainment ${pct(attainment)} vs peers' median ${pct(median)} (warning below ${pct(limit)})`,
      zh: `目标达成率 ${pct(attainment)}，同级同区域中位数 ${pct(median)}（低于 ${pct(limit)} 预警）`,
    },
  };
}
