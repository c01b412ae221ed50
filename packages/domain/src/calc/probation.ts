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
      en: `weekly skill growth ${pct(input.weeklySkillGrowth)} ≤ ${pct(policy.reduced.weeklySkillGrowthAbove)}, daily sales growth ${pct(input.dailySalesGrowth)} ≤ ${pct(policy.stretch.dailySalesGrowthAbove)}: base target, ${policy.baseDealsPerMonth} deals a month`,
      zh: `技能周增长 ${pct(input.weeklySkillGrowth)} ≤ ${pct(policy.reduced.weeklySkillGrowthAbove)}，日销售增长 ${pct(input.dailySalesGrowth)} ≤ ${pct(policy.stretch.dailySalesGrowthAbove)}：基础目标，每月 ${policy.baseDealsPerMonth} 单`,
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
  /**
   * Deals the targets ask for by the end of this week: each week's monthly target pro rata to
   * the days of probation in it, summed, rounded up.
   */
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
 * keyed by Monday) against each week's monthly target (`dealsPerMonth`, a number or the week's)
 * pro rata to the days of probation in that week.
 */
export function probationWeeks(input: {
  readonly start: string;
  readonly through: string;
  readonly dealsPerMonth: number | ((week: string) => number);
  readonly dealsByWeek: ReadonlyMap<string, number>;
}): ProbationWeek[] {
  const start = dateOf(input.start);
  const through = dateOf(input.through);
  const perMonth = input.dealsPerMonth;
  const out: ProbationWeek[] = [];
  let dealsSoFar = 0;
  // Deal-days: a week's monthly target × its days of probation, summed (divided at the end, so
  // that a constant target gives exactly target × days ÷ days a month).
  let dealDays = 0;
  for (let week = mondayOf(start); week <= through; week = addWeeks(week, 1)) {
    const deals = input.dealsByWeek.get(week) ?? 0;
    dealsSoFar += deals;
    const next = addWeeks(week, 1);
    const from = week < start ? start : week;
    const days = daysBetween(from, next < through ? next : addDays(through, 1));
    dealDays += (typeof perMonth === 'number' ? perMonth : perMonth(week)) * days;
    const requiredSoFar = Math.ceil(dealDays / DAYS_PER_MONTH);
    const verdict = dealsSoFar >= PROBATION_PASS_SHARE * requiredSoFar ? 'on_track' : 'behind';
    out.push({ week, deals, dealsSoFar, requiredSoFar, verdict });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Weekly evaluation: which probation target applied each week, under which policy, and why.

/** A published probation policy version and when it was published (business time, ISO). */
export type PublishedProbationPolicy = { readonly policy: ProbationPolicy; readonly publishedAt: string };

/** A skill assessment's result: when (ISO) and the score, 0–100. */
export type SkillScore = { readonly at: string; readonly score: number };

/**
 * Weekly skill growth of `week` (a Monday): the week's assessment score against the previous
 * week's, (this − last) ÷ last, each week's score being its latest assessment. Null when either
 * week has none (or last week's score is 0).
 */
export function weeklySkillGrowth(scores: readonly SkillScore[], week: string): number | null {
  const last = (monday: string): number | null => {
    let latest: SkillScore | null = null;
    for (const s of scores) {
      if (mondayOf(dateOf(s.at)) !== monday) continue;
      if (latest === null || s.at >= latest.at) latest = s;
    }
    return latest?.score ?? null;
  };
  const now = last(week);
  const before = last(addWeeks(week, -1));
  if (now === null || before === null || before === 0) return null;
  return (now - before) / before;
}

/**
 * Daily sales growth of `week` (a Monday): the change of the week's sales amount against the
 * previous week's, spread over the 7 days between them, (this − last) ÷ (7 × last). With sales
 * per day s = amount ÷ 7, it is the average daily growth of s from one week to the next. Null
 * when the previous week sold nothing.
 */
export function dailySalesGrowth(salesByWeek: ReadonlyMap<string, number>, week: string): number | null {
  const before = salesByWeek.get(addWeeks(week, -1)) ?? 0;
  if (before <= 0) return null;
  const now = salesByWeek.get(week) ?? 0;
  return (now - before) / (7 * before);
}

/** The policy in force at the end of `week` (a Monday): the latest published before the next Monday. */
export function probationPolicyAt(
  policies: readonly PublishedProbationPolicy[],
  week: string,
): ProbationPolicy | null {
  const end = `${addWeeks(week, 1)}T00:00:00.000Z`;
  let found: PublishedProbationPolicy | null = null;
  for (const p of policies) {
    if (p.publishedAt >= end) continue;
    if (
      found === null ||
      p.publishedAt > found.publishedAt ||
      (p.publishedAt === found.publishedAt && p.policy.version > found.policy.version)
    )
      found = p;
  }
  return found?.policy ?? null;
}

/** The target a probation week was held to, with the figures it was decided on. */
export type ProbationWeekRule = ProbationTarget & {
  /** The week's skill growth (fraction); null when the week or the one before has no assessment. */
  readonly weeklySkillGrowth: number | null;
  /** The week's daily sales growth (fraction); null when the week before sold nothing. */
  readonly dailySalesGrowth: number | null;
};

/** A probation week with the rule that applied; `rule` is null when no policy was published yet. */
export type EvaluatedProbationWeek = ProbationWeek & { readonly rule: ProbationWeekRule | null };

/**
 * Evaluates a probation week by week: for each week the policy in force at its end, the variant
 * its rules give on the week's skill and sales growth (a missing figure counts as no growth,
 * and the reason says so), and the verdict against the deals those targets require so far. A
 * week without a policy in force requires no deals.
 */
export function evaluateProbation(input: {
  readonly start: string;
  readonly through: string;
  readonly policies: readonly PublishedProbationPolicy[];
  readonly scores: readonly SkillScore[];
  readonly salesByWeek: ReadonlyMap<string, number>;
  readonly dealsByWeek: ReadonlyMap<string, number>;
}): EvaluatedProbationWeek[] {
  const rules = new Map<string, ProbationWeekRule | null>();
  const ruleOf = (week: string): ProbationWeekRule | null => {
    if (rules.has(week)) return rules.get(week) ?? null;
    const policy = probationPolicyAt(input.policies, week);
    let rule: ProbationWeekRule | null = null;
    if (policy) {
      const skill = weeklySkillGrowth(input.scores, week);
      const sales = dailySalesGrowth(input.salesByWeek, week);
      const target = probationTarget({ weeklySkillGrowth: skill ?? 0, dailySalesGrowth: sales ?? 0 }, policy);
      const missing: { en: string; zh: string }[] = [];
      if (skill === null)
        missing.push({ en: 'no skill assessment this week or the week before', zh: '本周或上周无技能测评' });
      if (sales === null) missing.push({ en: 'no sales the week before', zh: '上周无销售' });
      const reason =
        missing.length === 0 || target.variant === 'reduced'
          ? target.reason
          : {
              en: `${target.reason.en} (${missing.map((m) => m.en).join('; ')}: counted as 0%)`,
              zh: `${target.reason.zh}（${missing.map((m) => m.zh).join('；')}：按 0% 计）`,
            };
      rule = { ...target, reason, weeklySkillGrowth: skill, dailySalesGrowth: sales };
    }
    rules.set(week, rule);
    return rule;
  };
  return probationWeeks({
    start: input.start,
    through: input.through,
    dealsPerMonth: (week) => ruleOf(week)?.dealsPerMonth ?? 0,
    dealsByWeek: input.dealsByWeek,
  }).map((w) => ({ ...w, rule: ruleOf(w.week) }));
}
