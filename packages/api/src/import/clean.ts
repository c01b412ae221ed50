import type { Table, TableRow } from './read.ts';
import { type Cell, isoDate } from './values.ts';

/**
 * Suggested cleaning of an export before it is imported (the dashboard's import offers each one
 * with its before/after): it rewrites how a value is written, never what it says, so a row the
 * importer would read either way gives the same events cleaned or not.
 *
 * - `trim`: blanks (also the full-width blank U+3000) around a cell;
 * - `fullWidth`: full-width digits, letters and signs (`１２８０００`, `２０２５－０３－０１`) as ASCII;
 * - `amounts`: amounts in yuan as plain numbers (`￥1,280.00`, `¥ 1280元` → `1280.00`);
 * - `dates`: dates as `2025-03-01` (with `14:30` when there is a time): `2025/3/1`,
 *   `2025年3月1日`, `2025.3.1`, `20250301`;
 * - `duplicates`: a row equal in every cell to an earlier one is dropped.
 */
export const CLEANINGS = ['trim', 'fullWidth', 'amounts', 'dates', 'duplicates'] as const;
export type Cleaning = (typeof CLEANINGS)[number];

/** What a table's columns hold, by position: the canonical column each header is read as. */
export type ColumnRoles = readonly (string | undefined)[];

const AMOUNT_COLUMNS = new Set(['amount']);
const DATE_COLUMNS = new Set([
  'at',
  'closed_at',
  'collected_at',
  'refunded_at',
  'hired_at',
  'probation_end',
  'left_at',
]);

const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/g;
const toHalfWidth = (text: string) =>
  text.replace(FULL_WIDTH, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));

const AMOUNT = /^(?:[¥￥]|RMB|CNY)?\s*([\d,，]+(?:\.\d+)?)\s*(?:元|RMB|CNY)?$/i;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;

function cleanAmount(text: string): string {
  const m = AMOUNT.exec(text.trim());
  if (!m) return text;
  const plain = (m[1] as string).replace(/[,，]/g, '');
  if (!/^\d+(\.\d+)?$/.test(plain)) return text;
  const [whole, decimals = ''] = plain.split('.');
  // At most two decimals are kept as written: a third one is left for the importer to refuse.
  return decimals.length > 2 ? plain : `${Number(whole)}.${decimals.padEnd(2, '0')}`;
}

function cleanDate(text: string): string {
  const value = text.trim();
  const compact = COMPACT_DATE.exec(value);
  const candidate = compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : value;
  // A date with its zone stays as written; others as the importer reads them, without a zone.
  if (/[zZ]$|[+-]\d{2}:\d{2}$/.test(value)) return text;
  const parsed = isoDate(candidate, '+00:00');
  if (!parsed.ok) return text;
  const iso = parsed.value;
  return iso.length === 10
    ? iso
    : `${iso.slice(0, 10)} ${iso.slice(11, 16)}${iso.slice(17, 19) === '00' ? '' : iso.slice(16, 19)}`;
}

/** One cell cleaned by the rules that apply to its column; other cells (numbers, dates) as they are. */
export function cleanCell(cell: Cell, column: string | undefined, rules: ReadonlySet<Cleaning>): Cell {
  if (typeof cell !== 'string') return cell;
  let text = cell;
  if (rules.has('fullWidth')) text = toHalfWidth(text);
  if (rules.has('trim')) text = text.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  if (rules.has('amounts') && column && AMOUNT_COLUMNS.has(column)) text = cleanAmount(text);
  if (rules.has('dates') && column && DATE_COLUMNS.has(column)) text = cleanDate(text);
  return text;
}

export interface CleaningChange {
  readonly line: number;
  /** The header of the column in the file; empty for a whole row (a duplicate). */
  readonly column: string;
  readonly before: string;
  readonly after: string;
  /** For a duplicate: the line it repeats. */
  readonly duplicateOf?: number;
}

export interface CleaningSuggestion {
  readonly rule: Cleaning;
  /** Cells (or, for duplicates, rows) it changes. */
  readonly count: number;
  /** The first changes, before and after. */
  readonly examples: readonly CleaningChange[];
}

const show = (cell: Cell | undefined): string =>
  cell === null || cell === undefined ? '' : cell instanceof Date ? cell.toISOString() : String(cell);

/** A row's identity for duplicate detection (cells as cleaned). */
const rowKey = (cells: readonly Cell[]) => JSON.stringify(cells.map(show));

/**
 * Each rule's effect on a table when applied alone (duplicates after the others, as they are
 * applied), with up to `keep` examples each; rules that change nothing are left out.
 */
export async function suggestCleaning(
  table: Table,
  roles: ColumnRoles,
  keep = 5,
): Promise<CleaningSuggestion[]> {
  const headers = await table.headers();
  const found = new Map<Cleaning, { count: number; examples: CleaningChange[] }>(
    CLEANINGS.map((rule) => [rule, { count: 0, examples: [] }]),
  );
  const note = (rule: Cleaning, change: CleaningChange) => {
    const entry = found.get(rule) as { count: number; examples: CleaningChange[] };
    entry.count++;
    if (entry.examples.length < keep) entry.examples.push(change);
  };
  const all = new Set<Cleaning>(CLEANINGS);
  const seen = new Map<string, number>();
  for await (const batch of table.rows()) {
    for (const { line, cells } of batch) {
      cells.forEach((cell, at) => {
        for (const rule of CLEANINGS) {
          if (rule === 'duplicates') continue;
          const after = cleanCell(cell, roles[at], new Set([rule]));
          if (after !== cell)
            note(rule, { line, column: headers[at] ?? '', before: show(cell), after: show(after) });
        }
      });
      const key = rowKey(cells.map((cell, at) => cleanCell(cell, roles[at], all)));
      const first = seen.get(key);
      if (first === undefined) seen.set(key, line);
      else
        note('duplicates', {
          line,
          column: '',
          before: cells.map(show).join(', '),
          after: '',
          duplicateOf: first,
        });
    }
  }
  return CLEANINGS.flatMap((rule) => {
    const entry = found.get(rule) as { count: number; examples: CleaningChange[] };
    return entry.count > 0 ? [{ rule, count: entry.count, examples: entry.examples }] : [];
  });
}

/**
 * The table as the importer reads it after the chosen cleaning: cells rewritten, repeated rows
 * dropped; every row keeps its line in the file, so problems still point at the file's lines.
 */
export function cleanTable(table: Table, roles: ColumnRoles, rules: ReadonlySet<Cleaning>): Table {
  if (rules.size === 0) return table;
  return {
    ...table,
    rows: async function* () {
      const seen = new Set<string>();
      for await (const batch of table.rows()) {
        const out: TableRow[] = [];
        for (const { line, cells } of batch) {
          const cleaned = cells.map((cell, at) => cleanCell(cell, roles[at], rules));
          if (rules.has('duplicates')) {
            const key = rowKey(cleaned);
            if (seen.has(key)) continue;
            seen.add(key);
          }
          out.push({ line, cells: cleaned });
        }
        if (out.length > 0) yield out;
      }
    },
  };
}
