import { describe, expect, it } from 'vitest';
import { DEFAULT_PROBATION_POLICY } from '../policy/probation.ts';
import {
  dailySalesGrowth,
  evaluateProbation,
  probationPolicyAt,
  probationTarget,
  probationWeeks,
  weeklySkillGrowth,
} from './probation.ts';

describe('flexible probation target', () => {
  it('is 3 deals a month by default', () => {
    const t = probationTarget({ weeklySkillGrowth: 0.05, dailySalesGrowth: 0.02 }, DEFAULT_PROBATION_POLICY);
    expect([t.variant, t.dealsPerMonth, t.bonus]).toEqual(['base', 3, 0]);
  });
  it('drops to 2 when weekly skill growth exceeds 10%', () => {
    const t = probationTarget({ weeklySkillGrowth: 0.12, dailySalesGrowth: 0.08 }, DEFAULT_PROBATION_POLICY);
    expect([t.variant, t.dealsPerMonth]).toEqual(['reduced', 2]);
    expect(t.reason.en).toBe('weekly skill growth 12% > 10%: 2 deals a month');
  });
  it('rises to 4 with a bonus when daily sales growth exceeds 5%', () => {
    const t = probationTarget({ weeklySkillGrowth: 0.1, dailySalesGrowth: 0.06 }, DEFAULT_PROBATION_POLICY);
    expect([t.variant, t.dealsPerMonth, t.bonus]).toEqual(['stretch', 4, 200_000]);
    expect(t.reason.zh).toBe('日销售增长 6% > 5%：每月 4 单并设奖励');
  });
});

describe('weekly probation verdicts', () => {
  it('counts deals week by week against the monthly target pro rata, 80% to be on track', () => {
    // Hired on Wednesday 2026-03-04; 3 deals a month; today is Tuesday 2026-03-24.
    const weeks = probationWeeks({
      start: '2026-03-04',
      through: '2026-03-24T10:00:00Z',
      dealsPerMonth: 3,
      dealsByWeek: new Map([
        ['2026-03-09', 1],
        ['2026-03-16', 0],
        ['2026-03-23', 2],
      ]),
    });
    expect(weeks).toEqual([
      // 5 days (Wed–Sun): 3 × 5 / 30.44 → 1 required, none closed.
      { week: '2026-03-02', deals: 0, dealsSoFar: 0, requiredSoFar: 1, verdict: 'behind' },
      { week: '2026-03-09', deals: 1, dealsSoFar: 1, requiredSoFar: 2, verdict: 'behind' },
      { week: '2026-03-16', deals: 0, dealsSoFar: 1, requiredSoFar: 2, verdict: 'behind' },
      // The running week counts to today (21 days): 3 × 21 / 30.44 → 3, 3 closed.
      { week: '2026-03-23', deals: 2, dealsSoFar: 3, requiredSoFar: 3, verdict: 'on_track' },
    ]);
  });
  it('is empty before the probation starts', () => {
    expect(
      probationWeeks({
        start: '2026-03-04',
        through: '2026-03-01',
        dealsPerMonth: 3,
        dealsByWeek: new Map(),
      }),
    ).toEqual([]);
  });
});

describe('weekly probation evaluation', () => {
  const v1 = DEFAULT_PROBATION_POLICY;
  const v2 = {
    ...DEFAULT_PROBATION_POLICY,
    version: 2,
    baseDealsPerMonth: 4,
    stretch: { ...DEFAULT_PROBATION_POLICY.stretch, dealsPerMonth: 5 },
  };
  const policies = [
    { policy: v1, publishedAt: '2026-02-20T09:00:00.000Z' },
    // Published at the very start of the week of 2026-03-23: not in force for the week before.
    { policy: v2, publishedAt: '2026-03-23T00:00:00.000Z' },
  ];
  const scores = [
    { at: '2026-03-04T10:00:00Z', score: 50 },
    { at: '2026-03-11T10:00:00Z', score: 55 },
    { at: '2026-03-17T10:00:00Z', score: 60 },
    // The week's latest assessment counts: 61.05 against 55 is 11%.
    { at: '2026-03-19T10:00:00Z', score: 61.05 },
    { at: '2026-03-25T10:00:00Z', score: 62 },
  ];
  const sales = new Map([
    ['2026-03-02', 100_000],
    ['2026-03-09', 135_000],
    ['2026-03-16', 200_000],
    ['2026-03-23', 300_000],
  ]);

  it('measures skill growth week over week: exactly 10% is not above the bar, 11% is', () => {
    expect(weeklySkillGrowth(scores, '2026-03-09')).toBe(0.1);
    expect(weeklySkillGrowth(scores, '2026-03-16')).toBeCloseTo(0.11, 12);
    expect(weeklySkillGrowth(scores, '2026-03-02')).toBeNull();
    expect(probationTarget({ weeklySkillGrowth: 0.1, dailySalesGrowth: 0 }, v1).variant).toBe('base');
    expect(probationTarget({ weeklySkillGrowth: 0.1000001, dailySalesGrowth: 0 }, v1).variant).toBe(
      'reduced',
    );
  });
  it('measures daily sales growth as the weekly change over 7 days: exactly 5% is not above, just over is', () => {
    // (135,000 − 100,000) ÷ (7 × 100,000) = 5%.
    expect(dailySalesGrowth(sales, '2026-03-09')).toBe(0.05);
    expect(dailySalesGrowth(new Map([...sales, ['2026-03-09', 135_007]]), '2026-03-09')).toBeGreaterThan(
      0.05,
    );
    expect(probationTarget({ weeklySkillGrowth: 0, dailySalesGrowth: 0.05 }, v1).variant).toBe('base');
    expect(probationTarget({ weeklySkillGrowth: 0, dailySalesGrowth: 0.05001 }, v1).variant).toBe('stretch');
    expect(dailySalesGrowth(sales, '2026-03-02')).toBeNull();
  });
  it('takes the policy published before the week ends', () => {
    expect(probationPolicyAt(policies, '2026-03-16')?.version).toBe(1);
    expect(probationPolicyAt(policies, '2026-03-23')?.version).toBe(2);
    expect(probationPolicyAt(policies, '2026-02-09')).toBeNull();
  });
  it('applies each week the variant its figures give, skill first, and sums the required deals', () => {
    const weeks = evaluateProbation({
      start: '2026-03-02',
      through: '2026-03-29',
      policies,
      scores,
      salesByWeek: sales,
      dealsByWeek: new Map([
        ['2026-03-09', 1],
        ['2026-03-16', 1],
        ['2026-03-23', 3],
      ]),
    });
    expect(
      weeks.map((w) => [
        w.week,
        w.rule?.variant,
        w.rule?.dealsPerMonth,
        w.rule?.policy.version,
        w.requiredSoFar,
        w.verdict,
      ]),
    ).toEqual([
      // 3 × 7 = 21 deal-days ÷ 30.4375 → 1 required; no deal.
      ['2026-03-02', 'base', 3, 1, 1, 'behind'],
      // Skill exactly 10%, sales exactly 5%: base. 42 deal-days → 2; 1 closed < 80% of 2.
      ['2026-03-09', 'base', 3, 1, 2, 'behind'],
      // Skill 11% and sales 6.9%: the skill rule first, reduced. 56 deal-days → 2; 2 closed.
      ['2026-03-16', 'reduced', 2, 1, 2, 'on_track'],
      // Version 2 in force; skill 1.6%, sales 100,000 ÷ 1,400,000 = 7.1%: stretch, 5. 91 → 3.
      ['2026-03-23', 'stretch', 5, 2, 3, 'on_track'],
    ]);
    expect(weeks[0]?.rule?.reason.en).toBe(
      'weekly skill growth 0% ≤ 10%, daily sales growth 0% ≤ 5%: base target, 3 deals a month (no skill assessment this week or the week before; no sales the week before: counted as 0%)',
    );
    expect(weeks[1]?.rule?.reason.zh).toBe('技能周增长 10% ≤ 10%，日销售增长 5% ≤ 5%：基础目标，每月 3 单');
    expect(weeks[2]?.rule?.reason.en).toBe('weekly skill growth 11% > 10%: 2 deals a month');
    expect(weeks[3]?.rule?.bonus).toBe(200_000);
  });
  it('requires no deals in a week without a policy in force', () => {
    const weeks = evaluateProbation({
      start: '2026-02-09',
      through: '2026-02-15',
      policies,
      scores: [],
      salesByWeek: new Map(),
      dealsByWeek: new Map(),
    });
    expect(weeks).toEqual([
      { week: '2026-02-09', deals: 0, dealsSoFar: 0, requiredSoFar: 0, verdict: 'on_track', rule: null },
    ]);
  });
});
