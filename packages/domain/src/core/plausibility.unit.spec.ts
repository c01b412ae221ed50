import { describe, expect, it } from 'vitest';
import { parseCommand } from '../commandCatalog.ts';
import {
  addMonths,
  compareMonths,
  DAY_MS,
  monthFromIndex,
  monthOfTime,
  monthPosition,
  monthRange,
  monthsBetween,
  timeWindow,
} from './calendar.ts';
import { DomainError } from './errors.ts';
import { stringRule } from './plausibility.ts';

const now = new Date('2026-12-02T12:00:00Z');
const window = timeWindow(now);
const metadata = { commandId: 'c1', at: now.toISOString(), actor: 'user:u1', source: 'api' };
const followUp = (at: string, customerId = 'C1') => ({
  type: 'LogFollowUp',
  data: { employeeId: 'E1', customerId, at },
  metadata,
});

/** The issues of a refused command, or [] when it is accepted. */
function issues(input: { type: string; data: unknown; metadata: unknown }) {
  try {
    parseCommand(input, { window });
    return [];
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return (error.details.issues as { path: unknown[]; code: string }[]).map((i) => ({
      path: i.path.join('.'),
      code: i.code,
    }));
  }
}

describe('calendar: months are numbers, never strings', () => {
  it('adds and compares months across years', () => {
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(compareMonths('2026-10', '2026-09')).toBeGreaterThan(0);
    expect(monthsBetween('2025-12', '2026-03')).toBe(3);
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
  it('refuses years past 9999 instead of writing "10000-01" (which sorts before "9999-12" as text)', () => {
    expect(() => addMonths('9999-12', 1)).toThrow(RangeError);
    expect(() => monthFromIndex(10_000 * 12)).toThrow(RangeError);
    expect(monthOfTime('+010000-01-01T00:00:00Z')).toBeNull();
  });
  it('takes the month of a business time as written', () => {
    expect(monthOfTime('2024-05-31T23:30:00+08:00')).toBe('2024-05');
    expect(monthOfTime('not a time')).toBeNull();
  });
  it('places months in the plan window', () => {
    expect(monthPosition('2026-12', window)).toBe('inside');
    expect(monthPosition('1999-12', window)).toBe('too_early');
    expect(monthPosition('2100-01', window)).toBe('too_late');
  });
});

describe('plausibility at the edge', () => {
  it('accepts a business time from 2000 up to a day after the clock', () => {
    expect(issues(followUp('2000-01-01'))).toEqual([]);
    expect(issues(followUp('2026-12-03T11:59:59Z'))).toEqual([]);
  });
  it('refuses far-future business times: 9999-12-31, 2100-01-01, two days ahead', () => {
    for (const at of [
      '9999-12-31T23:59:59Z',
      '2100-01-01',
      new Date(now.getTime() + 2 * DAY_MS).toISOString(),
    ]) {
      expect(issues(followUp(at))).toEqual([{ path: 'at', code: 'time_too_late' }]);
    }
  });
  it('refuses business times before 2000, year 0 included', () => {
    expect(issues(followUp('0000-01-01T00:00:00Z'))).toEqual([{ path: 'at', code: 'time_too_early' }]);
    expect(issues(followUp('1999-12-31'))).toEqual([{ path: 'at', code: 'time_too_early' }]);
  });
  it('finds business times by their schema, whatever the field is called (closedAt, reversedAt, …)', () => {
    const reverse = {
      type: 'ReverseSale',
      data: { saleId: 'S1', reason: 'customer cancelled', reversedAt: '9999-01-01' },
      metadata,
    };
    expect(issues(reverse)).toEqual([{ path: 'reversedAt', code: 'time_too_late' }]);
  });
  it('lets plans lie ahead, but not a century: probation ends and target periods', () => {
    const hire = (probationEnd: string) => ({
      type: 'HireEmployee',
      data: {
        employeeId: 'E9',
        name: '王芳',
        branchId: 'b1',
        teamId: 't1',
        regionId: 'east',
        managerId: null,
        level: 'sales_representative',
        track: 'sales_management',
        hiredAt: '2026-12-01',
        probationEnd,
        recruitingFit: 80,
      },
      metadata,
    });
    expect(issues(hire('2027-03-01'))).toEqual([]);
    expect(issues(hire('2100-03-01'))).toEqual([{ path: 'probationEnd', code: 'plan_too_late' }]);
    const target = (period: string) => ({
      type: 'SetTarget',
      data: {
        subjectId: 'E1',
        subjectKind: 'employee',
        period,
        amount: 100,
        basis: 'plan',
        setBy: 'M1',
        at: '2026-12-01',
      },
      metadata,
    });
    expect(issues(target('2027-01'))).toEqual([]);
    expect(issues(target('9999-12'))).toEqual([{ path: 'period', code: 'month_too_late' }]);
  });
  it('refuses control characters and broken surrogates in any string', () => {
    expect(issues(followUp('2026-12-01', 'C\u00001'))).toEqual([
      { path: 'customerId', code: 'control_character' },
    ]);
    expect(issues(followUp('2026-12-01', 'C\uD8001'))).toEqual([
      { path: 'customerId', code: 'unpaired_surrogate' },
    ]);
    expect(issues(followUp('2026-12-01', 'C\uDC00'))).toEqual([
      { path: 'customerId', code: 'unpaired_surrogate' },
    ]);
    const feedback = {
      type: 'RecordCustomerFeedback',
      data: { employeeId: 'E1', customerId: 'C1', rating: 4, comment: 'ok\u001b[31m', at: '2026-12-01' },
      metadata,
    };
    expect(issues(feedback)).toEqual([{ path: 'comment', code: 'control_character' }]);
  });
  it('keeps ordinary text: Chinese, emoji, line breaks and tabs', () => {
    expect(stringRule('王芳 👍\n第二行\t制表')).toBeUndefined();
    const feedback = {
      type: 'RecordCustomerFeedback',
      data: {
        employeeId: 'E1',
        customerId: 'C1',
        rating: 4,
        comment: '服务很好 👍\r\n谢谢',
        at: '2026-12-01',
      },
      metadata,
    };
    expect(issues(feedback)).toEqual([]);
  });
  it('refuses a track that is not on the career ladder', () => {
    const rank = {
      type: 'ChangeRank',
      data: {
        employeeId: 'E1',
        fromLevel: 'sales_representative',
        toLevel: 'sales_supervisor',
        track: '<script>alert(1)</script>',
        reason: 'promotion',
        reviewId: null,
        effectiveAt: '2026-12-01',
      },
      metadata,
    };
    expect(issues(rank)).toEqual([{ path: 'track', code: 'custom' }]);
  });
  it('without a window applies the clock-free rules only', () => {
    expect(() => parseCommand(followUp('9999-12-31'))).not.toThrow();
    expect(() => parseCommand(followUp('2026-12-01', 'C\u0000'))).toThrow(DomainError);
  });
});
