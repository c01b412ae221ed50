import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import type { Cell } from './values.ts';

/**
 * A table of an export: a CSV file, or one sheet of an .xlsx workbook. Rows are read lazily
 * so a large CSV never sits in memory twice.
 */
export interface Table {
  /** File path as given (with `#sheet` for a workbook's sheet), as the report names it. */
  readonly source: string;
  /** File name, or `file.xlsx#sheet`: what the mapping file's `files` and kind detection look at. */
  readonly name: string;
  /** The sheet's own name, for kind detection (`销售`); the file name for a CSV. */
  readonly label: string;
  readonly headers: () => Promise<readonly string[]>;
  /** Data rows with their 1-based line (CSV) or row number (Excel); the header is line 1. */
  readonly rows: () => AsyncIterable<{ readonly line: number; readonly cells: readonly Cell[] }>;
}

const REPORT = /\.report\.(csv|json)$/i;

/** The files a path names: itself, or the .csv and .xlsx files of a folder (reports excluded). */
export async function listInputs(input: string): Promise<string[]> {
  const info = await stat(input).catch(() => {
    throw new Error(`${input}: no such file or folder`);
  });
  if (!info.isDirectory()) return [input];
  const names = (await readdir(input)).filter(
    (name) => /\.(csv|xlsx)$/i.test(name) && !REPORT.test(name) && !name.startsWith('~$'),
  );
  return names.sort().map((name) => path.join(input, name));
}

export async function readTables(file: string): Promise<Table[]> {
  if (/\.csv$/i.test(file)) return [csvTable(file)];
  if (/\.xlsx$/i.test(file)) return xlsxTables(file);
  throw new Error(`${file}: only .csv and .xlsx files can be imported`);
}

function csvParser(file: string) {
  // UTF-8 with or without BOM (Excel's "CSV UTF-8"); blank lines skipped; quotes as RFC 4180.
  return createReadStream(file).pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, trim: false }),
  );
}

function csvTable(file: string): Table {
  const name = path.basename(file);
  return {
    source: file,
    name,
    label: name,
    headers: async () => {
      for await (const record of csvParser(file)) return (record as { record: string[] }).record;
      return [];
    },
    rows: async function* () {
      let first = true;
      for await (const item of csvParser(file)) {
        const { record, info } = item as { record: string[]; info: { lines: number } };
        if (first) {
          first = false;
          continue;
        }
        yield { line: info.lines, cells: record };
      }
    },
  };
}

function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('result' in value) return cellValue(value.result as ExcelJS.CellValue); // formula
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text); // hyperlink
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

async function xlsxTables(file: string): Promise<Table[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (error) {
    throw new Error(
      `${file}: not a readable .xlsx workbook (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const base = path.basename(file);
  return workbook.worksheets.map((sheet) => {
    const cellsOf = (row: ExcelJS.Row): Cell[] => {
      const values = row.values as ExcelJS.CellValue[]; // 1-based: values[0] is empty
      return values.slice(1).map(cellValue);
    };
    return {
      source: `${file}#${sheet.name}`,
      name: `${base}#${sheet.name}`,
      label: sheet.name,
      headers: async () => cellsOf(sheet.getRow(1)).map((cell) => (cell === null ? '' : String(cell).trim())),
      rows: async function* () {
        for (let n = 2; n <= sheet.rowCount; n++) {
          const cells = cellsOf(sheet.getRow(n));
          if (cells.every((cell) => cell === null || String(cell).trim() === '')) continue;
          yield { line: n, cells };
        }
      },
    };
  });
}
