import {
  auc,
  bestF1Threshold,
  calibration,
  coldStartRisk,
  fitLogistic,
  modelRisk,
  precisionRecall,
  predictProbability,
  RETENTION_FEATURE_IDS,
  type RetentionFeatures,
  RetentionModelSchema,
  type RetentionRow,
  sigmoid,
  solveSpd,
  trainRetentionModel,
} from '@trackrecord/domain';
import { describe, expect, it } from 'vitest';
import { createRandom } from './random.ts';

const neutral: RetentionFeatures = {
  trainingCompletionRate: 1,
  mentorRating: 9,
  weeksWithoutSalesGrowth: 0,
  targetAttainment: 1,
  tenureMonths: 24,
  monthsEligibleWithoutPromotion: 0,
  feedbackTrend: 0,
  satisfactionLevel: 7,
  satisfactionTrend: 0,
  recruitingFit: 70,
  followUpTrend: 0,
};

describe('metrics', () => {
  it('AUC counts correctly ordered positive/negative pairs, ties half', () => {
    // pairs (pos, neg): (0.35, 0.1) ✓ (0.35, 0.4) ✗ (0.8, 0.1) ✓ (0.8, 0.4) ✓ → 3 / 4
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(auc([0.5, 0.5], [0, 1])).toBe(0.5);
  });
  it('precision and recall at a threshold', () => {
    expect(precisionRecall([0.1, 0.6, 0.7, 0.9], [0, 0, 1, 1], 0.6)).toMatchObject({
      precision: 2 / 3,
      recall: 1,
      flagged: 3,
    });
    expect(bestF1Threshold([0.1, 0.6, 0.7, 0.9], [0, 0, 1, 1])).toBe(0.7);
  });
  it('calibration bins mean prediction against observed rate', () => {
    const bins = calibration([0.05, 0.15, 0.12, 0.95], [0, 1, 0, 1], 10);
    expect(bins[1]).toMatchObject({ count: 2, observedRate: 0.5 });
    expect(bins[1]?.meanPredicted).toBeCloseTo(0.135, 10);
    expect(bins[9]).toMatchObject({ count: 1, observedRate: 1 });
  });
});

describe('logistic regression (IRLS, L2, standardised)', () => {
  it('solves a symmetric positive-definite system', () => {
    const x = solveSpd(
      [
        [4, 2],
        [2, 3],
      ],
      [2, 1],
    );
    expect(x[0]).toBeCloseTo(0.5, 12);
    expect(x[1]).toBeCloseTo(0, 12);
  });
  it('recovers the coefficients that generated the data', () => {
    const rng = createRandom(11);
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const a = rng.normal();
      const b = 3 + 2 * rng.normal(); // mean 3, sd 2 → standardised coefficient = 2 × raw
      x.push([a, b]);
      y.push(rng.chance(sigmoid(-1 + 1.5 * a - 0.5 * (b - 3))) ? 1 : 0);
    }
    const fit = fitLogistic(x, y, { l2: 0 });
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.intercept - -1)).toBeLessThan(0.1);
    expect(Math.abs((fit.coefficients[0] as number) - 1.5)).toBeLessThan(0.1);
    expect(Math.abs((fit.coefficients[1] as number) - -1)).toBeLessThan(0.1); // −0.5 per unit × sd 2
    // L2 shrinks coefficients towards 0.
    const shrunk = fitLogistic(x, y, { l2: 5000 });
    expect(Math.abs(shrunk.coefficients[0] as number)).toBeLessThan(Math.abs(fit.coefficients[0] as number));
    expect(predictProbability(fit, fit.means)).toBeCloseTo(sigmoid(fit.intercept), 12);
  });
});

describe('retention risk', () => {
  it('cold start: the seed’s three signals; flagged at two or more', () => {
    const r = coldStartRisk({
      ...neutral,
      trainingCompletionRate: 0.6,
      mentorRating: 6,
      weeksWithoutSalesGrowth: 1,
    });
    expect(r.method).toBe('coldStart');
    expect(r.flagged).toBe(true);
    if (r.method !== 'coldStart') throw new Error('unreachable');
    expect(r.signals.map((s) => s.met)).toEqual([true, true, false]);
    expect(r.signals[0]?.text.en).toBe('training completion 60% (signal below 80%)');
    expect(coldStartRisk({ ...neutral, weeksWithoutSalesGrowth: 2 }).flagged).toBe(false);
  });

  const rowsFrom = (seed: number, n: number): RetentionRow[] => {
    const rng = createRandom(seed);
    const rows: RetentionRow[] = [];
    for (let i = 0; i < n; i++) {
      const f: RetentionFeatures = {
        ...neutral,
        satisfactionLevel: 7 + 1.5 * rng.normal(),
        weeksWithoutSalesGrowth: rng.int(6),
        recruitingFit: 65 + 15 * rng.normal(),
        tenureMonths: rng.int(60),
      };
      const eta =
        -2 -
        0.8 * (f.satisfactionLevel - 7) +
        0.4 * f.weeksWithoutSalesGrowth -
        0.03 * (f.recruitingFit - 65);
      rows.push({ personId: `p${i}`, week: i % 20, features: f, left: rng.chance(sigmoid(eta)) ? 1 : 0 });
    }
    return rows;
  };

  it('trains on the earlier observations and reports metrics on the later ones', () => {
    const model = trainRetentionModel(rowsFrom(3, 4000), { horizonDays: 84 });
    expect(RetentionModelSchema.parse(model)).toEqual(model);
    expect(model.features).toEqual([...RETENTION_FEATURE_IDS]);
    expect(model.metrics?.trainRows).toBeGreaterThan(2400);
    expect(model.metrics?.testRows).toBeGreaterThan(900);
    expect(model.metrics?.auc).toBeGreaterThan(0.8);
    const j = (id: string) => model.features.indexOf(id as never);
    expect(model.coefficients[j('satisfactionLevel')]).toBeLessThan(0);
    expect(model.coefficients[j('weeksWithoutSalesGrowth')]).toBeGreaterThan(0);
    expect(model.metrics?.calibration).toHaveLength(10);
  });

  it('explains a prediction: the contributions and the intercept add up to the log-odds', () => {
    const model = trainRetentionModel(rowsFrom(4, 3000), { horizonDays: 84 });
    const person = { ...neutral, satisfactionLevel: 3, weeksWithoutSalesGrowth: 5 };
    const r = modelRisk(model, person);
    if (r.method !== 'model') throw new Error('unreachable');
    const eta = model.intercept + r.contributions.reduce((a, c) => a + c.contribution, 0);
    expect(r.risk).toBeCloseTo(sigmoid(eta), 12);
    expect(r.contributions[0]?.feature).toBe('satisfactionLevel');
    expect(r.contributions[0]?.contribution).toBeGreaterThan(0);
    expect(r.policy).toEqual({ id: 'retention-model', version: 1 });
  });
});
