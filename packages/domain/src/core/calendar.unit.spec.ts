import { describe, expect, it } from 'vitest';
import { addMonths, addWeeks, dateOf, mondayOf, monthOfDate, monthRange, weekEnd } from './calendar.ts';

describe('calendar: dates and weeks of business times', () => {
  it('takes the date and month of a business time as written', () => {
    expect(dateOf('2024-05-31T23:30:00+08:00')).toBe('2024-05-31');
    expect(monthOfDate('2024-05-31T23:30:00+08:00')).toBe('2024-05');
    expect(monthOfDate('2024-06-01')).toBe('2024-06');
  });
  it('finds the Monday (UTC) of the week holding an instant', () => {
    expect(mondayOf('2024-05-06')).toBe('2024-05-06'); // a Monday
    expect(mondayOf('2024-05-12T23:59:59Z')).toBe('2024-05-06'); // the Sunday after
    expect(mondayOf('2024-05-13T00:00:00Z')).toBe('2024-05-13');
    // An instant, not a date as written: Monday 01:00 in UTC+8 is still Sunday in UTC.
    expect(mondayOf('2024-05-13T01:00:00+08:00')).toBe('2024-05-06');
    expect(mondayOf('1970-01-01')).toBe('1969-12-29');
    expect(mondayOf('2024-03-01')).toBe('2024-02-26');
    expect(mondayOf('2024-03-01')).toBe('2024-02-26'); // from the memo: the same answer
    expect(() => mondayOf('not a time')).toThrow(RangeError);
  });
  it('adds weeks to a Monday, across months and years', () => {
    expect(addWeeks('2024-12-30', 1)).toBe('2025-01-06');
    expect(addWeeks('2024-03-04', -1)).toBe('2024-02-26');
    expect(addWeeks('2024-03-04', 0)).toBe('2024-03-04');
  });
  it('ends the weeks of a month after day 7, 14, … or the month’s last day', () => {
    expect(weekEnd('2024-05', 1)).toBe('2024-05-08T00:00:00.000Z');
    expect(weekEnd('2024-05', 4)).toBe('2024-05-29T00:00:00.000Z');
    expect(weekEnd('2024-05', 5)).toBe('2024-06-01T00:00:00.000Z');
    expect(weekEnd('2024-02', 5)).toBe('2024-03-01T00:00:00.000Z');
    expect(weekEnd('2024-12', 5)).toBe('2025-01-01T00:00:00.000Z');
  });
  it('adds months and lists them the way the projections and the API did', () => {
    expect(addMonths('2024-12', 1)).toBe('2025-01');
    expect(addMonths('2024-01', -13)).toBe('2022-12');
    expect(monthRange('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthRange('2025-02', '2024-11')).toEqual([]);
  });
});
