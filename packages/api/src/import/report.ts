import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { ImportReport } from './importer.ts';

/**
 * Where the report goes without `--report`: next to the input, as `<file>.report.{json,csv}`
 * for a file and `<folder>/import.report.{json,csv}` for a folder (the importer skips these).
 */
export async function defaultReportBase(input: string): Promise<string> {
  const info = await stat(input);
  return info.isDirectory() ? path.join(input, 'import') : input;
}

/**
 * Writes `<base>.report.json` (the whole report) and `<base>.report.csv` (one line per
 * rejected row: file, line, column, value, reason; UTF-8 with a BOM so Excel shows Chinese).
 */
export async function writeReport(
  report: ImportReport,
  base: string,
): Promise<{ json: string; csv: string }> {
  const json = `${base}.report.json`;
  const csv = `${base}.report.csv`;
  await mkdir(path.dirname(json), { recursive: true });
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  const lines = stringify(
    report.rejected.map((r) => [
      neutralise(r.file),
      r.line,
      neutralise(r.column),
      neutralise(r.value),
      neutralise(r.reason),
    ]),
    { header: true, columns: ['file', 'line', 'column', 'value', 'reason'], bom: true },
  );
  await writeFile(csv, lines);
  return { json, csv };
}

/**
 * A cell Excel or LibreOffice would not run as a formula: text starting with =, +, -, @, a tab
 * or a carriage return gets a leading apostrophe (OWASP "CSV injection").
 */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The report as a person reads it in a terminal. */
export function formatReport(report: ImportReport): string {
  const lines: string[] = [];
  for (const file of report.files) {
    lines.push(
      `  ${file.status.padEnd(13)} ${file.file}  (${file.kind ?? '?'}: ${file.rows} rows, ${file.appended} new, ${file.duplicates} already imported, ${file.rejected} rejected)`,
    );
  }
  for (const warning of report.warnings) lines.push(`  warning: ${warning}`);
  if (report.rejected.length > 0) {
    lines.push(`  rejected rows (${report.rejected.length}):`);
    for (const r of report.rejected.slice(0, 50)) {
      lines.push(`    ${r.file}:${r.line}  ${r.column}${r.value ? ` = "${r.value}"` : ''}: ${r.reason}`);
    }
    if (report.rejected.length > 50)
      lines.push(`    … ${report.rejected.length - 50} more in the report files`);
  }
  const verdict = {
    imported: 'imported',
    'dry-run': 'dry run, nothing written',
    rejected: 'nothing written: fix the rejected rows and run again',
    refused: 'nothing written: fix the rows the domain refused (marked refused above) and run again',
  }[report.status];
  lines.push(
    `  ${report.rows.toLocaleString('en-US')} rows in ${report.seconds.toFixed(1)} s (${report.rowsPerSecond.toLocaleString('en-US')} rows/s): ${report.appended.toLocaleString('en-US')} commands ${report.dryRun ? 'would be' : ''} written, ${report.duplicates.toLocaleString('en-US')} already imported; ${verdict}`.replace(
      '  written',
      ' written',
    ),
  );
  return lines.join('\n');
}
