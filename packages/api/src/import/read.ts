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
  /**
   * Data rows with their 1-based line (CSV) or row number (Excel); the header is line 1. In
   * batches, in order: a large file is read without a promise per row.
   */
  readonly rows: () => AsyncIterable<readonly TableRow[]>;
}

export interface TableRow {
  readonly line: number;
  readonly cells: readonly Cell[];
}

const REPORT = /\.report\.(csv|json)$/i;
/** Rows per batch from an Excel sheet. */
const SHEET_BATCH = 1_000;

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

// UTF-8 with or without BOM (Excel's "CSV UTF-8"); blank lines skipped; quotes as RFC 4180.
const CSV_OPTIONS = { bom: true, relax_column_count: true, skip_empty_lines: true, info: true, trim: false };

/** A file that cannot be read as a table (an unterminated quote, …): the import reports it, naming the line. */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
    cause?: unknown,
  ) {
    super(`${file}: not a readable CSV file: ${reason}`, { cause });
  }
}

function csvParser(file: string) {
  return createReadStream(file).pipe(parse(CSV_OPTIONS));
}

/**
 * The records of a CSV file, a batch per chunk read from disk: the parser is fed chunk by
 * chunk and the records it completes are taken synchronously.
 */
async function* csvBatches(file: string): AsyncGenerator<TableRow[]> {
  const parser = parse(CSV_OPTIONS);
  let batch: TableRow[] = [];
  let failure: unknown;
  // The line the last whole record ended on: a record that cannot be read starts after it
  // (the parser itself names where it gave up, the end of the file for an open quote).
  let lastLine = 0;
  const drain = () => {
    for (let item = parser.read(); item !== null; item = parser.read()) {
      const { record, info } = item as { record: string[]; info: { lines: number } };
      batch.push({ line: info.lines, cells: record });
      lastLine = info.lines;
    }
  };
  parser.on('readable', drain);
  parser.on('error', (error) => {
    drain();
    failure = new UnreadableFileError(file, lastLine + 1, error.message, error);
  });
  const ended = new Promise<void>((resolve) => {
    parser.on('end', resolve);
    parser.on('error', () => resolve());
  });
  for await (const chunk of createReadStream(file)) {
    parser.write(chunk);
    drain();
    if (failure) throw failure;
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  parser.end();
  await ended;
  if (failure) throw failure;
  if (batch.length > 0) yield batch;
}

function csvTable(file: string): Table {
  const name = path.basename(file);
  return {
    source: file,
    name,
    label: name,
    headers: async () => {
      try {
        for await (const record of csvParser(file)) return (record as { record: string[] }).record;
      } catch (error) {
        const line = Number((error as { lines?: unknown }).lines);
        throw new UnreadableFileError(
          file,
          Number.isInteger(line) && line > 0 ? line : 1,
          error instanceof Error ? error.message : String(error),
          error,
        );
      }
      return [];
    },
    rows: async function* () {
      let first = true;
      for await (const batch of csvBatches(file)) {
        if (first) {
          first = false;
          const rest = batch.slice(1);
          if (rest.length > 0) yield rest;
        } else yield batch;
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
        let batch: TableRow[] = [];
        for (let n = 2; n <= sheet.rowCount; n++) {
          const cells = cellsOf(sheet.getRow(n));
          if (cells.every((cell) => cell === null || String(cell).trim() === '')) continue;
          batch.push({ line: n, cells });
          if (batch.length >= SHEET_BATCH) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length > 0) yield batch;
      },
    };
  });
}
