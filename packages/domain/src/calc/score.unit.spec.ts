import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KPI_LIBRARY } from '../policy/kpi.ts';
import { LEVEL_IDS } from '../policy/ladder.ts';
import { COMPANY_A_SCORING_POLICY, DEFAULT_SCORING_POLICY } from '../policy/scoring.ts';
import { emptyFacts, type PersonPeriodFacts } from './facts.ts';
import { kpiValue, normalise } from './kpi.ts';
import { compositeScore, compositeScoreValue } from './score.ts';

const YUAN = 100;

/** A rep's quarter (13 weeks = 3 months) in company A. */
const quarter = (over: Partial<PersonPeriodFacts>): PersonPeriodFacts => ({
  ...emptyFacts('emp-1', '2025-01-06', '2025-04-06', 13),
  ...over,
});

describe('composite score, company A (sales 40 / collection 30 / follow-up 20 / collaboration 10)', () => {
  it('scores a rep with completion 120%, collection 95%, 10 follow-ups a week and 2 collaboration credits a month', () => {
    const facts = quarter({
      target: 300_000 * YUAN,
      salesAmount: 360_000 * YUAN, // completion 1.2 → capped at 100 points (target 1.1)
      collectedAmount: 342_000 * YUAN, // collection 0.95 → (0.95 − 0.6) ÷ 0.4 = 87.5 points
      followUps: 130, // 10 a week → (10 − 4) ÷ 8 = 75 points
      collaborationCredits: 6, // 2 a month → 2 ÷ 3 = 66.67 points
    });
    const b = compositeScore(facts, 'sales_representative', COMPANY_A_SCORING_POLICY);
    // 0.40 × 100 + 0.30 × 87.5 + 0.20 × 75 + 0.10 × 66.67 = 40 + 26.25 + 15 + 6.667 = 87.917
    expect(b.score).toBe(87.92);
    expect(b.parts.map((p) => [p.kpi, p.normalised])).toEqual([
      ['salesCompletionRate', 100],
      ['collectionRate', 87.5],
      ['customerFollowUps', 75],
      ['teamCollaboration', 66.67],
    ]);
    expect(b.policy).toEqual({ id: 'scoring-company-a', version: 1 });
    expect(b.parts[1]?.rawFormula).toBe(
      'collection rate (回款率) = collected ÷ closed = 34,200,000 ÷ 36,000,000 = 0.95',
    );
    expect(b.formula).toBe(
      'score = Σ weight × points ÷ 100 = 40% × 100 + 30% × 87.5 + 20% × 75 + 10% × 66.67 = 87.92',
    );
    expect(compositeScoreValue(facts, 'sales_representative', COMPANY_A_SCORING_POLICY)).toBe(b.score);
  });

  it('high sales with poor collection and retention no longer outscore steady collection', () => {
    const flashy = quarter({
      target: 300_000 * YUAN,
      salesAmount: 420_000 * YUAN,
      collectedAmount: 260_000 * YUAN,
      followUps: 80,
      collaborationCredits: 0,
    });
    const steady = quarter({
      target: 300_000 * YUAN,
      salesAmount: 300_000 * YUAN,
      collectedAmount: 297_000 * YUAN,
      followUps: 156,
      collaborationCredits: 9,
    });
    const a = compositeScore(flashy, 'sales_representative', COMPANY_A_SCORING_POLICY).score;
    const b = compositeScore(steady, 'sales_representative', COMPANY_A_SCORING_POLICY).score;
    expect(b).toBeGreaterThan(a);
  });

  it('a missing KPI (no target set) scores 0 points and is listed', () => {
    const b = compositeScore(
      quarter({ salesAmount: 1000, collectedAmount: 1000 }),
      'sales_representative',
      COMPANY_A_SCORING_POLICY,
    );
    expect(b.missing).toEqual(['salesCompletionRate']);
    expect(b.parts[0]?.points).toBe(0);
  });
});

describe('normalisation', () => {
  it('is linear between floor and target and capped', () => {
    const n = { kind: 'linear', floor: 0.6, target: 1 } as const;
    expect(normalise(0.6, n)).toBe(0);
    expect(normalise(0.8, n)).toBe(50);
    expect(normalise(1.3, n)).toBe(100);
    expect(normalise(0.1, n)).toBe(0);
  });
  it('handles lower-is-better KPIs with the floor above the target', () => {
    const cycle = KPI_LIBRARY.salesCycleLength; // floor 120 days, target 30
    const v = kpiValue(cycle, quarter({ salesCycleDays: [60, 90] })); // mean 75 → (75 − 120) ÷ (30 − 120) = 50
    expect(v.normalised).toBe(50);
  });
});

const factsArb: fc.Arbitrary<PersonPeriodFacts> = fc.record({
  personId: fc.constant('p'),
  periodStart: fc.constant('2025-01-01'),
  periodEnd: fc.constant('2025-03-31'),
  weeks: fc.double({ min: 0.5, max: 60, noNaN: true }),
  salesAmount: fc.nat(),
  deals: fc.nat({ max: 500 }),
  target: fc.nat(),
  collectedAmount: fc.nat(),
  keyAccountSalesAmount: fc.nat(),
  grossMarginAmount: fc.integer({ min: -1e9, max: 1e9 }),
  expenses: fc.nat(),
  salesCycleDays: fc.array(fc.nat({ max: 400 }), { maxLength: 5 }),
  followUps: fc.nat({ max: 1000 }),
  collaborationCredits: fc.nat({ max: 100 }),
  newCustomers: fc.nat({ max: 100 }),
  customersRetained: fc.nat({ max: 100 }),
  customersChurned: fc.nat({ max: 100 }),
  customerRatings: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 5 }),
  feedback360Ratings: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 5 }),
  demos: fc.nat({ max: 100 }),
  validOpportunities: fc.nat({ max: 100 }),
  workingDays: fc.nat({ max: 70 }),
  daysPresent: fc.nat({ max: 70 }),
  lateArrivals: fc.nat({ max: 30 }),
  earlyLeaves: fc.nat({ max: 30 }),
});

describe('properties', () => {
  it('every composite score of every rank lies within 0–100, and the fast path agrees', () => {
    fc.assert(
      fc.property(
        factsArb,
        fc.constantFrom(...LEVEL_IDS),
        fc.constantFrom(DEFAULT_SCORING_POLICY, COMPANY_A_SCORING_POLICY),
        (facts, rank, policy) => {
          const b = compositeScore(facts, rank, policy);
          expect(b.score).toBeGreaterThanOrEqual(0);
          expect(b.score).toBeLessThanOrEqual(100);
          for (const p of b.parts) expect(p.normalised).toBeGreaterThanOrEqual(0);
          expect(compositeScoreValue(facts, rank, policy)).toBe(b.score);
        },
      ),
      { numRuns: 300 },
    );
  });
});
