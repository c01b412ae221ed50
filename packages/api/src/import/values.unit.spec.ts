import { describe, expect, it } from 'vitest';
import { importCommandId } from './importer.ts';
import { kindOfName, normalizeHeader } from './kinds.ts';
import { boolean, isoDate, number, oneOf, yearMonth, yuanToFen } from './values.ts';

const value = <T>(p: { ok: true; value: T } | { ok: false; reason: string }) =>
  p.ok ? p.value : `! ${p.reason}`;

describe('yuan to fen', () => {
  it('is exact for text and Excel numbers, with thousands separators and currency signs', () => {
    expect(value(yuanToFen('12,345.67'))).toBe(1_234_567);
    expect(value(yuanToFen('¥12345.6'))).toBe(1_234_560);
    expect(value(yuanToFen('1234元'))).toBe(123_400);
    expect(value(yuanToFen('0.1'))).toBe(10);
    expect(value(yuanToFen(0.1 + 0.2))).toBe(30);
    expect(value(yuanToFen(98000.5))).toBe(9_800_050);
  });

  it('refuses third decimals, negatives and words instead of rounding them away', () => {
    expect(value(yuanToFen('12.345'))).toMatch(/at most two decimals/);
    expect(value(yuanToFen(12.345))).toMatch(/at most two decimals/);
    expect(value(yuanToFen('-5'))).toBe('! must not be negative');
    expect(value(yuanToFen('twelve'))).toMatch(/^! must be an amount in yuan/);
  });
});

describe('dates', () => {
  it('reads the ways exports write them; times without a zone are in the given offset', () => {
    expect(value(isoDate('2025-03-01', '+08:00'))).toBe('2025-03-01');
    expect(value(isoDate('2025/3/1', '+08:00'))).toBe('2025-03-01');
    expect(value(isoDate('2025年3月1日', '+08:00'))).toBe('2025-03-01');
    expect(value(isoDate('2025-03-01 14:30', '+08:00'))).toBe('2025-03-01T14:30:00+08:00');
    expect(value(isoDate('2025-03-01T14:30:00Z', '+08:00'))).toBe('2025-03-01T14:30:00Z');
    expect(value(isoDate(new Date('2025-03-01T00:00:00Z'), '+08:00'))).toBe('2025-03-01');
    expect(value(isoDate(45717, '+08:00'))).toBe('2025-03-01'); // Excel serial day
  });

  it('refuses impossible and ambiguous dates', () => {
    expect(value(isoDate('2025-02-30', '+08:00'))).toBe('! is not a calendar date');
    expect(value(isoDate('03/15/2025', '+08:00'))).toMatch(/^! must be a date/);
    expect(value(isoDate('2025-03-01 25:00', '+08:00'))).toBe('! is not a time of day');
  });

  it('reads months', () => {
    expect(value(yearMonth('2025年1月', '+08:00'))).toBe('2025-01');
    expect(value(yearMonth('2025/3', '+08:00'))).toBe('2025-03');
    expect(value(yearMonth('2025-13', '+08:00'))).toBe('! is not a month');
  });
});

describe('other cells', () => {
  it('reads 是/否 and percentages', () => {
    expect(value(boolean('是'))).toBe(true);
    expect(value(boolean('否'))).toBe(false);
    expect(value(boolean('maybe'))).toMatch(/yes or no/);
    expect(value(oneOf('constructor', ['a', 'b'] as const, { x: 'a' }))).toBe('! must be one of a, b');
    expect(value(number('35%', { percent: true }))).toBeCloseTo(0.35);
    expect(value(number('35%'))).toBe('! must be a number');
  });

  it('tells a kind from file and sheet names, and compares headers loosely', () => {
    expect(kindOfName('2025-sales.csv')).toBe('sales');
    expect(kindOfName('回款.xlsx')).toBe('payments');
    expect(kindOfName('follow-ups.csv')).toBe('followups');
    expect(kindOfName('说明')).toBeUndefined();
    expect(normalizeHeader('回款金额（元）')).toBe('回款金额');
    expect(normalizeHeader('Employee ID')).toBe('employeeid');
  });

  it('keeps command ids readable and within 100 characters', () => {
    expect(importCommandId('sales', 'S-1', 0)).toBe('import:sales:S-1');
    const long = importCommandId('followups', 'x'.repeat(200), 0);
    expect(long).toMatch(/^import:followups:sha256:[0-9a-f]{48}$/);
    expect(long.length).toBeLessThanOrEqual(100);
  });
});
