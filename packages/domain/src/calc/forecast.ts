import { validation } from '../core/errors.ts';
import { num } from './format.ts';
import { sum } from './stats.ts';

/**
 * Forecasting a monthly series by an ordinary-least-squares linear trend, with the classical
 * prediction interval of a new observation (pure, no I/O).
 *
 * For values y₀ … yₙ₋₁ at t = 0 … n − 1: ŷ(t) = a + b·t with b = Sxy ÷ Sxx, a = ȳ − b·t̄. The
 * residual standard error is s = √(Σ(yᵢ − ŷᵢ)² ÷ (n − 2)). The forecast h months ahead is at
 * t₀ = n − 1 + h, and its interval at level L is ŷ(t₀) ± t₍₁₊L₎⁄₂,ₙ₋₂ · s · √(1 + 1/n + (t₀ − t̄)² ÷ Sxx):
 * it widens with the horizon, both from the new month's own noise and from the uncertainty of
 * the fitted slope. A floor (0 for amounts and counts) clamps value and bounds.
 */

export type ForecastPoint = {
  /** Months after the last actual month (1 = the next month). */
  readonly step: number;
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
};

export type LinearTrendForecast = {
  readonly method: 'linear-regression' | 'insufficient-history';
  readonly n: number;
  readonly intercept: number | null;
  readonly slope: number | null;
  /** Residual standard error s (n − 2 degrees of freedom). */
  readonly residualSd: number | null;
  /** The Student t quantile used for the interval. */
  readonly tQuantile: number | null;
  readonly level: number;
  readonly points: readonly ForecastPoint[];
  readonly explanation: string;
};

/** Fewest actual months a trend and its interval can be estimated from (n − 2 ≥ 1 degree of freedom). */
export const MIN_FORECAST_HISTORY = 3;

/**
 * `values[t]` is month t's value; `null` marks a month without a value (a rate of a month with
 * nothing to divide), which is left out of the fit but keeps the months after it in place.
 * The forecast is for the months after the last entry.
 */
export function linearTrendForecast(
  values: readonly (number | null)[],
  horizon: number,
  options: { level?: number; floor?: number; ceiling?: number } = {},
): LinearTrendForecast {
  const level = options.level ?? 0.8;
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 120) {
    throw validation(`horizon must be a whole number of months from 1 to 120, got ${horizon}`);
  }
  if (!(level > 0 && level < 1)) throw validation(`level must be between 0 and 1, got ${level}`);
  if (values.some((v) => v !== null && !Number.isFinite(v)))
    throw validation('values must be finite numbers');
  const observed = values.flatMap((y, t) => (y === null ? [] : [{ t, y }]));
  const n = observed.length;
  if (n < MIN_FORECAST_HISTORY) {
    return {
      method: 'insufficient-history',
      n,
      intercept: null,
      slope: null,
      residualSd: null,
      tQuantile: null,
      level,
      points: [],
      explanation: `a linear trend and its prediction interval need at least ${MIN_FORECAST_HISTORY} months, got ${n}: no forecast`,
    };
  }
  const tMean = sum(observed.map((o) => o.t)) / n;
  const yMean = sum(observed.map((o) => o.y)) / n;
  let sxx = 0;
  let sxy = 0;
  for (const { t, y } of observed) {
    sxx += (t - tMean) ** 2;
    sxy += (t - tMean) * (y - yMean);
  }
  const slope = sxy / sxx;
  const intercept = yMean - slope * tMean;
  const sse = observed.reduce((acc, { t, y }) => acc + (y - (intercept + slope * t)) ** 2, 0);
  const s = Math.sqrt(sse / (n - 2));
  const q = studentTQuantile((1 + level) / 2, n - 2);
  const floor = options.floor ?? Number.NEGATIVE_INFINITY;
  const ceiling = options.ceiling ?? Number.POSITIVE_INFINITY;
  const clamp = (x: number) => Math.min(ceiling, Math.max(floor, x));
  const points: ForecastPoint[] = [];
  for (let h = 1; h <= horizon; h++) {
    const t0 = values.length - 1 + h;
    const value = intercept + slope * t0;
    const half = q * s * Math.sqrt(1 + 1 / n + (t0 - tMean) ** 2 / sxx);
    points.push({ step: h, value: clamp(value), lower: clamp(value - half), upper: clamp(value + half) });
  }
  const bounds = [
    Number.isFinite(floor) ? `at least ${num(floor)}` : '',
    Number.isFinite(ceiling) ? `at most ${num(ceiling)}` : '',
  ].filter(Boolean);
  const floorText = bounds.length ? `; value and bounds clamped to ${bounds.join(' and ')}` : '';
  return {
    method: 'linear-regression',
    n,
    intercept,
    slope,
    residualSd: s,
    tQuantile: q,
    level,
    points,
    explanation:
      `OLS linear trend over ${n} months${n < values.length ? ` (${values.length - n} without a value left out)` : ''}: ŷ(t) = ${num(intercept, 2)} + ${num(slope, 2)}·t (t = 0 for the first month); ` +
      `${Math.round(level * 100)}% prediction interval ŷ ± t(${num((1 + level) / 2, 3)}, ${n - 2} df) = ${num(q, 4)} × s = ${num(s, 2)} × √(1 + 1/n + (t − t̄)²/Sxx), widening with the horizon${floorText}`,
  };
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 coefficients; relative error < 1e-14). */
function lnGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = c[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the regularized incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Cumulative distribution of Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

const quantiles = new Map<string, number>();

/** The p-quantile of Student's t with `df` degrees of freedom (bisection on the CDF to 1e-12, memoised). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw validation(`p must be between 0 and 1, got ${p}`);
  if (!(df > 0)) throw validation(`degrees of freedom must be positive, got ${df}`);
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  const key = `${p}/${df}`;
  const known = quantiles.get(key);
  if (known !== undefined) return known;
  const q = bisectQuantile(p, df);
  if (quantiles.size < 10_000) quantiles.set(key, q);
  return q;
}

function bisectQuantile(p: number, df: number): number {
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
