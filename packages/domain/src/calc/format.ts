/** Small formatters shared by the breakdowns' formula texts. */

const formatters = new Map<number, Intl.NumberFormat>();

/** A number with up to `digits` decimals and thousands separators, e.g. `12,500,000` or `0.95`. */
export const num = (n: number, digits = 4): string => {
  // A whole number below a thousand reads as itself (the formatter costs a microsecond or so).
  if (Number.isInteger(n) && n > -1000 && n < 1000 && !Object.is(n, -0)) return String(n);
  let f = formatters.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, useGrouping: true });
    formatters.set(digits, f);
  }
  return f.format(n);
};

/** A ratio as a percentage with up to one decimal: 0.925 → `92.5%`. */
export const pct = (ratio: number): string => `${num(Math.round(ratio * 1000) / 10, 1)}%`;

/** Fen as yuan: 150000000 → `¥1,500,000`. */
export const yuan = (fen: number): string => `¥${num(fen / 100, 2)}`;

/** Rounds to `digits` decimals (half away from zero), for stable figures in breakdowns. */
export const round = (n: number, digits = 2): number => {
  const f = 10 ** digits;
  return (Math.sign(n) * Math.round(Math.abs(n) * f)) / f;
};

export const mean = (xs: readonly number[]): number =>
  xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
