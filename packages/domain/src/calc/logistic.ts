import { validation } from '../core/errors.ts';
import { sigmoid } from './stats.ts';

/**
 * L2-regularised logistic regression, fitted by iteratively reweighted least squares (Newton's
 * method) on standardised features. Standardising makes coefficients comparable (the change in
 * log-odds per standard deviation) and makes the L2 penalty treat every feature alike. The
 * intercept is not penalised.
 */
export type LogisticFit = {
  readonly intercept: number;
  /** Coefficients on the standardised features, in feature order. */
  readonly coefficients: readonly number[];
  readonly means: readonly number[];
  /** Population standard deviations (1 for a constant feature). */
  readonly stds: readonly number[];
  readonly l2: number;
  readonly iterations: number;
  readonly converged: boolean;
};

export type LogisticOptions = {
  readonly l2?: number;
  readonly maxIterations?: number;
  readonly tolerance?: number;
};

/** Solves A·x = b for a symmetric positive-definite A by Cholesky decomposition. */
export function solveSpd(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const l: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const li = l[i] as number[];
    for (let j = 0; j <= i; j++) {
      const lj = l[j] as number[];
      let s = (a[i] as readonly number[])[j] as number;
      for (let k = 0; k < j; k++) s -= (li[k] as number) * (lj[k] as number);
      if (i === j) {
        if (s <= 0) throw validation('matrix is not positive definite');
        li[i] = Math.sqrt(s);
      } else {
        li[j] = s / (lj[j] as number);
      }
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    const li = l[i] as number[];
    for (let k = 0; k < i; k++) s -= (li[k] as number) * (y[k] as number);
    y[i] = s / (li[i] as number);
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < n; k++) s -= ((l[k] as number[])[i] as number) * (x[k] as number);
    x[i] = s / ((l[i] as number[])[i] as number);
  }
  return x;
}

/** Column means and population standard deviations (a constant column gets std 1). */
export function standardisation(x: readonly (readonly number[])[]): { means: number[]; stds: number[] } {
  const d = x[0]?.length ?? 0;
  const means = new Array<number>(d).fill(0);
  const stds = new Array<number>(d).fill(0);
  for (const row of x) for (let j = 0; j < d; j++) means[j] = (means[j] as number) + (row[j] as number);
  for (let j = 0; j < d; j++) means[j] = (means[j] as number) / x.length;
  for (const row of x) {
    for (let j = 0; j < d; j++) {
      const dev = (row[j] as number) - (means[j] as number);
      stds[j] = (stds[j] as number) + dev * dev;
    }
  }
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt((stds[j] as number) / x.length);
    stds[j] = s > 1e-12 ? s : 1;
  }
  return { means, stds };
}

/** Fits the model. `y` holds 0/1 labels; `x` one row of raw feature values per example. */
export function fitLogistic(
  x: readonly (readonly number[])[],
  y: readonly number[],
  options: LogisticOptions = {},
): LogisticFit {
  if (x.length === 0 || x.length !== y.length)
    throw validation('fitLogistic needs as many labels as rows (≥ 1)');
  const l2 = options.l2 ?? 1;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-8;
  const { means, stds } = standardisation(x);
  const d = means.length;
  const p = d + 1;
  const z = x.map((row) => {
    const r = new Float64Array(p);
    r[0] = 1;
    for (let j = 0; j < d; j++) r[j + 1] = ((row[j] as number) - (means[j] as number)) / (stds[j] as number);
    return r;
  });
  const beta = new Array<number>(p).fill(0);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    iterations++;
    const gradient = new Array<number>(p).fill(0);
    const hessian: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    for (let i = 0; i < z.length; i++) {
      const row = z[i] as Float64Array;
      let eta = 0;
      for (let j = 0; j < p; j++) eta += (beta[j] as number) * (row[j] as number);
      const mu = sigmoid(eta);
      const w = Math.max(mu * (1 - mu), 1e-10);
      const residual = (y[i] as number) - mu;
      for (let j = 0; j < p; j++) {
        const rj = row[j] as number;
        gradient[j] = (gradient[j] as number) + residual * rj;
        const hj = hessian[j] as number[];
        const wr = w * rj;
        for (let k = 0; k <= j; k++) hj[k] = (hj[k] as number) + wr * (row[k] as number);
      }
    }
    for (let j = 0; j < p; j++) {
      const hj = hessian[j] as number[];
      for (let k = 0; k < j; k++) (hessian[k] as number[])[j] = hj[k] as number;
      if (j > 0) {
        gradient[j] = (gradient[j] as number) - l2 * (beta[j] as number);
        hj[j] = (hj[j] as number) + l2;
      }
    }
    const step = solveSpd(hessian, gradient);
    let largest = 0;
    for (let j = 0; j < p; j++) {
      beta[j] = (beta[j] as number) + (step[j] as number);
      largest = Math.max(largest, Math.abs(step[j] as number));
    }
    converged = largest < tolerance;
  }
  return {
    intercept: beta[0] as number,
    coefficients: beta.slice(1),
    means,
    stds,
    l2,
    iterations,
    converged,
  };
}

/** Log-odds of one row of raw feature values. */
export function logOdds(
  fit: Pick<LogisticFit, 'intercept' | 'coefficients' | 'means' | 'stds'>,
  row: readonly number[],
): number {
  let eta = fit.intercept;
  for (let j = 0; j < fit.coefficients.length; j++) {
    eta +=
      (fit.coefficients[j] as number) *
      (((row[j] as number) - (fit.means[j] as number)) / (fit.stds[j] as number));
  }
  return eta;
}

export const predictProbability = (
  fit: Pick<LogisticFit, 'intercept' | 'coefficients' | 'means' | 'stds'>,
  row: readonly number[],
): number => sigmoid(logOdds(fit, row));

/**
 * Recalibration in the large: the log-odds `a` to add to every prediction so that the mean
 * predicted probability equals the observed rate, Σ σ(a + ηᵢ) = Σ yᵢ (the maximum-likelihood
 * intercept of a logistic model with the log-odds ηᵢ as a fixed offset). Newton's method from 0;
 * the function is increasing in `a`, so there is exactly one root when 0 < Σ yᵢ < n. Null when
 * the labels are all 0 or all 1 (no finite shift matches them).
 */
export function interceptShift(logOddsOf: readonly number[], labels: readonly number[]): number | null {
  if (logOddsOf.length === 0 || logOddsOf.length !== labels.length)
    throw validation('interceptShift needs as many labels as log-odds (≥ 1)');
  const observed = labels.reduce((s, y) => s + y, 0);
  if (observed <= 0 || observed >= labels.length) return null;
  let a = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    let gradient = observed;
    let curvature = 0;
    for (const eta of logOddsOf) {
      const p = sigmoid(a + eta);
      gradient -= p;
      curvature += p * (1 - p);
    }
    // Newton's step, limited so that a far-off start cannot overshoot.
    const step = Math.max(-5, Math.min(5, gradient / Math.max(curvature, 1e-12)));
    a += step;
    if (Math.abs(step) < 1e-12) break;
  }
  return a;
}
