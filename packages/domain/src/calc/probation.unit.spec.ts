import { describe, expect, it } from 'vitest';
import { DEFAULT_PROBATION_POLICY } from '../policy/probation.ts';
import { probationTarget } from './probation.ts';

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
