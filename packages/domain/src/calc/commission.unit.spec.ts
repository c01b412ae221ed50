import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COMMISSION_PLAN } from '../policy/commission.ts';
import { commissionPlanExample, periodCommission, tieredCommission } from './commission.ts';

const YUAN = 100;

describe('commission on collected revenue', () => {
  it('applies the tiers progressively: 3% to 100k, 5% to 300k, 8% above', () => {
    // 100,000 × 3% + 200,000 × 5% + 50,000 × 8% = 3,000 + 10,000 + 4,000 = 17,000 yuan
    expect(tieredCommission(350_000 * YUAN, DEFAULT_COMMISSION_PLAN)).toBe(17_000 * YUAN);
  });
  it('earns per payment the moment it is collected, per sale and per period adding up', () => {
    const c = periodCommission(
      'emp-1',
      [
        { paymentId: 'p1', saleId: 's1', amount: 80_000 * YUAN },
        { paymentId: 'p2', saleId: 's2', amount: 40_000 * YUAN },
        { paymentId: 'p3', saleId: 's1', amount: 20_000 * YUAN },
      ],
      DEFAULT_COMMISSION_PLAN,
    );
    // p1: 80,000 × 3% = 2,400; p2: 20,000 × 3% + 20,000 × 5% = 1,600; p3: 20,000 × 5% = 1,000
    expect(c.payments.map((p) => p.commission)).toEqual([2_400 * YUAN, 1_600 * YUAN, 1_000 * YUAN]);
    expect(c.bySale).toEqual({ s1: 3_400 * YUAN, s2: 1_600 * YUAN });
    expect(c.commission).toBe(5_000 * YUAN);
    expect(c.formula).toBe('commission on ¥140,000 collected = ¥100,000 × 3% + ¥40,000 × 5% = ¥5,000');
  });
  it('property: per-payment commissions sum exactly to the period total', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 50_000_000 }), { minLength: 1, maxLength: 40 }),
        (amounts) => {
          const c = periodCommission(
            'x',
            amounts.map((amount, i) => ({ paymentId: `p${i}`, saleId: `s${i % 3}`, amount })),
            DEFAULT_COMMISSION_PLAN,
          );
          expect(c.payments.reduce((a, p) => a + p.commission, 0)).toBe(c.commission);
          expect(Object.values(c.bySale).reduce((a, b) => a + b, 0)).toBe(c.commission);
          expect(c.commission).toBe(Math.round(tieredCommission(c.collected, DEFAULT_COMMISSION_PLAN)));
        },
      ),
    );
  });
});

describe('commissionPlanExample', () => {
  it('works an example from the plan’s own tiers, in Chinese and English', () => {
    expect(commissionPlanExample(DEFAULT_COMMISSION_PLAN).split('\n')).toEqual([
      '按回款累进计提，每个自然月重新累计（¥0–¥100,000: 3%; ¥100,000–¥300,000: 5%; ¥300,000+: 8%）。',
      '示例：10 日回款 ¥80,000，提成 ¥80,000 × 3% = ¥2,400；20 日再回款 ¥60,000，提成 ¥20,000 × 3% + ¥40,000 × 5% = ¥2,600。',
      'Progressive commission on collected revenue, accumulated over each calendar month (¥0–¥100,000: 3%; ¥100,000–¥300,000: 5%; ¥300,000+: 8%).',
      'Example: ¥80,000 collected on the 10th earns ¥80,000 × 3% = ¥2,400; a further ¥60,000 on the 20th earns ¥20,000 × 3% + ¥40,000 × 5% = ¥2,600.',
    ]);
    // The example's figures are the plan's own: 8,000,000 + 6,000,000 fen earn 500,000 fen in all.
    expect(Math.round(tieredCommission(14_000_000, DEFAULT_COMMISSION_PLAN))).toBe(240_000 + 260_000);
  });
});
