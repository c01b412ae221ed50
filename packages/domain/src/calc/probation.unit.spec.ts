import { describe, expect, it } from 'vitest';
import { DEFAULT_PROBATION_POLICY } from '../policy/probation.ts';
import { probationTarget, probationWeeks } from './probation.ts';

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
