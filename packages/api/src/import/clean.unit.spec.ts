import { describe, expect, it } from 'vitest';
import { type Cleaning, cleanCell, cleanTable, suggestCleaning } from './clean.ts';
import type { Table } from './read.ts';
import { isoDate, yuanToFen } from './values.ts';

const all = new Set<Cleaning>(['trim', 'fullWidth', 'amounts', 'dates', 'duplicates']);

const tableOf = (headers: string[], rows: string[][]): Table => ({
  source: 't.csv',
  name: 't.csv',
  label: 't.csv',
  headers: async () => headers,
  rows: async function* () {
    yield rows.map((cells, i) => ({ line: i + 2, cells }));
  },
});

describe('cleaning', () => {
  it('rewrites how a value is written, never what the importer reads from it', () => {
    for (const [before, after] of <[string, string][]>[
      ['￥1,280.00', '1280.00'],
      ['¥ 45.6', '45.60'],
      ['1234元', '1234.00'],
      ['RMB 1,000', '1000.00'],
    ]) {
      expect(cleanCell(before, 'amount', all)).toBe(after);
      expect(yuanToFen(after)).toEqual(yuanToFen(before));
    }
    for (const [before, after] of <[string, string][]>[
      ['2025/3/1', '2025-03-01'],
      ['2025年3月1日', '2025-03-01'],
      ['2025.3.1 9:05', '2025-03-01 09:05'],
      ['2025-03-01 14:30:15', '2025-03-01 14:30:15'],
    ]) {
      expect(cleanCell(before, 'closed_at', all)).toBe(after);
      expect(isoDate(after, '+08:00')).toEqual(isoDate(before, '+08:00'));
    }
    // What the importer could not read before, it reads after.
    expect(cleanCell('２０２５－０３－０１', 'at', all)).toBe('2025-03-01');
    expect(cleanCell('20250301', 'at', all)).toBe('2025-03-01');
    expect(cleanCell('１２８００', 'amount', all)).toBe('12800.00');
    expect(cleanCell('\u3000E003 ', 'employee_id', all)).toBe('E003');
    // Left for the importer to refuse: ambiguous dates, a third decimal, a zone kept as written.
    expect(cleanCell('03/15/2025', 'at', all)).toBe('03/15/2025');
    expect(cleanCell('12.345', 'amount', all)).toBe('12.345');
    expect(cleanCell('2025-03-01T09:00:00+08:00', 'at', all)).toBe('2025-03-01T09:00:00+08:00');
    // Only the columns of the rule: an id of digits is not an amount or a date.
    expect(cleanCell('20250301', 'customer_id', all)).toBe('20250301');
    // Excel cells that are not text stay as they are.
    expect(cleanCell(12.5, 'amount', all)).toBe(12.5);
  });

  it('suggests each rule with its examples, and drops repeated rows keeping their lines', async () => {
    const table = tableOf(
      ['sale_id', 'amount', 'closed_at'],
      [
        ['S-1', '￥1,000', '2025/3/1'],
        ['S-2 ', '１００', '2025-03-02'],
        ['S-2', '100', '2025-03-02'],
      ],
    );
    const roles = ['sale_id', 'amount', 'closed_at'];
    const suggestions = await suggestCleaning(table, roles);
    expect(suggestions.map((s) => [s.rule, s.count])).toEqual([
      ['trim', 1],
      ['fullWidth', 1],
      // Each rule alone: the full-width amount is one once its digits are (fullWidth).
      ['amounts', 2],
      ['dates', 1],
      ['duplicates', 1],
    ]);
    expect(suggestions.find((s) => s.rule === 'duplicates')?.examples[0]).toMatchObject({
      line: 4,
      duplicateOf: 3,
    });
    const cleaned = cleanTable(table, roles, all);
    const rows = [];
    for await (const batch of cleaned.rows()) rows.push(...batch);
    expect(rows).toEqual([
      { line: 2, cells: ['S-1', '1000.00', '2025-03-01'] },
      { line: 3, cells: ['S-2', '100.00', '2025-03-02'] },
    ]);
    // Nothing chosen: the table as it was.
    expect(cleanTable(table, roles, new Set())).toBe(table);
  });
});
