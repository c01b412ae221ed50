/**
 * Cell values of spreadsheet exports turned into the domain's values, each with a reason when
 * it cannot be: money in yuan → integer fen, the many ways a date is written → ISO 8601,
 * 是/否 → booleans, Chinese labels → ids. Shared by the importer and the webhooks.
 */

/** A cell as a reader hands it over: CSV gives text, Excel also numbers, dates and booleans. */
export type Cell = string | number | boolean | Date | null;

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (reason: string): Parsed<never> => ({ ok: false, reason });

/** `true` for an empty cell (nothing, or only blanks). */
export function isBlank(cell: Cell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

export function text(cell: Cell): Parsed<string> {
  if (cell instanceof Date) return ok(cell.toISOString());
  return ok(String(cell).trim());
}

const YUAN_TEXT = /^(\d+)(?:\.(\d{1,2}))?$/;

/**
 * Yuan (元) → fen (分), exactly: `"12,345.67"`, `"¥12345.6"`, `"1234元"`, or an Excel number.
 * More than two decimals, negative amounts and non-numbers are refused, never rounded away.
 */
export function yuanToFen(cell: Cell | undefined): Parsed<number> {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return fail('must be a number of yuan');
    if (cell < 0) return fail('must not be negative');
    const fen = Math.round(cell * 100);
    // Excel stores 0.1 + 0.2 as 0.30000000000000004: accept float noise, refuse real third decimals.
    if (Math.abs(fen - cell * 100) > 1e-6) return fail('must be yuan with at most two decimals');
    return Number.isSafeInteger(fen) ? ok(fen) : fail('is too large');
  }
  if (typeof cell !== 'string') return fail('must be an amount in yuan');
  const cleaned = cell.replace(/[\s,，¥￥]|元|RMB|CNY/gi, '');
  if (cleaned.startsWith('-')) return fail('must not be negative');
  const match = YUAN_TEXT.exec(cleaned);
  if (!match) return fail('must be an amount in yuan with at most two decimals, e.g. 12800.50');
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? ok(fen) : fail('is too large');
}

/** A plain number (`"3"`, `"4.5"`, an Excel number); `percent` also reads `"35%"` as 0.35. */
export function number(cell: Cell, options: { percent?: boolean } = {}): Parsed<number> {
  if (typeof cell === 'number') return Number.isFinite(cell) ? ok(cell) : fail('must be a number');
  if (typeof cell !== 'string') return fail('must be a number');
  const trimmed = cell.trim().replace(/,/g, '');
  if (options.percent && trimmed.endsWith('%')) {
    const n = Number(trimmed.slice(0, -1));
    return trimmed.length > 1 && Number.isFinite(n) ? ok(n / 100) : fail('must be a number or a percentage');
  }
  const n = Number(trimmed);
  return trimmed !== '' && Number.isFinite(n) ? ok(n) : fail('must be a number');
}

export function integer(cell: Cell): Parsed<number> {
  const n = number(cell);
  if (!n.ok) return n;
  return Number.isInteger(n.value) ? n : fail('must be a whole number');
}

const TRUE = new Set(['true', 'yes', 'y', '1', '是', '有', '对', 't']);
const FALSE = new Set(['false', 'no', 'n', '0', '否', '无', '不是', 'f']);

export function boolean(cell: Cell): Parsed<boolean> {
  if (typeof cell === 'boolean') return ok(cell);
  const key = String(cell).trim().toLowerCase();
  if (TRUE.has(key)) return ok(true);
  if (FALSE.has(key)) return ok(false);
  return fail('must be yes or no (是/否, true/false, 1/0)');
}

/**
 * One of a set of ids, also by a label (Chinese or English). `aliases` maps a lower-cased
 * label to the id; the ids themselves are always accepted.
 */
export function oneOf<T extends string>(
  cell: Cell,
  ids: readonly T[],
  aliases: Readonly<Record<string, T>> = {},
): Parsed<T> {
  const key = String(cell).trim();
  const label = key.toLowerCase();
  const id =
    ids.find((candidate) => candidate === key) ??
    (Object.hasOwn(aliases, label) ? aliases[label] : undefined);
  return id ? ok(id) : fail(`must be one of ${ids.join(', ')}`);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A UTC offset such as `+08:00` (China Standard Time, the default of exports without one). */
export const OFFSET = /^[+-](?:0\d|1[0-4]):[0-5]\d$/;

const DATE_TEXT =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2})(?:\.\d+)?秒?)?)?$/;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function wallClock(y: number, mo: number, d: number, h: number, mi: number, s: number, offset: string) {
  if (!validDay(y, mo, d)) return fail('is not a calendar date');
  if (h > 23 || mi > 59 || s > 59) return fail('is not a time of day');
  const date = `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
  return ok(h === 0 && mi === 0 && s === 0 ? date : `${date}T${pad(h)}:${pad(mi)}:${pad(s)}${offset}`);
}

/** Days since 1899-12-30: how Excel counts dates in a cell that is not formatted as one. */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * A date or date-time → ISO 8601: `2025-03-01`, `2025/3/1`, `2025年3月1日`, `2025-03-01 14:30`,
 * ISO with a zone, an Excel date cell or an Excel serial day number. A time without a zone
 * is taken in `offset` (the company's time zone); a midnight stays a plain date.
 */
export function isoDate(cell: Cell, offset: string): Parsed<string> {
  if (cell instanceof Date) {
    // Excel has no zones: readers hand over the wall-clock time as if it were UTC.
    if (Number.isNaN(cell.getTime())) return fail('is not a date');
    return wallClock(
      cell.getUTCFullYear(),
      cell.getUTCMonth() + 1,
      cell.getUTCDate(),
      cell.getUTCHours(),
      cell.getUTCMinutes(),
      cell.getUTCSeconds(),
      offset,
    );
  }
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell) || cell < 1 || cell > 2_958_465) return fail('is not a date');
    return isoDate(new Date(EXCEL_EPOCH + Math.round(cell * 86_400) * 1000), offset);
  }
  const value = String(cell).trim();
  if (ISO_WITH_ZONE.test(value)) {
    const [y, mo, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
    return validDay(y, mo, d) && !Number.isNaN(Date.parse(value))
      ? ok(value)
      : fail('is not a calendar date');
  }
  const m = DATE_TEXT.exec(value);
  if (!m) return fail('must be a date such as 2025-03-01, 2025/3/1 or 2025年3月1日 (a time may follow)');
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  return wallClock(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), offset);
}

const MONTH_TEXT = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/;

/** A calendar month → `YYYY-MM`: `2025-03`, `2025/3`, `2025年3月`, or any date in it. */
export function yearMonth(cell: Cell, offset: string): Parsed<string> {
  const m = typeof cell === 'string' ? MONTH_TEXT.exec(cell.trim()) : null;
  if (m) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? ok(`${m[1]}-${pad(month)}`) : fail('is not a month');
  }
  const date = isoDate(cell, offset);
  return date.ok ? ok(date.value.slice(0, 7)) : fail('must be a month such as 2025-03 or 2025年3月');
}

/** The instant of an ISO date or date-time (a plain date is midnight UTC, as in the domain). */
export function instant(iso: string): Date {
  return new Date(iso);
}
