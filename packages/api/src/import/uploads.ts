import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EventStore } from '@trackrecord/eventstore';
import type { Generated, Kysely, Selectable } from 'kysely';
import {
  type Cleaning,
  type CleaningSuggestion,
  type ColumnRoles,
  cleanTable,
  suggestCleaning,
} from './clean.ts';
import { type ImportProgress, type ImportReport, importTables } from './importer.ts';
import { IMPORT_KINDS, type ImportKind, KINDS, kindOfName } from './kinds.ts';
import { DEFAULT_MAPPING, headerResolver, type Mapping } from './mapping.ts';
import { readTables, type Table } from './read.ts';
import { type CommandSink, createDispatchSink, createPreviewSink } from './sink.ts';
import type { Cell } from './values.ts';

/**
 * The import of the dashboard: files uploaded one by one (`POST /imports/files`), described
 * (tables, headers, the suggested kind and mapping), checked in a dry run with the suggested
 * cleaning, then imported in the background with its progress and report kept in
 * `projections.import_runs`. The engine is the CLI's (`importTables`): the same reading,
 * validation, atomic batch, chunks and resume by row; the uploaded tables are named after the
 * uploaded files, so the events (their ids, data and actor `import:<file>`) are those the CLI
 * writes for the same files.
 */

/** `MAX_UPLOAD_BYTES`: the largest file the upload accepts (default 20 MiB). */
export const DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const IMPORT_UPLOAD_PATH = '/imports/files';

interface UploadsTable {
  upload_id: string;
  file_name: string;
  size: number;
  bytes: Buffer;
  uploaded_by: string;
  uploaded_at: Generated<Date>;
}
interface MappingsTable {
  source: string;
  kind: string;
  columns: Record<string, string | null>;
  saved_by: string;
  saved_by_name: string;
  saved_at: Generated<Date>;
}
export interface RunsTable {
  run_id: string;
  files: string[];
  request: ImportRequest;
  status: string;
  phase: string;
  done: Generated<number>;
  total: Generated<number>;
  percent: Generated<number>;
  started_by: string;
  started_by_name: string;
  started_at: Generated<Date>;
  heartbeat_at: Generated<Date>;
  finished_at: Date | null;
  rows: number | null;
  appended: number | null;
  duplicates: number | null;
  rejected: number | null;
  report: ImportReport | null;
  error: string | null;
}
export interface ImportsDb {
  'projections.import_uploads': UploadsTable;
  'projections.import_mappings': MappingsTable;
  'projections.import_runs': RunsTable;
}
// biome-ignore lint/suspicious/noExplicitAny: any database whose tables include the imports' ones.
type AnyDb = Kysely<any>;
const imports = (db: AnyDb): Kysely<ImportsDb> => db as unknown as Kysely<ImportsDb>;

/** Why an upload or an import request cannot be used: said in both languages, naming the field. */
export class ImportInputError extends Error {
  override readonly name = 'ImportInputError';
  constructor(
    readonly en: string,
    readonly zh: string,
    readonly field: string,
  ) {
    super(en);
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
const FILE_NAME = /^[^/\\\u0000-\u001f]{1,200}\.(csv|xlsx)$/i;

/** Stores an uploaded file; its tables are read once to refuse what the importer cannot open. */
export async function saveUpload(
  db: AnyDb,
  uploadedBy: string,
  fileName: string,
  bytes: Buffer,
): Promise<{ id: string; fileName: string; size: number }> {
  const name = path.basename(fileName.trim());
  if (!FILE_NAME.test(name) || name.startsWith('~$')) {
    throw new ImportInputError(
      `the file "${name}" is not a .csv or .xlsx file: export it from Excel as "CSV UTF-8" or "Excel workbook (.xlsx)"`,
      `文件“${name}”不是 .csv 或 .xlsx 文件：请在 Excel 中另存为“CSV UTF-8”或“Excel 工作簿 (.xlsx)”`,
      'file',
    );
  }
  if (bytes.length === 0)
    throw new ImportInputError(`the file "${name}" is empty`, `文件“${name}”是空的`, 'file');
  const id = randomUUID();
  let opened: OpenedFile | undefined;
  try {
    opened = await openFile(id, name, bytes);
    for (const table of opened.tables) await table.headers();
  } catch (error) {
    throw new ImportInputError(
      `the file "${name}" cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      `无法读取文件“${name}”：${error instanceof Error ? error.message : String(error)}`,
      'file',
    );
  } finally {
    await opened?.close();
  }
  await imports(db)
    .insertInto('projections.import_uploads')
    .values({ upload_id: id, file_name: name, size: bytes.length, bytes, uploaded_by: uploadedBy })
    .execute();
  return { id, fileName: name, size: bytes.length };
}

interface OpenedFile {
  readonly tables: Table[];
  close(): Promise<void>;
}

/** The file written where the readers can open it; its tables named after the file, as uploaded. */
async function openFile(id: string, fileName: string, bytes: Buffer): Promise<OpenedFile> {
  const base = path.join(tmpdir(), 'trackrecord-imports');
  await mkdir(base, { recursive: true });
  const dir = await mkdtemp(path.join(base, `${id}-`));
  const file = path.join(dir, fileName);
  await writeFile(file, bytes);
  try {
    const tables = (await readTables(file)).map((table) => ({ ...table, source: table.name }));
    return { tables, close: () => rm(dir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function openUploads(
  db: AnyDb,
  ids: readonly string[],
): Promise<{ files: string[]; opened: OpenedFile[] }> {
  const unique = [...new Set(ids)];
  const rows =
    unique.length === 0
      ? []
      : await imports(db)
          .selectFrom('projections.import_uploads')
          .selectAll()
          .where('upload_id', 'in', unique)
          .execute();
  for (const id of unique) {
    if (!rows.some((r) => r.upload_id === id)) {
      throw new ImportInputError(
        `no uploaded file ${id}: upload it again`,
        `找不到上传的文件 ${id}：请重新上传`,
        'file',
      );
    }
  }
  // In the order the CLI reads a folder: by file name.
  rows.sort((a, b) => (a.file_name < b.file_name ? -1 : a.file_name > b.file_name ? 1 : 0));
  const opened: OpenedFile[] = [];
  try {
    for (const row of rows) opened.push(await openFile(row.upload_id, row.file_name, row.bytes));
  } catch (error) {
    await Promise.all(opened.map((o) => o.close()));
    throw error;
  }
  return { files: rows.map((r) => r.file_name), opened };
}

/**
 * A source's name for remembering its mapping: the file name without extension, digits and
 * separators (`crm_export_2025-03.csv` and `crm_export_2025-04.csv` are one source), with the
 * sheet for a workbook's sheet.
 */
export function sourceOf(tableName: string): string {
  const [file = '', sheet] = tableName.split('#');
  const stem =
    file
      .replace(/\.(csv|xlsx)$/i, '')
      .toLowerCase()
      .replace(/\d+/g, '')
      .replace(/[\s\-_.()（）]+/g, '_')
      .replace(/^_+|_+$/g, '') || file.toLowerCase();
  return sheet === undefined ? stem : `${stem}#${sheet}`;
}

export interface DescribedTable {
  readonly name: string;
  readonly sheet: string | null;
  readonly rows: number;
  readonly headers: readonly { header: string; column: string | null }[];
  /** The first rows, as text. */
  readonly sample: readonly (readonly string[])[];
  /** The kind suggested: the one remembered for the source, else told by the name. */
  readonly kind: ImportKind | null;
  readonly remembered: { readonly by: string; readonly at: Date } | null;
}

const show = (cell: Cell | undefined): string =>
  cell === null || cell === undefined ? '' : cell instanceof Date ? cell.toISOString() : String(cell);

/** The tables of an uploaded file with the suggested kind and mapping (remembered, else built in). */
export async function describeUpload(
  db: AnyDb,
  id: string,
): Promise<{ id: string; fileName: string; size: number; uploadedAt: Date; tables: DescribedTable[] }> {
  const row = await imports(db)
    .selectFrom('projections.import_uploads')
    .selectAll()
    .where('upload_id', '=', id)
    .executeTakeFirst();
  if (!row)
    throw new ImportInputError(
      `no uploaded file ${id}: upload it again`,
      `找不到上传的文件 ${id}：请重新上传`,
      'file',
    );
  const opened = await openFile(row.upload_id, row.file_name, row.bytes);
  try {
    const tables: DescribedTable[] = [];
    for (const table of opened.tables) {
      const source = sourceOf(table.name);
      const memory = await imports(db)
        .selectFrom('projections.import_mappings')
        .selectAll()
        .where('source', '=', source)
        .executeTakeFirst();
      const rememberedKind =
        memory && (IMPORT_KINDS as readonly string[]).includes(memory.kind)
          ? (memory.kind as ImportKind)
          : null;
      const sheet = table.name === table.label ? null : table.label;
      const kind =
        rememberedKind ??
        kindOfName(table.label) ??
        (sheet === null ? null : kindOfName(row.file_name)) ??
        null;
      const headers = (await table.headers()).map(String);
      const resolve = kind ? headerResolver(DEFAULT_MAPPING, kind) : () => undefined;
      const sample: string[][] = [];
      let rows = 0;
      for await (const batch of table.rows()) {
        for (const r of batch) {
          rows++;
          if (sample.length < 5) sample.push(headers.map((_, at) => show(r.cells[at])));
        }
      }
      tables.push({
        name: table.name,
        sheet,
        rows,
        headers: headers.map((header) => {
          const remembered = rememberedKind === kind && memory && Object.hasOwn(memory.columns, header);
          const column = remembered ? (memory.columns[header] ?? null) : (resolve(header) ?? null);
          return { header, column };
        }),
        sample,
        kind,
        remembered: rememberedKind
          ? { by: memory?.saved_by_name ?? '', at: memory?.saved_at ?? new Date(0) }
          : null,
      });
    }
    return {
      id: row.upload_id,
      fileName: row.file_name,
      size: row.size,
      uploadedAt: row.uploaded_at,
      tables,
    };
  } finally {
    await opened.close();
  }
}

/** What the person chose: the files, each table's kind and columns, and the cleaning. */
export interface ImportRequest {
  readonly uploadIds: readonly string[];
  readonly tables: readonly {
    readonly table: string;
    /** `null`: not imported (a sheet of notes). */
    readonly kind: ImportKind | null;
    /** Each header and the column it is read as (`null`: not imported). */
    readonly columns: readonly { readonly header: string; readonly column: string | null }[];
  }[];
  readonly cleaning: readonly Cleaning[];
}

export interface TableCleaning {
  readonly table: string;
  readonly suggestions: readonly CleaningSuggestion[];
}

/** Checks what the engine cannot: known kinds and columns of their kind. */
function validateRequest(request: ImportRequest): void {
  if (request.uploadIds.length === 0) {
    throw new ImportInputError('choose at least one file to import', '请至少选择一个要导入的文件', 'file');
  }
  for (const table of request.tables) {
    if (table.kind === null) continue;
    if (!(IMPORT_KINDS as readonly string[]).includes(table.kind)) {
      throw new ImportInputError(
        `${table.table}: the kind must be one of ${IMPORT_KINDS.join(', ')}`,
        `${table.table}：数据类型必须是 ${IMPORT_KINDS.join('、')} 之一`,
        'kind',
      );
    }
    const known = new Set(KINDS[table.kind].columns.map((c) => c.name));
    const used = new Map<string, string>();
    for (const { header, column } of table.columns) {
      if (column === null) continue;
      if (!known.has(column)) {
        throw new ImportInputError(
          `${table.table}: "${column}" (for the column "${header}") is not a column of ${table.kind}`,
          `${table.table}：“${column}”（表头“${header}”）不是该数据类型的字段`,
          'column',
        );
      }
      const earlier = used.get(column);
      if (earlier !== undefined) {
        throw new ImportInputError(
          `${table.table}: the columns "${earlier}" and "${header}" are both mapped to ${column}: map one of them elsewhere or leave it out`,
          `${table.table}：表头“${earlier}”和“${header}”都对应到 ${column}：请改掉其中一个或不导入`,
          'column',
        );
      }
      used.set(column, header);
    }
  }
}

/** The request as the engine takes it: the kind of each table and the headers mapped per kind. */
function mappingOf(request: ImportRequest): Mapping {
  const files: Record<string, ImportKind> = {};
  const columns: Partial<Record<ImportKind, Record<string, string>>> = {};
  for (const table of request.tables) {
    if (table.kind === null) continue;
    files[table.table] = table.kind;
    const of = columns[table.kind] ?? {};
    columns[table.kind] = of;
    for (const { header, column } of table.columns) if (column !== null) of[header] = column;
  }
  return { ...DEFAULT_MAPPING, files, columns };
}

/**
 * The tables of the request as the engine reads them: headers left out blanked (the importer
 * skips blank headers), the cleaning applied; tables not asked for, or without a kind, left out.
 */
async function prepared(
  opened: readonly OpenedFile[],
  request: ImportRequest,
  mapping: Mapping,
): Promise<{ table: Table; raw: Table; roles: ColumnRoles }[]> {
  const rules = new Set(request.cleaning);
  const out: { table: Table; raw: Table; roles: ColumnRoles }[] = [];
  for (const file of opened) {
    for (const raw of file.tables) {
      const asked = request.tables.find((t) => t.table === raw.name);
      if (!asked || asked.kind === null) continue;
      const left = new Set(asked.columns.filter((c) => c.column === null).map((c) => c.header));
      const headers = (await raw.headers()).map((h) => (left.has(String(h)) ? '' : String(h)));
      const resolve = headerResolver(mapping, asked.kind);
      const roles = headers.map((h) => (h === '' ? undefined : resolve(h)));
      const withHeaders: Table = { ...raw, headers: async () => headers };
      out.push({ table: cleanTable(withHeaders, roles, rules), raw: withHeaders, roles });
    }
  }
  return out;
}

/** A dry run: the engine's report (nothing written) and each table's suggested cleaning. */
export async function dryRunImport(
  store: EventStore,
  db: AnyDb,
  request: ImportRequest,
): Promise<{ report: ImportReport; cleaning: TableCleaning[] }> {
  validateRequest(request);
  const { opened } = await openUploads(db, request.uploadIds);
  try {
    const mapping = mappingOf(request);
    const tables = await prepared(opened, request, mapping);
    if (tables.length === 0) throw noTables();
    const cleaning: TableCleaning[] = [];
    for (const { raw, roles } of tables) {
      cleaning.push({ table: raw.name, suggestions: await suggestCleaning(raw, roles) });
    }
    const report = await importTables(
      tables.map((t) => t.table),
      { sink: createPreviewSink(store), dryRun: true, mapping },
    );
    return { report, cleaning };
  } finally {
    await Promise.all(opened.map((o) => o.close()));
  }
}

const noTables = () =>
  new ImportInputError(
    'choose the kind of at least one table: nothing would be imported',
    '请至少为一个表选择数据类型：否则没有可导入的内容',
    'kind',
  );

/** A run older than this without progress is no longer running (its process stopped): it may be resumed. */
export const STALE_RUN_MS = 60_000;

/**
 * Starts an import in the background and returns its id at once; its progress and then its
 * report are kept in `projections.import_runs`. The mapping of each table is remembered for
 * its source. `sinkFor` is the writing sink (the dispatch sink of the store by default).
 */
export async function startImport(
  store: EventStore,
  db: AnyDb,
  who: { readonly userId: string; readonly name: string },
  request: ImportRequest,
  sinkFor: (store: EventStore) => CommandSink = createDispatchSink,
): Promise<string> {
  validateRequest(request);
  if (!request.tables.some((t) => t.kind !== null)) throw noTables();
  const { files, opened } = await openUploads(db, request.uploadIds);
  await Promise.all(opened.map((o) => o.close()));
  const runId = randomUUID();
  await imports(db)
    .insertInto('projections.import_runs')
    .values({
      run_id: runId,
      files,
      request: JSON.stringify(request) as unknown as ImportRequest,
      status: 'running',
      phase: 'reading',
      started_by: who.userId,
      started_by_name: who.name,
    })
    .execute();
  for (const table of request.tables) {
    if (table.kind === null) continue;
    const columns = Object.fromEntries(table.columns.map((c) => [c.header, c.column]));
    await imports(db)
      .insertInto('projections.import_mappings')
      .values({
        source: sourceOf(table.table),
        kind: table.kind,
        columns: JSON.stringify(columns) as unknown as Record<string, string | null>,
        saved_by: who.userId,
        saved_by_name: who.name,
      })
      .onConflict((oc) =>
        oc.column('source').doUpdateSet({
          kind: table.kind as string,
          columns: JSON.stringify(columns) as unknown as Record<string, string | null>,
          saved_by: who.userId,
          saved_by_name: who.name,
          saved_at: new Date(),
        }),
      )
      .execute();
  }
  void execute(store, db, runId, request, sinkFor);
  return runId;
}

/** The share of the work done: reading the rows (0–30 %), deciding (30–60 %), writing (60–100 %). */
function percentOf(progress: ImportProgress, readSoFar: number, totalRows: number): number {
  const part = (done: number, total: number | undefined) =>
    total && total > 0 ? Math.min(done / total, 1) : 0;
  if (progress.phase === 'reading') return Math.floor(30 * part(readSoFar, totalRows));
  if (progress.phase === 'deciding') return 30 + Math.floor(30 * part(progress.done, progress.total));
  return 60 + Math.floor(39 * part(progress.done, progress.total));
}

async function execute(
  store: EventStore,
  db: AnyDb,
  runId: string,
  request: ImportRequest,
  sinkFor: (store: EventStore) => CommandSink,
): Promise<void> {
  const runs = () => imports(db).updateTable('projections.import_runs').where('run_id', '=', runId);
  let opened: OpenedFile[] = [];
  try {
    const open = await openUploads(db, request.uploadIds);
    opened = open.opened;
    const mapping = mappingOf(request);
    const tables = await prepared(opened, request, mapping);
    let totalRows = 0;
    for (const { table } of tables) for await (const batch of table.rows()) totalRows += batch.length;
    // Progress is written at most every 250 ms (and at each new phase), one write at a time.
    const readByFile = new Map<string, number>();
    let last = 0;
    let lastPhase = '';
    let writing: Promise<unknown> = Promise.resolve();
    const onProgress = (p: ImportProgress) => {
      if (p.phase === 'reading') readByFile.set(p.file, p.done);
      const now = Date.now();
      if (p.phase === lastPhase && now - last < 250) return;
      last = now;
      lastPhase = p.phase;
      const read = [...readByFile.values()].reduce((n, d) => n + d, 0);
      const values = {
        phase: p.phase,
        done: p.phase === 'reading' ? read : p.done,
        total: p.phase === 'reading' ? totalRows : (p.total ?? 0),
        percent: percentOf(p, read, totalRows),
        heartbeat_at: new Date(),
      };
      writing = writing.then(() => runs().set(values).execute()).catch(() => {});
    };
    const report = await importTables(
      tables.map((t) => t.table),
      { sink: sinkFor(store), mapping, onProgress },
    );
    await writing;
    await runs()
      .set({
        status: report.status,
        phase: 'done',
        percent: 100,
        done: report.rows,
        total: report.rows,
        finished_at: new Date(),
        heartbeat_at: new Date(),
        rows: report.rows,
        appended: report.appended,
        duplicates: report.duplicates,
        rejected: report.rejected.length,
        report: JSON.stringify(report) as unknown as ImportReport,
      })
      .execute();
  } catch (error) {
    await runs()
      .set({
        status: 'failed',
        phase: 'done',
        finished_at: new Date(),
        error: error instanceof Error ? error.message : String(error),
      })
      .execute()
      .catch(() => {});
  } finally {
    await Promise.all(opened.map((o) => o.close()));
  }
}

export type RunView = Selectable<RunsTable> & { readonly interrupted: boolean };

const view = (row: Selectable<RunsTable>): RunView => ({
  ...row,
  interrupted: row.status === 'running' && Date.now() - row.heartbeat_at.getTime() > STALE_RUN_MS,
});

export async function importRun(db: AnyDb, runId: string): Promise<RunView | null> {
  const row = await imports(db)
    .selectFrom('projections.import_runs')
    .selectAll()
    .where('run_id', '=', runId)
    .executeTakeFirst();
  return row ? view(row) : null;
}

export async function importRuns(db: AnyDb, first: number): Promise<RunView[]> {
  const rows = await imports(db)
    .selectFrom('projections.import_runs')
    .selectAll()
    .orderBy('started_at', 'desc')
    .limit(first)
    .execute();
  return rows.map(view);
}

/** The uploads' ids of a run, to run it again (resume) with the same choices. */
export async function requestOf(db: AnyDb, runId: string): Promise<ImportRequest | null> {
  const row = await imports(db)
    .selectFrom('projections.import_runs')
    .select(['request'])
    .where('run_id', '=', runId)
    .executeTakeFirst();
  return row?.request ?? null;
}
