import { type PolicyRef, policyRef } from '../policy/common.ts';
import type { ProbationPolicy } from '../policy/probation.ts';
import { pct } from './format.ts';

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
