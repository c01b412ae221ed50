/**
 * The one calendar of Track Record: months and business times as dates, never as strings.
 *
 * - A month is `YYYY-MM` (a target period, an attendance month, the month of a business
 *   time). Months are compared and added as numbers (`year * 12 + month - 1`), so that
 *   "10000-01" can never sort before "9999-12" — and years outside 0000–9999 are refused
 *   outright, they cannot arise from a valid business time.
 * - A business time is an ISO 8601 date or date-time (`isoTime` in schemas.ts) saying when
 *   something happened. It must lie in the *business-time window*: not before
 *   {@link EARLIEST_BUSINESS_TIME} and not more than `maxAheadMs` (default one day) after the
 *   server's clock. Plans (the end of a probation, a target period) may lie further ahead:
 *   up to `planAheadMs` (default two years) after the clock.
 *
 * Pure: the clock is passed in (`now`), the domain never reads one.
 */

/** Nothing in Track Record happened before 2000-01-01 (the company's records start later). */
export const EARLIEST_BUSINESS_TIME = '2000-01-01T00:00:00.000Z';
export const DAY_MS = 86_400_000;
/** How far after the server's clock a business time may lie by default (clock skew, time zones). */
export const DEFAULT_MAX_AHEAD_MS = DAY_MS;
/** How far ahead a plan (probation end, target period) may lie by default: two years. */
export const DEFAULT_PLAN_AHEAD_MS = 731 * DAY_MS;

/** The window business times and plans must lie in; see {@link timeWindow}. */
export interface TimeWindow {
  /** Earliest business time or plan, inclusive (epoch ms). */
  readonly earliestMs: number;
  /** Latest business time, inclusive (epoch ms): the clock plus `maxAheadMs`. */
  readonly latestMs: number;
  /** Latest plan (probation end, target period start), inclusive (epoch ms). */
  readonly planLatestMs: number;
  /** For messages: how far ahead of the clock a business time may be, in ms. */
  readonly maxAheadMs: number;
}

export interface TimeWindowOptions {
  /** Earliest allowed time (ISO); default {@link EARLIEST_BUSINESS_TIME}. */
  readonly earliest?: string;
  /** How far after `now` a business time may lie; default one day. */
  readonly maxAheadMs?: number;
  /** How far after `now` a plan may lie; default two years. */
  readonly planAheadMs?: number;
}

/** The window for a clock reading `now`. Throws on an unusable option (a configuration error). */
export function timeWindow(now: Date, options: TimeWindowOptions = {}): TimeWindow {
  const nowMs = now.getTime();
  const earliestMs = Date.parse(options.earliest ?? EARLIEST_BUSINESS_TIME);
  const maxAheadMs = options.maxAheadMs ?? DEFAULT_MAX_AHEAD_MS;
  const planAheadMs = Math.max(options.planAheadMs ?? DEFAULT_PLAN_AHEAD_MS, maxAheadMs);
  if (!Number.isFinite(nowMs)) throw new RangeError('the clock reading is not a valid time');
  if (!Number.isFinite(earliestMs))
    throw new RangeError(`earliest business time "${options.earliest}" is not a date`);
  if (!Number.isFinite(maxAheadMs) || maxAheadMs < 0) throw new RangeError('maxAheadMs must be ≥ 0');
  return { earliestMs, latestMs: nowMs + maxAheadMs, planLatestMs: nowMs + planAheadMs, maxAheadMs };
}

/**
 * Epoch ms of an ISO date or date-time, or null when it is not one or its year lies outside
 * 0000–9999. A date alone counts as midnight UTC.
 */
export function timeMs(iso: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

/** Where a time lies relative to a window. */
export type WindowPosition = 'inside' | 'too_early' | 'too_late' | 'invalid';

/** Whether business time `iso` lies in `window`. */
export function businessTimePosition(iso: string, window: TimeWindow): WindowPosition {
  return position(timeMs(iso), window.earliestMs, window.latestMs);
}

/** Whether plan `iso` (a probation end) lies in `window`'s plan range. */
export function planTimePosition(iso: string, window: TimeWindow): WindowPosition {
  return position(timeMs(iso), window.earliestMs, window.planLatestMs);
}

/**
 * Whether month `YYYY-MM` lies in the window's plan range: its first day not after the
 * latest plan, its last day not before the earliest time.
 */
export function monthPosition(month: string, window: TimeWindow): WindowPosition {
  const index = monthIndex(month);
  if (index === null) return 'invalid';
  if (monthStartMs(index + 1) <= window.earliestMs) return 'too_early';
  if (monthStartMs(index) > window.planLatestMs) return 'too_late';
  return 'inside';
}

function position(ms: number | null, earliest: number, latest: number): WindowPosition {
  if (ms === null) return 'invalid';
  if (ms < earliest) return 'too_early';
  if (ms > latest) return 'too_late';
  return 'inside';
}

/** `YYYY-MM` → months since year 0 (`year * 12 + month - 1`), or null when it is not a month. */
export function monthIndex(month: string): number | null {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return null;
  const year = Number(match[1]);
  const m = Number(match[2]);
  if (m < 1 || m > 12) return null;
  return year * 12 + m - 1;
}

/** Months since year 0 → `YYYY-MM`; throws a RangeError outside 0000-01…9999-12. */
export function monthFromIndex(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > 9999 * 12 + 11) {
    throw new RangeError(`month index ${index} lies outside 0000-01…9999-12`);
  }
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function requireMonth(month: string): number {
  const index = monthIndex(month);
  if (index === null) throw new RangeError(`"${month}" is not a month (YYYY-MM)`);
  return index;
}

/** The month `n` months after `month` (n may be negative). */
export const addMonths = (month: string, n: number): string => monthFromIndex(requireMonth(month) + n);

/** < 0 when `a` is before `b`, 0 when equal, > 0 after; compares as dates, never as strings. */
export const compareMonths = (a: string, b: string): number => requireMonth(a) - requireMonth(b);

/** Whole months from `a` to `b` (`b - a`). */
export const monthsBetween = (a: string, b: string): number => requireMonth(b) - requireMonth(a);

/** Epoch ms of the first instant (UTC) of a month index. */
function monthStartMs(index: number): number {
  const d = new Date(0);
  d.setUTCFullYear(Math.floor(index / 12), index % 12, 1);
  d.setUTCHours(0, 0, 0, 0);
  return d.getTime();
}

/** First instant (UTC) of `YYYY-MM`, as a Date. */
export const monthStartDate = (month: string): Date => new Date(monthStartMs(requireMonth(month)));

/**
 * The month (`YYYY-MM`) of an ISO business time, in the time's own offset as written (a
 * sale at `2024-05-31T23:30:00+08:00` is May's); null when it is not a time of years 0000–9999.
 */
export function monthOfTime(iso: string): string | null {
  if (timeMs(iso) === null) return null;
  const month = iso.slice(0, 7);
  return monthIndex(month) === null ? null : month;
}

/** The month of a clock reading, UTC. */
export const monthOfClock = (date: Date): string =>
  monthFromIndex(date.getUTCFullYear() * 12 + date.getUTCMonth());

/** Every month from `from` to `to`, both included (empty when `to` is before `from`). */
export function monthRange(from: string, to: string): string[] {
  const start = requireMonth(from);
  const end = requireMonth(to);
  const months: string[] = [];
  for (let i = start; i <= end; i++) months.push(monthFromIndex(i));
  return months;
}

// ——— dates and weeks of business times ———

// The facts fold (calc/factsFold.ts) reads these: its snapshots are versioned with this file's
// source (`FOLD_VERSION` in calc/factsSnapshot.ts).

/** The business date (YYYY-MM-DD) of an ISO date or date-time, as written. */
export const dateOf = (time: string): string => time.slice(0, 10);
/** The month (`YYYY-MM`) of an ISO date or date-time, as written (no validation: see {@link monthOfTime}). */
export const monthOfDate = (time: string): string => time.slice(0, 7);
/** Epoch ms of midnight UTC of the business date of `time`. */
const dayMs = (time: string): number => Date.parse(`${dateOf(time)}T00:00:00.000Z`);
/** Memo of a pure function of a date string (few distinct dates: calendar arithmetic once each). */
function memo<T>(f: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) {
      v = f(key);
      if (cache.size > 100_000) cache.clear();
      cache.set(key, v);
    }
    return v;
  };
}
/** Monday 1970-01-05, origin of week numbers. */
const WEEK_ORIGIN_MS = Date.UTC(1970, 0, 5);
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const weekOfDate = memo((date: string) => Math.floor((dayMs(date) - WEEK_ORIGIN_MS) / (7 * DAY_MS)));
/** Week number of a business date (weeks start on Monday; week 0 starts on Monday 1970-01-05). */
export const weekOf = (time: string): number => weekOfDate(dateOf(time));
/** Monday of week number `week` ({@link weekOf}), ISO date. */
export const weekStartOf = (week: number): string => isoDate(WEEK_ORIGIN_MS + week * 7 * DAY_MS);
/** First day of a month (`YYYY-MM`), ISO date. */
export const monthStart = (month: string): string => `${month}-01`;
const monthEndOf = memo((month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return isoDate(Date.UTC(y, m, 0));
});
/** Last day of a month (`YYYY-MM`), ISO date. */
export const monthEnd = (month: string): string => monthEndOf(month);
/** Days in a month (`YYYY-MM`). */
export const daysInMonth = (month: string): number => Number(monthEnd(month).slice(8, 10));
/** Days from business date `from` to `to` (both dates or date-times; `to - from`). */
export const daysBetween = (from: string, to: string): number => (dayMs(to) - dayMs(from)) / DAY_MS;
/** The business date `n` days after (before, for n < 0) the date of `time`, ISO date. */
export const addDays = (time: string, n: number): string => isoDate(dayMs(time) + n * DAY_MS);
/** The latest calendar month ended by business date `time` (its own month on the month's last day). */
export const lastMonthEndedBy: (time: string) => string = memo((time) => {
  const month = monthOfDate(time);
  return dateOf(time) === monthEnd(month) ? month : addMonths(month, -1);
});
/** The weeks whose Monday falls in a month (`YYYY-MM`): the first one's number ({@link weekOf}) and their count. */
export function mondayWeeks(month: string): { week: number; count: number } {
  const first = dayMs(monthStart(month));
  const offset = ((((first - WEEK_ORIGIN_MS) / DAY_MS) % 7) + 7) % 7; // 0 = Monday
  const firstMonday = offset === 0 ? first : first + (7 - offset) * DAY_MS;
  const week = Math.floor((firstMonday - WEEK_ORIGIN_MS) / (7 * DAY_MS));
  let count = 0;
  for (let d = firstMonday; isoDate(d).slice(0, 7) === month; d += 7 * DAY_MS) count++;
  return { week, count };
}

/** `YYYY-MM-DD` of each Monday seen, by its day number: few distinct weeks, formatted once each. */
const mondays = new Map<number, string>();

/**
 * Monday (UTC) of the week holding the instant `time` (an ISO date or date-time; a date counts
 * as midnight UTC), as `YYYY-MM-DD`: the key of a week. Throws a RangeError for an invalid time.
 */
export function mondayOf(time: string): string {
  const day = Math.floor(Date.parse(time) / DAY_MS);
  // Day 0 (1970-01-01) was a Thursday: (day + 3) mod 7 is the days since Monday.
  const monday = day - ((((day + 3) % 7) + 7) % 7);
  let key = mondays.get(monday);
  if (key === undefined) {
    // An invalid time gives NaN here, and toISOString throws a RangeError for it.
    key = new Date(monday * DAY_MS).toISOString().slice(0, 10);
    if (!Number.isNaN(monday)) {
      if (mondays.size > 100_000) mondays.clear();
      mondays.set(monday, key);
    }
  }
  return key;
}

/** The week `n` weeks after week `week` (a `YYYY-MM-DD` Monday; n may be negative). */
export function addWeeks(week: string, n: number): string {
  return new Date(Date.parse(week) + n * 7 * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The end of week `weeks` (1-based) of a month as targets count weeks (days 1–7 are the first
 * week, … 29–31 the fifth): midnight UTC after its last day, or after the month's last day,
 * as an ISO date-time.
 */
export function weekEnd(month: string, weeks: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1, 1 + Math.min(days, 7 * weeks))).toISOString();
}
