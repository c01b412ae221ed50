import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BENCHMARKS_TABLE, benchmarkRow, insertRow } from './support.ts';

describe('pnpm bench --record', () => {
  it('writes a dated row with the metrics and the load average at the top of the table', () => {
    const row = benchmarkRow(
      'store',
      { ratio_8_writers: 1.756, events_per_s: 53600, covered: true },
      '2026-12-03',
      [9.04, 11.5],
    );
    expect(row).toBe(
      '| 2026-12-03 | `store` (recorded) | ratio_8_writers 1.756, events_per_s 53,600, covered true | 9.0–11.5 |',
    );
    const table = readFileSync(BENCHMARKS_TABLE, 'utf8');
    const updated = insertRow(table, row).split('\n');
    const header = updated.findIndex((l) => l.startsWith('| date |'));
    expect(updated[header + 2]).toBe(row);
    expect(updated.length).toBe(table.split('\n').length + 1);
  });

  it('refuses a file without the table rather than appending anywhere', () => {
    expect(() => insertRow('# Benchmarks\n\nno table here\n', '| x |')).toThrow(/no table/);
  });
});
