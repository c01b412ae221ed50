import { createHash } from 'node:crypto';
import path from 'node:path';
import { domainCommandSchemas } from '@trackrecord/domain';
import { columnOfField, IMPORT_KINDS, type ImportKind, KINDS, kindOfName, type RowCommand } from './kinds.ts';
import { DEFAULT_MAPPING, headerResolver, type Mapping } from './mapping.ts';
import { listInputs, readTables, type Table, UnreadableFileError } from './read.ts';
import type { CommandSink, SinkItem } from './sink.ts';
import { type Cell, instant, isBlank } from './values.ts';

/** One rejected row (or header): where it is, which cell, what it holds and why it is refused. */
export interface Rejection {
  readonly file: string;
  /** 1-based line of the CSV file or row of the sheet (the header is line 1). */
  readonly line: number;
  /** The column as headed in the file (or the canonical name when the column is missing). */
  readonly column: string;
  readonly value: string;
  readonly reason: string;
  /**
   * What refused it, for a reader that words the reason in another language: the domain's rule
   * (`employee_unknown`, with its details) or the schema's issue code (`too_small`, with its params).
   */
  readonly rule?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type FileStatus = 'imported' | 'previewed' | 'rejected' | 'refused' | 'not attempted' | 'skipped';

export interface FileSummary {
  readonly file: string;
  readonly kind: ImportKind | null;
  readonly rows: number;
  readonly commands: number;
  /** Commands that wrote events (in a dry run: would write). */
  readonly appended: number;
  /** Commands imported before (same source row identity): nothing new written. */
  readonly duplicates: number;
  readonly rejected: number;
  readonly status: FileStatus;
}

export interface ImportReport {
  /**
   * - imported: every file was written (or found already imported);
   * - rejected: rows failed reading or validation, nothing was written;
   * - refused: the domain refused rows; nothing was written (unless a concurrent writer forced a
   *   second decision after some appends, see `dispatchBatch`);
   * - dry-run: nothing was written, the report says what would happen.
   */
  readonly status: 'imported' | 'rejected' | 'refused' | 'dry-run';
  readonly dryRun: boolean;
  readonly files: FileSummary[];
  readonly rejected: Rejection[];
  readonly warnings: string[];
  readonly rows: number;
  readonly appended: number;
  readonly duplicates: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  /** `$all` position of the last event written (read models that reached it show the import). */
  readonly lastPosition: string | null;
}

export interface ImportProgress {
  /** reading and validating rows; deciding every command against the store; writing (importing). */
  readonly phase: 'reading' | 'deciding' | 'importing';
  readonly file: string;
  readonly done: number;
  readonly total?: number;
}

export interface ImportOptions {
  /** Where the commands go: `createDispatchSink(store)`, or `createPreviewSink(store)` for a dry run. */
  readonly sink: CommandSink;
  readonly dryRun?: boolean;
  readonly mapping?: Mapping;
  /** The kind of a file whose name does not tell it (single-file imports). */
  readonly kind?: ImportKind;
  readonly onProgress?: (progress: ImportProgress) => void;
}

interface Origin {
  readonly source: string;
  readonly line: number;
  readonly key: string;
  /** The header of the file's column for a command field, if the file has one. */
  readonly columnOf: (field: string) => string | undefined;
}

interface PreparedTable {
  readonly source: string;
  readonly kind: ImportKind;
  rows: number;
  rejected: number;
  readonly items: SinkItem[];
  /** For each item: where it comes from, to name it when the domain refuses it. */
  readonly origins: Origin[];
  /** Commands sent after every file (departures), with their origin. */
  readonly last: { item: SinkItem; origin: Origin }[];
}

/** Ids are at most 100 characters: longer natural keys are hashed. */
export function importCommandId(kind: ImportKind, key: string, index: number): string {
  const plain = `import:${kind}:${key}${index > 0 ? `#${index}` : ''}`;
  if (plain.length <= 100) return plain;
  return `import:${kind}:sha256:${createHash('sha256').update(`${key}\u0000${index}`).digest('hex').slice(0, 48)}`;
}

const show = (cell: Cell | undefined): string =>
  cell === null || cell === undefined ? '' : cell instanceof Date ? cell.toISOString() : String(cell);

/**
 * Imports CSV and Excel exports: reads and validates every row of every file first (nothing
 * is dispatched while any row is rejected), then sends all of them to the sink as one atomic
 * batch, files in dependency order (employees before their sales, sales before payments,
 * payments before their refunds),
 * departures last: every command is decided against the store before the first is written,
 * and one refusal writes nothing. The batch is then written in chunks, each one transaction;
 * command ids come from the kind and the row's natural key, so a re-run after a crash skips
 * the chunks already written, and a re-run after success appends nothing.
 */
export async function runImport(inputs: readonly string[], options: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const files = (await Promise.all(inputs.map(listInputs))).flat();
  if (files.length === 0) throw new Error(`no .csv or .xlsx files in ${inputs.join(', ')}`);
  async function* tables(): AsyncGenerator<Table> {
    for (const file of files) yield* await readTables(file);
  }
  return importTables(tables(), options, started);
}

/**
 * The import of tables already opened (`readTables`): what `runImport` does once it has listed
 * and opened its files. The dashboard's upload imports through here, with the same reading,
 * validation, batch and report, its tables named after the uploaded files.
 */
export async function importTables(
  tables: AsyncIterable<Table> | Iterable<Table>,
  options: ImportOptions,
  started = performance.now(),
): Promise<ImportReport> {
  const mapping = options.mapping ?? DEFAULT_MAPPING;
  const rejected: Rejection[] = [];
  const warnings: string[] = [];
  const summaries = new Map<string, FileSummary>();
  const prepared: PreparedTable[] = [];
  const seenKeys = new Map<string, { source: string; line: number }>();

  for await (const table of tables) {
    // The file's own name: a workbook's sheet is named `<file>#<sheet>`.
    const fileName =
      table.name === table.label
        ? table.name
        : table.name.slice(0, table.name.length - table.label.length - 1);
    const mapped = (name: string) => (Object.hasOwn(mapping.files, name) ? mapping.files[name] : undefined);
    const kind =
      mapped(table.name) ??
      mapped(fileName) ??
      options.kind ??
      kindOfName(table.label) ??
      (table.name === table.label ? undefined : kindOfName(fileName));
    if (!kind) {
      const what = table.name === table.label ? 'file' : 'sheet';
      if (what === 'sheet') {
        warnings.push(`${table.source}: skipped, its name does not tell what it holds (map it in "files")`);
        summaries.set(table.source, summary(table.source, null, 'skipped'));
        continue;
      }
      rejected.push({
        file: table.source,
        line: 1,
        column: '',
        value: table.name,
        reason: `cannot tell what the file holds: name it after one of ${IMPORT_KINDS.join(', ')} (or 员工, 销售, 回款, 退款, 跟进, 课程, 带教, 反馈, 目标), pass --kind, or map it in the mapping file's "files"`,
      });
      summaries.set(table.source, summary(table.source, null, 'rejected', 1));
      continue;
    }
    let result: PreparedTable;
    try {
      result = await prepareTable(table, kind, mapping, rejected, warnings, seenKeys, options.onProgress);
    } catch (error) {
      // A file that is not a table (an unterminated quote, …) is reported at its line; the
      // import goes on reading the others and writes nothing.
      if (!(error instanceof UnreadableFileError)) throw error;
      rejected.push({
        file: table.source,
        line: error.line,
        column: '',
        value: '',
        reason: `not a readable CSV file: ${error.reason}`,
      });
      summaries.set(table.source, summary(table.source, kind, 'rejected', 1));
      continue;
    }
    prepared.push(result);
  }
  const rejectedBy = (source: string) => rejected.filter((r) => r.file === source).length;
  prepared.sort((a, b) => IMPORT_KINDS.indexOf(a.kind) - IMPORT_KINDS.indexOf(b.kind));

  // Widened on purpose: `send` below changes both, which narrowing cannot see.
  let status = (options.dryRun ? 'dry-run' : 'imported') as ImportReport['status'];
  let lastPosition = null as bigint | null;
  if (rejected.length > 0 && !options.dryRun) status = 'rejected';
  const counts = new Map<string, { appended: number; duplicates: number; refused: number }>();
  const attempted = new Set<string>();
  // Every file's commands in dependency order, then the departures, once everything the people
  // did before leaving is in: one atomic batch, decided completely before anything is written.
  const items = [...prepared.flatMap((t) => t.items), ...prepared.flatMap((t) => t.last.map((l) => l.item))];
  const origins = [
    ...prepared.flatMap((t) => t.origins),
    ...prepared.flatMap((t) => t.last.map((l) => l.origin)),
  ];
  if (items.length > 0 && status !== 'rejected') {
    for (const table of prepared) attempted.add(table.source);
    const firstDeparture = items.length - prepared.reduce((n, t) => n + t.last.length, 0);
    const outcome = await options.sink(items, {
      atomic: true,
      // Each command's data is the output of the domain's schema (validCommands).
      dataValidated: true,
      boundaries: firstDeparture < items.length ? [firstDeparture] : [],
      onProgress: (done, total, phase) =>
        options.onProgress?.({
          phase: phase === 'deciding' ? 'deciding' : 'importing',
          file: origins[Math.max(0, done - 1)]?.source ?? '',
          done,
          total,
        }),
    });
    const refused = outcome.results.filter((r) => !r.ok).length;
    outcome.results.forEach((result, i) => {
      const origin = origins[i] as Origin;
      attempted.add(origin.source);
      const count = counts.get(origin.source) ?? { appended: 0, duplicates: 0, refused: 0 };
      counts.set(origin.source, count);
      if (!result.ok) {
        count.refused++;
        // The column of the field the domain names (the unknown seller's employee_id column).
        const details = result.error.details;
        const field =
          typeof details.field === 'string'
            ? details.field
            : details.rule === 'employee_unknown'
              ? 'employeeId'
              : undefined;
        const column = field ? origin.columnOf(field) : undefined;
        rejected.push({
          file: origin.source,
          line: origin.line,
          column: column ?? '(row)',
          value: column && field && typeof details[field] === 'string' ? String(details[field]) : origin.key,
          reason: `${result.error.code}: ${result.error.message}`,
          rule: typeof details.rule === 'string' ? details.rule : result.error.code,
          details,
        });
      } else if (result.duplicate) count.duplicates++;
      // A refused atomic batch writes nothing (a dry run counts what would be written); only
      // when a concurrent writer forced a second decision may appends made before it stay.
      else if (refused === 0 || options.dryRun || result.position !== null) count.appended++;
    });
    lastPosition = outcome.lastPosition;
    if (refused > 0 && !options.dryRun) status = 'refused';
  }
  for (const table of prepared) {
    const count = counts.get(table.source) ?? { appended: 0, duplicates: 0, refused: 0 };
    // Rows its own checks rejected (the domain's refusals are counted apart, as refused).
    const invalid = table.rejected > 0;
    const fileStatus: FileStatus = invalid
      ? 'rejected'
      : count.refused > 0
        ? options.dryRun
          ? 'rejected'
          : 'refused'
        : !attempted.has(table.source) || ((status === 'rejected' || status === 'refused') && !options.dryRun)
          ? 'not attempted'
          : options.dryRun
            ? 'previewed'
            : 'imported';
    summaries.set(table.source, {
      ...summary(table.source, table.kind, fileStatus),
      rows: table.rows,
      commands: table.items.length + table.last.length,
      rejected: rejectedBy(table.source),
      appended: count.appended,
      duplicates: count.duplicates,
    });
  }
  const list = [...summaries.values()];
  const rows = list.reduce((n, f) => n + f.rows, 0);
  const seconds = (performance.now() - started) / 1000;
  return {
    status,
    dryRun: Boolean(options.dryRun),
    files: list,
    rejected,
    warnings,
    rows,
    appended: list.reduce((n, f) => n + f.appended, 0),
    duplicates: list.reduce((n, f) => n + f.duplicates, 0),
    seconds,
    rowsPerSecond: seconds > 0 ? Math.round(rows / seconds) : rows,
    lastPosition: lastPosition === null ? null : lastPosition.toString(),
  };
}

function summary(file: string, kind: ImportKind | null, status: FileStatus, rejected = 0): FileSummary {
  return { file, kind, rows: 0, commands: 0, appended: 0, duplicates: 0, rejected, status };
}

async function prepareTable(
  table: Table,
  kind: ImportKind,
  mapping: Mapping,
  rejected: Rejection[],
  warnings: string[],
  seenKeys: Map<string, { source: string; line: number }>,
  onProgress: ImportOptions['onProgress'],
): Promise<PreparedTable> {
  const spec = KINDS[kind];
  const out: PreparedTable = {
    source: table.source,
    kind,
    rows: 0,
    rejected: 0,
    items: [],
    origins: [],
    last: [],
  };
  const reject = (line: number, column: string, value: string, reason: string) => {
    rejected.push({ file: table.source, line, column, value, reason });
    out.rejected++;
  };

  // Header: every column found once, every required one present.
  const resolve = headerResolver(mapping, kind);
  const headers = await table.headers();
  const index = new Map<string, { at: number; header: string }>();
  const ignored: string[] = [];
  headers.forEach((header, at) => {
    if (header.trim() === '') return;
    const column = resolve(header);
    if (!column) {
      ignored.push(header);
      return;
    }
    const earlier = index.get(column);
    if (earlier) {
      reject(
        1,
        header,
        header,
        `both "${earlier.header}" and "${header}" are read as ${column}: map one of them elsewhere or remove it`,
      );
    } else index.set(column, { at, header });
  });
  if (ignored.length > 0)
    warnings.push(`${table.source}: ignored columns ${ignored.map((h) => `"${h}"`).join(', ')}`);
  for (const column of spec.columns) {
    if (column.required && !index.has(column.name)) {
      const known = column.headers.map((h) => `"${h}"`).join(', ');
      reject(
        1,
        column.name,
        '',
        `missing column ${column.name}: add one headed ${known}, or map a header to it in the mapping file`,
      );
    }
  }
  if (out.rejected > 0) return out;
  const headerOf = (name: string) => index.get(name)?.header ?? name;
  const columnOf = (field: string) => index.get(columnOfField(field))?.header;

  const offset = mapping.timezone;
  const actor = `import:${path.basename(table.name)}`.slice(0, 100);
  for await (const batch of table.rows()) {
    onProgress?.({ phase: 'reading', file: table.source, done: out.rows });
    for (const { line, cells } of batch) readRow(line, cells);
  }
  onProgress?.({ phase: 'reading', file: table.source, done: out.rows });
  return out;

  function readRow(line: number, cells: readonly Cell[]): void {
    out.rows++;
    const row: Record<string, unknown> = {};
    let bad = false;
    for (const column of spec.columns) {
      const found = index.get(column.name);
      const cell = found ? cells[found.at] : undefined;
      if (isBlank(cell)) {
        if (column.required) {
          reject(line, headerOf(column.name), '', 'is empty');
          bad = true;
        }
        continue;
      }
      const value = column.read(cell as Cell, offset);
      if (value.ok) row[column.name] = value.value;
      else {
        reject(line, headerOf(column.name), show(cell), value.reason);
        bad = true;
      }
    }
    if (bad) return;
    const commands = spec.commands(row);
    if (!Array.isArray(commands)) {
      const problem = commands as { column: string; reason: string };
      const found = index.get(problem.column);
      reject(line, headerOf(problem.column), found ? show(cells[found.at]) : '', problem.reason);
      return;
    }
    const key = spec.key(row);
    const seen = seenKeys.get(`${kind}|${key}`);
    if (seen) {
      reject(
        line,
        '(row)',
        key,
        `the same ${kind} row (key ${key}) is already on line ${seen.line} of ${seen.source}`,
      );
      return;
    }
    seenKeys.set(`${kind}|${key}`, { source: table.source, line });
    const data = validCommands(commands, (field, reason, rule, params) => {
      const column = columnOfField(field);
      const found = index.get(column);
      rejected.push({
        file: table.source,
        line,
        column: found?.header ?? (field ? column : '(row)'),
        value: found ? show(cells[found.at]) : '',
        reason,
        rule,
        details: params,
      });
      out.rejected++;
    });
    if (!data) return;
    commands.forEach((command, i) => {
      const item: SinkItem = {
        command: { type: command.type, data: data[i] },
        envelope: {
          commandId: importCommandId(kind, key, i),
          at: instant(command.at),
          actor,
          source: 'import',
        },
      };
      const origin: Origin = { source: table.source, line, key, columnOf };
      if (command.last) out.last.push({ item, origin });
      else {
        out.items.push(item);
        out.origins.push(origin);
      }
    });
  }
}

/**
 * The domain's own schema for each command; every issue is reported against its column.
 * Returns each command's data as the schema parsed it, or null when any is invalid.
 */
function validCommands(
  commands: readonly RowCommand[],
  report: (field: string, reason: string, rule: string, params: Record<string, string>) => void,
): unknown[] | null {
  const data: unknown[] = [];
  let valid = true;
  for (const command of commands) {
    const parsed = domainCommandSchemas[command.type].safeParse(command.data);
    if (parsed.success) {
      data.push(parsed.data);
      continue;
    }
    valid = false;
    for (const issue of parsed.error.issues) {
      // What a reader needs to word the issue again (as the API's refusals do): its bounds and values.
      const params: Record<string, string> = {};
      for (const key of ['minimum', 'maximum', 'origin', 'format'] as const) {
        if (key in issue) params[key] = String((issue as unknown as Record<string, unknown>)[key]);
      }
      if ('values' in issue && Array.isArray(issue.values)) params.values = issue.values.join(', ');
      report(String(issue.path[0] ?? ''), issue.message, issue.code, params);
    }
  }
  return valid ? data : null;
}
