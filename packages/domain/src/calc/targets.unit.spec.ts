import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGET_POLICY } from '../policy/targets.ts';
import {
  achievementProbability,
  achievementWithPrior,
  behindStageTarget,
  largestRemainder,
  peerGap,
  percentShares,
  splitTeamTarget,
  targetBaseline,
} from './targets.ts';

const YUAN = 100;
const policy = DEFAULT_TARGET_POLICY;

describe('target baseline', () => {
  it('is history × (1 + growth) × rank × region × product × market, rounded to 100 yuan', () => {
    const b = targetBaseline({
      monthlySales: [90_000, 100_000, 110_000].map((y) => y * YUAN),
      rank: 'sales_supervisor',
      coefficients: { region: 1.1, productDifficulty: 0.9, market: 1 },
      policy,
    });
    // 100,000 × 1.1 × 1.05 × 1.1 × 0.9 × 1 = 114,345 → 114,300 yuan
    expect(b.target).toBe(114_300 * YUAN);
    expect(b.basis).toBe('history');
    expect(b.policy).toEqual({ id: 'targets-demo', version: 1 });
  });
  it('uses the rank default without history', () => {
    const b = targetBaseline({
      monthlySales: [],
      rank: 'sales_representative',
      coefficients: { region: 1, productDifficulty: 1, market: 1 },
      policy,
    });
    expect(b.basis).toBe('rankDefault');
    expect(b.target).toBe(88_000 * YUAN);
  });
});

describe('target baseline: seasonality', () => {
  const coefficients = { region: 1, productDifficulty: 1, market: 1 };
  it('starts from the same month of earlier years when they had sales, and says so', () => {
    const b = targetBaseline({
      monthlySales: [100_000, 100_000, 100_000].map((y) => y * YUAN),
      sameMonthSales: [150_000 * YUAN, 170_000 * YUAN],
      rank: 'sales_representative',
      coefficients,
      policy,
    });
    // mean of the same month 160,000 × 1.1 = 176,000 yuan
    expect(b.basis).toBe('sameMonth');
    expect(b.base).toBe(160_000 * YUAN);
    expect(b.sameMonth).toEqual([150_000 * YUAN, 170_000 * YUAN]);
    expect(b.target).toBe(176_000 * YUAN);
    expect(b.formula).toContain('same month of 2 earlier year(s)');
  });
  it('skips earlier years without sales in that month, and falls back to the recent months without any', () => {
    const withGap = targetBaseline({
      monthlySales: [100_000 * YUAN],
      sameMonthSales: [0, 120_000 * YUAN],
      rank: 'sales_representative',
      coefficients,
      policy,
    });
    expect(withGap.base).toBe(120_000 * YUAN);
    const none = targetBaseline({
      monthlySales: [100_000 * YUAN],
      sameMonthSales: [0],
      rank: 'sales_representative',
      coefficients,
      policy,
    });
    expect(none.basis).toBe('history');
    expect(none.sameMonth).toEqual([]);
    expect(none.target).toBe(110_000 * YUAN);
  });
});

describe('team target split', () => {
  it('adds up exactly with largest-remainder rounding', () => {
    expect(largestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(largestRemainder(10, [0.5, 0.3, 0.2])).toEqual([5, 3, 2]);
  });
  it('splits by ability and flags extreme shares', () => {
    const members = [
      { personId: 'a', ability: 500, potential: 50 },
      { personId: 'b', ability: 100, potential: 50 },
      { personId: 'c', ability: 100, potential: 50 },
      { personId: 'd', ability: 100, potential: 50 },
    ];
    const split = splitTeamTarget(1_000_001, members, 'ability', policy);
    expect(split.shares.map((s) => s.amount)).toEqual([625_001, 125_000, 125_000, 125_000]);
    expect(split.shares.map((s) => s.extreme)).toEqual(['high', 'low', 'low', 'low']);
    expect(splitTeamTarget(1_000_001, members, 'potential', policy).shares.map((s) => s.extreme)).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
  it('refuses weights that cannot split (no one has ability)', () => {
    expect(() =>
      splitTeamTarget(100, [{ personId: 'a', ability: 0, potential: 1 }], 'ability', policy),
    ).toThrow(/positive sum/);
  });
  it('property: every split adds up exactly to the total, in whole fen', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 10_000_000_000 }),
        fc.array(fc.record({ ability: fc.nat({ max: 1e9 }), potential: fc.integer({ min: 1, max: 100 }) }), {
          minLength: 1,
          maxLength: 30,
        }),
        fc.constantFrom('equal', 'ability', 'potential' as const),
        (total, ms, strategy) => {
          const members = ms.map((m, i) => ({ ...m, personId: `p${i}`, ability: m.ability + 1 }));
          const split = splitTeamTarget(total, members, strategy, policy);
          expect(split.shares.reduce((a, s) => a + s.amount, 0)).toBe(total);
          for (const s of split.shares) expect(Number.isInteger(s.amount) && s.amount >= 0).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('achievement probability', () => {
  it('is 50% when the remaining weeks at the mean exactly reach the target', () => {
    const p = achievementProbability({
      weeklySales: [80, 100, 120],
      target: 1000,
      achievedSoFar: 600,
      weeksRemaining: 4,
    });
    expect(p.probability).toBeCloseTo(0.5, 6);
  });
  it('rises with what is already achieved and is 1 once the target is reached', () => {
    const at = (so: number) =>
      achievementProbability({
        weeklySales: [80, 100, 120],
        target: 1000,
        achievedSoFar: so,
        weeksRemaining: 4,
      }).probability;
    expect(at(700)).toBeGreaterThan(at(600));
    expect(at(1000)).toBe(1);
    // sd = 20, k = 4: z = (300 − 400) ÷ 40 = −2.5 → P = Φ(2.5) ≈ 0.99379
    expect(at(700)).toBeCloseTo(0.99379, 4);
  });
});

describe('early warnings', () => {
  it('warns after 3 consecutive weeks behind the cumulative stage target', () => {
    const stage = [100, 100, 100, 100, 100];
    expect(behindStageTarget([120, 90, 80, 60, 100], stage, policy)).toMatchObject({
      warn: true,
      consecutiveWeeksBehind: 3,
    });
    expect(behindStageTarget([120, 90, 80, 60, 160], stage, policy)).toMatchObject({
      warn: false,
      consecutiveWeeksBehind: 0,
    });
  });
  it('warns on a gap of more than 30% to the median of peers of the same rank and region', () => {
    expect(peerGap(0.6, [0.9, 1.0, 1.1], policy).warn).toBe(true);
    expect(peerGap(0.75, [0.9, 1.0, 1.1], policy).warn).toBe(false);
    expect(peerGap(0.5, [], policy).warn).toBe(false);
  });
});

describe('team split percentages', () => {
  // A demo-sized team: trailing 3-month sales in fen (¥38,120 … ¥1,204,730) and latest scores.
  const team = [
    { personId: 'emp-000041', ability: 120_473_000, potential: 61.4 },
    { personId: 'emp-000042', ability: 87_250_400, potential: 55.2 },
    { personId: 'emp-000043', ability: 64_118_900, potential: 48.9 },
    { personId: 'emp-000044', ability: 51_902_300, potential: 47.3 },
    { personId: 'emp-000045', ability: 33_640_100, potential: 39.8 },
    { personId: 'emp-000046', ability: 12_881_000, potential: 31.05 },
    { personId: 'emp-000047', ability: 3_812_000, potential: 50 },
    { personId: 'emp-000048', ability: 0, potential: 22.6 },
  ];
  const total = 324_500 * 8 * YUAN; // ¥2,596,000

  for (const strategy of ['equal', 'ability', 'potential'] as const) {
    it(`${strategy}: every share is its amount's percent of the team amount, and they sum to 100.0%`, () => {
      const split = splitTeamTarget(total, team, strategy, policy);
      expect(split.shares.reduce((n, s) => n + s.amount, 0)).toBe(total);
      const tenths = split.shares.reduce((n, s) => n + Math.round(s.percent * 10), 0);
      expect(tenths).toBe(1000);
      for (const s of split.shares) {
        expect(s.percent).toBeGreaterThanOrEqual(0);
        expect(s.percent).toBeLessThanOrEqual(100);
        expect(Math.abs(s.percent - (s.amount / total) * 100)).toBeLessThanOrEqual(0.1);
      }
    });
  }

  it('gives the strongest seller the largest share by ability (¥1,204,730 of ¥3,740,777 trailing → 32.2%)', () => {
    const split = splitTeamTarget(total, team, 'ability', policy);
    expect(split.shares[0]?.percent).toBe(32.2);
    expect(split.shares.at(-1)?.percent).toBe(0);
  });

  it('sums to exactly 100.0 for any amounts with a positive sum', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 10 ** 9 }), { minLength: 1, maxLength: 40 }), (amounts) => {
        const percents = percentShares(amounts);
        if (amounts.every((a) => a === 0)) return percents.every((p) => p === 0);
        return percents.reduce((n, p) => n + Math.round(p * 10), 0) === 1000;
      }),
    );
  });
});

describe('achievement probability with a prior from peers', () => {
  const peerWeeks = Array.from({ length: 39 }, (_, i) => (60_000 + ((i * 7919) % 30_000)) * YUAN);
  const target = 300_000 * YUAN;

  it('with no history of their own, a new hire is judged by their peers, not by nothing sold', () => {
    const alone = achievementProbability({ weeklySales: [], target, achievedSoFar: 0, weeksRemaining: 4 });
    expect(alone.probability).toBe(0);
    const p = achievementWithPrior({
      weeklySales: [],
      peerWeeklySales: peerWeeks,
      peers: 3,
      target,
      achievedSoFar: 0,
      weeksRemaining: 4,
    });
    expect(p.method).toBe('peers');
    expect(p.priorWeight).toBe(13);
    expect(p.probability).toBeGreaterThan(0.3);
    expect(p.probability).toBeLessThan(1);
  });

  it('blends a short history with the prior, weighing the prior as the weeks the person lacks', () => {
    const own = [20_000, 30_000].map((y) => y * YUAN);
    const p = achievementWithPrior({
      weeklySales: own,
      peerWeeklySales: peerWeeks,
      peers: 3,
      target,
      achievedSoFar: 0,
      weeksRemaining: 4,
    });
    expect(p.method).toBe('blended');
    expect(p.priorWeight).toBe(11);
    const peerMean = peerWeeks.reduce((a, b) => a + b, 0) / peerWeeks.length;
    expect(p.weeklyMean).toBeCloseTo((2 * 25_000 * YUAN + 11 * peerMean) / 13, 6);
    expect(p.probability).toBeGreaterThan(0);
  });

  it('uses the person’s own history alone once they have a quarter of it', () => {
    const own = Array.from({ length: 13 }, (_, i) => (50_000 + i * 1_000) * YUAN);
    const args = { weeklySales: own, target, achievedSoFar: 100_000 * YUAN, weeksRemaining: 2 };
    const p = achievementWithPrior({ ...args, peerWeeklySales: peerWeeks, peers: 3 });
    expect(p.method).toBe('own');
    expect(p.probability).toBe(achievementProbability(args).probability);
  });
});
