import { addWeeks, DAY_MS, dateOf, daysBetween, mondayOf } from '../core/calendar.ts';
import { type PolicyRef, policyRef } from '../policy/common.ts';
import type { ProbationPolicy } from '../policy/probation.ts';
import { pct } from './format.ts';

const addDays = (date: string, n: number): string =>
  new Date(Date.parse(date) + n * DAY_MS).toISOString().slice(0, 10);

/** A newcomer's monthly probation target (试用期目标) and why. */
export type ProbationTarget = {
  readonly policy: PolicyRef;
  readonly dealsPerMonth: number;
  readonly variant: 'reduced' | 'base' | 'stretch';
  /** Bonus in fen when the stretch target is met; 0 otherwise. */
  readonly bonus: number;
  readonly reason: { readonly en: string; readonly zh: string };
};

/**
 * Flexible probation target: weekly skill growth above the policy's bar lowers it (the newcomer
 * is learning fast; give them room), daily sales growth above the bar raises it with a bonus,
 * otherwise the base. Skill growth is checked first: a fast learner is not also stretched.
 */
export function probationTarget(
  input: { weeklySkillGrowth: number; dailySalesGrowth: number },
  policy: ProbationPolicy,
): ProbationTarget {
  const base = { policy: policyRef(policy) };
  if (input.weeklySkillGrowth > policy.reduced.weeklySkillGrowthAbove) {
    return {
      ...base,
      dealsPerMonth: policy.reduced.dealsPerMonth,
      variant: 'reduced',
      bonus: 0,
      reason: {
        en: `weekly skill growth ${pct(input.weeklySkillGrowth)} > ${pct(policy.reduced.weeklySkillGrowthAbove)}: ${policy.reduced.dealsPerMonth} deals a month`,
        zh: `技能周增长 ${pct(input.weeklySkillGrowth)} > ${pct(policy.reduced.weeklySkillGrowthAbove)}：每月 ${policy.reduced.dealsPerMonth} 单`,
      },
    };
  }
  if (input.dailySalesGrowth > policy.stretch.dailySalesGrowthAbove) {
    return {
      ...base,
      dealsPerMonth: policy.stretch.dealsPerMonth,
      variant: 'stretch',
      bonus: policy.stretch.bonus,
      reason: {
        en: `daily sales growth ${pct(input.dailySalesGrowth)} > ${pct(policy.stretch.dailySalesGrowthAbove)}: ${policy.stretch.dealsPerMonth} deals a month with a bonus`,
        zh: `日销售增长 ${pct(input.dailySalesGrowth)} > ${pct(policy.stretch.dailySalesGrowthAbove)}：每月 ${policy.stretch.dealsPerMonth} 单并设奖励`,
      },
    };
  }
  return {
    ...base,
    dealsPerMonth: policy.baseDealsPerMonth,
    variant: 'base',
    bonus: 0,
    reason: {
      en: `base target: ${policy.baseDealsPerMonth} deals a month`,
      zh: `基础目标：每月 ${policy.baseDealsPerMonth} 单`,
    },
  };
}

/** One week of a probation against its target: deals closed and the verdict so far. */
export type ProbationWeek = {
  /** Monday of the week, `YYYY-MM-DD`. */
  readonly week: string;
  readonly deals: number;
  /** Deals closed from the start of probation to the end of this week. */
  readonly dealsSoFar: number;
  /** Deals the target asks for by the end of this week (the monthly target pro rata, rounded up). */
  readonly requiredSoFar: number;
  /** `on_track`: at least {@link PROBATION_PASS_SHARE} of the deals required so far; else `behind`. */
  readonly verdict: 'on_track' | 'behind';
};

/** Share of the probation target's deals a newcomer must close to pass (the demo's rule: 80%). */
export const PROBATION_PASS_SHARE = 0.8;

const DAYS_PER_MONTH = 365.25 / 12;

/**
 * The weekly verdicts of a probation, from the week it started (`start`, a date) to the week
 * of `through` (today, or the probation's end when earlier): deals closed each week (`dealsByWeek`,
 * keyed by Monday) against the monthly target pro rata to the end of that week.
 */
export function probationWeeks(input: {
  readonly start: string;
  readonly through: string;
  readonly dealsPerMonth: number;
  readonly dealsByWeek: ReadonlyMap<string, number>;
}): ProbationWeek[] {
  const start = dateOf(input.start);
  const through = dateOf(input.through);
  const out: ProbationWeek[] = [];
  let dealsSoFar = 0;
  for (let week = mondayOf(start); week <= through; week = addWeeks(week, 1)) {
    const deals = input.dealsByWeek.get(week) ?? 0;
    dealsSoFar += deals;
    const next = addWeeks(week, 1);
    const days = daysBetween(start, next < through ? next : addDays(through, 1));
    const requiredSoFar = Math.ceil((input.dealsPerMonth * days) / DAYS_PER_MONTH);
    const verdict = dealsSoFar >= PROBATION_PASS_SHARE * requiredSoFar ? 'on_track' : 'behind';
    out.push({ week, deals, dealsSoFar, requiredSoFar, verdict });
  }
  return out;
}
