import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGET_POLICY } from '../policy/targets.ts';
import {
  achievementProbability,
  behindStageTarget,
  largestRemainder,
  peerGap,
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
