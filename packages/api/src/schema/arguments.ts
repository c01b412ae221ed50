import { type Bilingual, badArgument } from '../errors.ts';

/**
 * Checks of query arguments shared by the schema's fields, each refusing in both languages
 * and naming the argument as a person knows it (the request's language is answered).
 */

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const PAGE_SIZE: Bilingual = { en: 'page size', zh: '每页条数' };
export const CURSOR: Bilingual = { en: 'page cursor', zh: '翻页游标' };

/** A whole number from `min` to `max`. */
export function intInRange(name: string, label: Bilingual, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badArgument(name, label, {
      en: `must be a whole number from ${min} to ${max}, got ${value}`,
      zh: `须为 ${min} 到 ${max} 之间的整数，收到 ${value}`,
    });
  }
  return value;
}

/** A page size (`first`) from 1 to `max`. */
export function pageSize(value: number, max: number, name = 'first'): number {
  return intInRange(name, PAGE_SIZE, value, 1, max);
}

/** A calendar month `YYYY-MM`. */
export function monthArgument(name: string, label: Bilingual, value: string): string {
  if (!MONTH.test(value)) {
    throw badArgument(name, label, {
      en: `must be a month YYYY-MM, got "${value}"`,
      zh: `须为 YYYY-MM 格式的月份，收到“${value}”`,
    });
  }
  return value;
}

/** A calendar date `YYYY-MM-DD`. */
export function dateArgument(name: string, label: Bilingual, value: string): string {
  if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw badArgument(name, label, {
      en: `must be a date YYYY-MM-DD, got "${value}"`,
      zh: `须为 YYYY-MM-DD 格式的日期，收到“${value}”`,
    });
  }
  return value;
}

/** One of `allowed` (or undefined when not given). */
export function oneOfArgument<T extends string>(
  name: string,
  label: Bilingual,
  value: string | null | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value == null) return undefined;
  if (!allowed.includes(value as T)) {
    throw badArgument(name, label, {
      en: `must be one of ${allowed.join(', ')}, got "${value}"`,
      zh: `须为 ${allowed.join('、')} 之一，收到“${value}”`,
    });
  }
  return value as T;
}

/** A cursor this API did not return (or returned for another order). */
export function badCursor(name: string, value: string, why?: Bilingual): never {
  throw badArgument(
    name,
    CURSOR,
    why ?? {
      en: `is not a cursor this API returned: ${value}`,
      zh: `不是本接口返回的游标：${value}`,
    },
  );
}

/** A range of months `{ from, to }`, both `YYYY-MM`, from ≤ to. */
export function monthRangeArgument<R extends { from: string; to: string }>(name: string, range: R): R {
  if (!MONTH.test(range.from) || !MONTH.test(range.to) || range.from > range.to) {
    throw badArgument(
      name,
      { en: 'month range', zh: '月份范围' },
      {
        en: `must be months YYYY-MM with from <= to, got ${range.from}..${range.to}`,
        zh: `须为 YYYY-MM 格式的月份，且起始月不晚于结束月，收到 ${range.from}..${range.to}`,
      },
    );
  }
  return range;
}

/** The months compared before and after an event (course, promotion). */
export const WINDOW_MONTHS: Bilingual = { en: 'months before and after', zh: '前后对比月数' };
