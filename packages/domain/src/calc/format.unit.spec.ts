import { describe, expect, it } from 'vitest';
import { num } from './format.ts';

describe('num', () => {
  it('writes whole numbers as the en-US formatter does, with and without separators', () => {
    for (const digits of [0, 2, 4]) {
      const f = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, useGrouping: true });
      for (let n = -1_500; n <= 1_500; n++) expect(num(n, digits)).toBe(f.format(n));
    }
    expect(num(-0, 2)).toBe('-0');
    expect(num(12_500_000)).toBe('12,500,000');
  });

  it('rounds fractions to the digits asked for', () => {
    expect(num(0.95)).toBe('0.95');
    expect(num(83.166_666, 2)).toBe('83.17');
    expect(num(5.5, 0)).toBe('6');
  });
});
