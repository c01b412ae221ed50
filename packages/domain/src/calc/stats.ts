import { validation } from '../core/errors.ts';
/** Small numeric helpers used by the calculations (pure, no dependencies). */

export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** Sample variance (n − 1); 0 for fewer than two values. */
export function variance(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = sum(xs) / xs.length;
  return xs.reduce((a, x) => a + (x - m) * (x - m), 0) / (xs.length - 1);
}

/** Error function, Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7). */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const ax = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * ax);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-ax * ax);
  return sign * y;
}

/** Standard normal cumulative distribution Φ(z). */
export const normalCdf = (z: number): number => 0.5 * (1 + erf(z / Math.SQRT2));

/** The p-quantile (0–1) of a list by linear interpolation between order statistics. */
export function quantile(xs: readonly number[], p: number): number {
  if (xs.length === 0) throw validation('quantile of an empty list');
  const sorted = [...xs].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export const sigmoid = (z: number): number =>
  z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));

/**
 * Wilson score interval of a proportion at 95% (z = 1.96): better than p ± 1.96·√(p(1−p)/n) for
 * small samples and proportions near 0 or 1; null for n = 0.
 */
export function wilson95(successes: number, n: number): [number, number] | null {
  if (n <= 0) return null;
  const z = 1.96;
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
