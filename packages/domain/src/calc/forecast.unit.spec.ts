import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearTrendForecast, studentTCdf, studentTQuantile } from './forecast.ts';

describe('Student t', () => {
  it('matches the table quantiles', () => {
    // Two-sided 80% (one-sided 0.9) critical values from the t table.
    expect(studentTQuantile(0.9, 1)).toBeCloseTo(3.077684, 5);
    expect(studentTQuantile(0.9, 3)).toBeCloseTo(1.637744, 5);
    expect(studentTQuantile(0.9, 10)).toBeCloseTo(1.372184, 5);
    expect(studentTQuantile(0.9, 30)).toBeCloseTo(1.310415, 5);
    expect(studentTQuantile(0.975, 5)).toBeCloseTo(2.570582, 5);
    expect(studentTQuantile(0.1, 3)).toBeCloseTo(-1.637744, 5);
  });
  it('has the Cauchy CDF at one degree of freedom', () => {
    // t(1) is the Cauchy distribution: F(t) = 1/2 + atan(t)/π.
    for (const t of [-3, -0.5, 0, 1, 4]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 10);
    }
  });
  it('inverts its CDF', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.integer({ min: 1, max: 200 }),
        (p, df) => {
          expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 8);
        },
      ),
    );
  });
});

describe('linear trend forecast', () => {
  // Hand-computed: y = 10, 12, 15, 15, 18 at t = 0..4. t̄ = 2, ȳ = 14, Sxx = 10, Sxy = 19,
  // b = 1.9, a = 10.2; fitted 10.2, 12.1, 14, 15.9, 17.8; SSE = 1.9, s² = 1.9/3.
  const f = linearTrendForecast([10, 12, 15, 15, 18], 2);
  const s = Math.sqrt(1.9 / 3);
  const t = 1.637744;

  it('fits the least-squares line', () => {
    expect(f.method).toBe('linear-regression');
    expect(f.slope).toBeCloseTo(1.9, 12);
    expect(f.intercept).toBeCloseTo(10.2, 12);
    expect(f.residualSd).toBeCloseTo(s, 12);
    expect(f.tQuantile).toBeCloseTo(t, 5);
  });
  it('forecasts with an 80% prediction interval that widens with the horizon', () => {
    const [h1, h2] = f.points;
    // h = 1: t₀ = 5, ŷ = 19.7, half width = t · s · √(1 + 1/5 + 9/10) = t · s · √2.1 ≈ 1.888739
    expect(h1?.value).toBeCloseTo(19.7, 10);
    expect(h1?.lower).toBeCloseTo(19.7 - t * s * Math.sqrt(2.1), 5);
    expect(h1?.upper).toBeCloseTo(21.588739, 5);
    // h = 2: t₀ = 6, ŷ = 21.6, half width = t · s · √(1 + 1/5 + 16/10) = t · s · √2.8 ≈ 2.180924
    expect(h2?.value).toBeCloseTo(21.6, 10);
    expect(h2?.upper).toBeCloseTo(23.780924, 5);
    expect(h2?.lower).toBeCloseTo(19.419076, 5);
    expect((h2?.upper ?? 0) - (h2?.lower ?? 0)).toBeGreaterThan((h1?.upper ?? 0) - (h1?.lower ?? 0));
    expect(f.explanation).toContain('80% prediction interval');
  });
  it('gives a zero-width interval on an exact line', () => {
    const g = linearTrendForecast([5, 7, 9, 11], 1);
    expect(g.points[0]).toEqual({ step: 1, value: 13, lower: 13, upper: 13 });
  });
  it('clamps at the floor', () => {
    const g = linearTrendForecast([30, 20, 12, 1], 3, { floor: 0 });
    expect(g.points.every((p) => p.value >= 0 && p.lower >= 0 && p.upper >= 0)).toBe(true);
    expect(g.points[2]?.value).toBe(0);
  });
  it('leaves months without a value out of the fit but keeps time in place', () => {
    // Points (0, 2), (2, 6), (3, 8): t̄ = 5/3, ȳ = 16/3, Sxx = 14/3, Sxy = 28/3 → b = 2, a = 2; exact line.
    const g = linearTrendForecast([2, null, 6, 8], 1);
    expect(g.n).toBe(3);
    expect(g.slope).toBeCloseTo(2, 12);
    expect(g.intercept).toBeCloseTo(2, 12);
    expect(g.points[0]?.value).toBeCloseTo(10, 10);
  });
  it('clamps at the ceiling', () => {
    const g = linearTrendForecast([0.7, 0.8, 0.9, 0.95], 2, { floor: 0, ceiling: 1 });
    expect(g.points.every((p) => p.upper <= 1 && p.value <= 1)).toBe(true);
  });
  it('refuses to forecast from fewer than three months', () => {
    const g = linearTrendForecast([4, 5], 3);
    expect(g.method).toBe('insufficient-history');
    expect(g.points).toEqual([]);
  });
  it('names a bad horizon', () => {
    expect(() => linearTrendForecast([1, 2, 3], 0)).toThrow(/horizon/);
    expect(() => linearTrendForecast([1, 2, 3], 1.5)).toThrow(/horizon/);
  });
});
