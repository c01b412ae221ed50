import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { importReason, importWarning } from '../i18n/importReasons.ts';
import { CLEANINGS, type Cleaning, type CleaningSuggestion } from '../import/clean.ts';
import type { ImportReport, Rejection } from '../import/importer.ts';
import { IMPORT_KINDS, type ImportKind, KINDS } from '../import/kinds.ts';
import {
  type DescribedTable,
  describeUpload,
  dryRunImport,
  ImportInputError,
  type ImportRequest,
  importRun,
  importRuns,
  type RunView,
  requestOf,
  startImport,
  type TableCleaning,
} from '../import/uploads.ts';

/**
 * The import of the dashboard (HR): an uploaded file's tables with the suggested kind and
 * mapping, a dry run with every problem and the suggested cleaning, the import in the
 * background with its progress, and the history of imports with their reports. Files are
 * uploaded with `POST /imports/files?name=<file name>` (the body is the file).
 */
const IMPORT_ROLES = ['hr_admin'] as const;

const language = (ctx: Context) => ctx.language ?? 'en';

/** An unusable request, refused in the caller's language with the field it is about. */
async function refusingInput<T>(ctx: Context, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ImportInputError) {
      throw new GraphQLError(language(ctx) === 'zh' ? error.zh : error.en, {
        extensions: { code: 'BAD_USER_INPUT', field: error.field },
      });
    }
    throw error;
  }
}

const EN_LABELS: Record<string, string> = {
  at: 'date and time',
  closed_at: 'closing date',
  collected_at: 'collection date',
  refunded_at: 'refund date',
  hired_at: 'hiring date',
  left_at: 'leaving date',
  probation_end: 'end of probation',
  from_id: 'feedback giver',
  set_by: 'set by',
  cycle_days: 'sales cycle (days)',
};

/** A column's name as a person knows it: its first Chinese header, or its name in words. */
function columnLabel(kind: ImportKind, name: string, lang: 'zh' | 'en'): string {
  const column = KINDS[kind].columns.find((c) => c.name === name);
  if (!column) return name;
  if (lang === 'en') return EN_LABELS[name] ?? name.replace(/_id$/, '').replace(/_/g, ' ');
  return column.headers.find((h) => /[\u4e00-\u9fff]/.test(h)) ?? name;
}

const ImportColumnRef = builder
  .objectRef<{ kind: ImportKind; name: string; required: boolean }>('ImportColumn')
  .implement({
    description: 'A column the importer reads for a kind of export.',
    fields: (t) => ({
      name: t.exposeString('name', { description: 'Canonical name, e.g. employee_id, amount, closed_at.' }),
      required: t.exposeBoolean('required', { description: 'A row without it is rejected.' }),
      label: t.string({
        description: "The column as a person knows it, in the request's language (员工编号 / employee).",
        resolve: (c, _args, ctx) => columnLabel(c.kind, c.name, language(ctx)),
      }),
    }),
  });

const ImportKindRef = builder.objectRef<{ kind: ImportKind }>('ImportKindInfo').implement({
  description: 'A kind of export the importer understands, and its columns.',
  fields: (t) => ({
    kind: t.string({
      description: 'employees, sales, payments, refunds, followups, courses, mentoring, feedback or targets.',
      resolve: (k) => k.kind,
    }),
    columns: t.field({
      type: [ImportColumnRef],
      description: 'Its columns, required ones first as the importer lists them.',
      resolve: (k) =>
        KINDS[k.kind].columns.map((c) => ({ kind: k.kind, name: c.name, required: c.required })),
    }),
  }),
});

const ImportHeaderRef = builder
  .objectRef<{ header: string; column: string | null }>('ImportHeader')
  .implement({
    description: 'A header of the file and the column it is suggested to be read as.',
    fields: (t) => ({
      header: t.exposeString('header', { description: 'As written in the file.' }),
      column: t.exposeString('column', {
        nullable: true,
        description:
          'The canonical column suggested (remembered for the source, else built in); null: not imported.',
      }),
    }),
  });

const ImportSampleRowRef = builder.objectRef<readonly string[]>('ImportSampleRow').implement({
  description: 'A row of the file as text.',
  fields: (t) => ({
    cells: t.stringList({ description: 'A cell per header.', resolve: (r) => [...r] }),
  }),
});

const ImportTableRef = builder.objectRef<DescribedTable>('ImportTable').implement({
  description: 'A table of an uploaded file: the CSV file, or one sheet of a workbook.',
  fields: (t) => ({
    name: t.exposeString('name', {
      description: 'The file name, with #sheet for a sheet (sales.csv, branch.xlsx#销售).',
    }),
    sheet: t.exposeString('sheet', { nullable: true, description: 'The sheet, for a workbook.' }),
    rows: t.exposeInt('rows', { description: 'Data rows (the header excluded, blank rows skipped).' }),
    headers: t.field({
      type: [ImportHeaderRef],
      description: 'Every header, in order.',
      resolve: (x) => [...x.headers],
    }),
    sample: t.field({
      type: [ImportSampleRowRef],
      description: 'The first five rows as text.',
      resolve: (x) => [...x.sample],
    }),
    kind: t.exposeString('kind', {
      nullable: true,
      description: 'The kind suggested: remembered for the source, else told by the name; null when unknown.',
    }),
    rememberedBy: t.string({
      nullable: true,
      description:
        'Who last imported this source (its mapping is remembered); null when it was never imported.',
      resolve: (x) => x.remembered?.by ?? null,
    }),
    rememberedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the remembered mapping was saved.',
      resolve: (x) => x.remembered?.at ?? null,
    }),
  }),
});

const ImportUploadRef = builder
  .objectRef<Awaited<ReturnType<typeof describeUpload>>>('ImportUpload')
  .implement({
    description: 'An uploaded file and its tables.',
    fields: (t) => ({
      id: t.exposeID('id', { description: 'The upload, for dryRunImport and startImport.' }),
      fileName: t.exposeString('fileName', { description: 'As uploaded.' }),
      size: t.exposeInt('size', { description: 'Bytes.' }),
      uploadedAt: t.expose('uploadedAt', { type: 'DateTime', description: 'When it was uploaded.' }),
      tables: t.field({ type: [ImportTableRef], description: 'Its tables.', resolve: (u) => u.tables }),
    }),
  });

const ImportProblemRef = builder.objectRef<Rejection>('ImportProblem').implement({
  description: 'A rejected row, cell or header: where it is, what it holds and why.',
  fields: (t) => ({
    file: t.exposeString('file', { description: 'The file (with #sheet).' }),
    line: t.exposeInt('line', {
      description: 'Line of the file or row of the sheet (the header is line 1).',
    }),
    column: t.exposeString('column', {
      description: 'The column as headed in the file; "(row)" for the whole row.',
    }),
    value: t.exposeString('value', { description: 'What the cell holds.' }),
    reason: t.string({
      description: "Why it is refused, in the request's language.",
      resolve: (r, _args, ctx) => importReason(r, language(ctx)),
    }),
  }),
});

const ImportFileRef = builder.objectRef<ImportReport['files'][number]>('ImportFileSummary').implement({
  description: 'One table of an import and what became of it.',
  fields: (t) => ({
    file: t.exposeString('file', { description: 'The file (with #sheet).' }),
    kind: t.exposeString('kind', { nullable: true, description: 'Its kind; null when skipped.' }),
    rows: t.exposeInt('rows', { description: 'Rows read.' }),
    appended: t.exposeInt('appended', {
      description: 'Commands that wrote events (in a dry run: would write).',
    }),
    duplicates: t.exposeInt('duplicates', { description: 'Rows imported before: nothing new written.' }),
    rejected: t.exposeInt('rejected', { description: 'Problems found in it.' }),
    status: t.exposeString('status', {
      description: 'imported, previewed, rejected, refused, not attempted or skipped.',
    }),
  }),
});

const ImportReportRef = builder.objectRef<ImportReport>('ImportReport').implement({
  description: 'What an import did (or, in a dry run, would do).',
  fields: (t) => ({
    status: t.exposeString('status', {
      description:
        'imported; rejected (rows failed, nothing written); refused (the domain refused rows, nothing written); dry-run.',
    }),
    rows: t.exposeInt('rows', { description: 'Rows read.' }),
    appended: t.exposeInt('appended', { description: 'Commands that wrote events (dry run: would write).' }),
    duplicates: t.exposeInt('duplicates', { description: 'Rows imported before.' }),
    files: t.field({ type: [ImportFileRef], description: 'Each table.', resolve: (r) => r.files }),
    problems: t.field({
      type: [ImportProblemRef],
      description: 'Every rejected row, cell or header, by file, line and column.',
      resolve: (r) => r.rejected,
    }),
    warnings: t.stringList({
      description: "Columns not imported and sheets skipped, in the request's language.",
      resolve: (r, _args, ctx) => r.warnings.map((w) => importWarning(w, language(ctx))),
    }),
    seconds: t.exposeFloat('seconds', { description: 'How long it took.' }),
  }),
});

const ImportCleaningEnum = builder.enumType('ImportCleaning', {
  description:
    'Suggested cleaning: TRIM blanks around cells; FULL_WIDTH digits and signs as ASCII; AMOUNTS as plain yuan (￥1,280.00 → 1280.00); DATES as 2025-03-01; DUPLICATES rows dropped.',
  values: {
    TRIM: { value: 'trim' as const },
    FULL_WIDTH: { value: 'fullWidth' as const },
    AMOUNTS: { value: 'amounts' as const },
    DATES: { value: 'dates' as const },
    DUPLICATES: { value: 'duplicates' as const },
  },
});

const CleaningChangeRef = builder
  .objectRef<CleaningSuggestion['examples'][number]>('ImportCleaningChange')
  .implement({
    description: 'A cell (or a repeated row) before and after the cleaning.',
    fields: (t) => ({
      line: t.exposeInt('line', { description: 'Line in the file.' }),
      column: t.exposeString('column', { description: 'The header; empty for a whole row.' }),
      before: t.exposeString('before', { description: 'As in the file.' }),
      after: t.exposeString('after', { description: 'After the cleaning; empty for a dropped row.' }),
      duplicateOf: t.exposeInt('duplicateOf', {
        nullable: true,
        description: 'For a repeated row: the line it repeats.',
      }),
    }),
  });

const CleaningSuggestionRef = builder.objectRef<CleaningSuggestion>('ImportCleaningSuggestion').implement({
  description: 'A cleaning that would change the table, with examples.',
  fields: (t) => ({
    rule: t.field({ type: ImportCleaningEnum, description: 'The cleaning.', resolve: (s) => s.rule }),
    count: t.exposeInt('count', { description: 'Cells (rows, for duplicates) it changes.' }),
    examples: t.field({
      type: [CleaningChangeRef],
      description: 'The first five changes.',
      resolve: (s) => [...s.examples],
    }),
  }),
});

const TableCleaningRef = builder.objectRef<TableCleaning>('ImportTableCleaning').implement({
  description: "A table's suggested cleaning.",
  fields: (t) => ({
    table: t.exposeString('table', { description: 'The table (file, with #sheet).' }),
    suggestions: t.field({
      type: [CleaningSuggestionRef],
      description: 'Each cleaning that changes something.',
      resolve: (c) => [...c.suggestions],
    }),
  }),
});

const ImportCheckRef = builder.objectRef<Awaited<ReturnType<typeof dryRunImport>>>('ImportCheck').implement({
  description: 'A dry run: what the import would do, nothing written, and the suggested cleaning.',
  fields: (t) => ({
    report: t.field({ type: ImportReportRef, description: 'The dry run report.', resolve: (c) => c.report }),
    cleaning: t.field({ type: [TableCleaningRef], description: 'Per table.', resolve: (c) => c.cleaning }),
  }),
});

const ImportRunRef = builder.objectRef<RunView>('ImportRun').implement({
  description: 'An import from the dashboard: its progress, then its report.',
  fields: (t) => ({
    id: t.exposeID('run_id', { description: 'The run.' }),
    files: t.exposeStringList('files', { description: 'The files imported.' }),
    status: t.string({
      description:
        'running; interrupted (its server stopped: run it again to resume); imported; rejected; refused; failed.',
      resolve: (r) => (r.interrupted ? 'interrupted' : r.status),
    }),
    phase: t.exposeString('phase', { description: 'reading, deciding, importing or done.' }),
    done: t.exposeInt('done', { description: 'Rows read, or commands decided or written, in the phase.' }),
    total: t.exposeInt('total', { description: 'Of the phase.' }),
    percent: t.exposeInt('percent', { description: 'Of the whole import, 0–100; 100 once it ended.' }),
    startedBy: t.exposeString('started_by_name', { description: 'Who started it.' }),
    startedAt: t.expose('started_at', { type: 'DateTime', description: 'When.' }),
    finishedAt: t.expose('finished_at', { type: 'DateTime', nullable: true, description: 'When it ended.' }),
    rows: t.exposeInt('rows', { nullable: true, description: 'Rows read.' }),
    appended: t.exposeInt('appended', { nullable: true, description: 'Commands that wrote events.' }),
    duplicates: t.exposeInt('duplicates', { nullable: true, description: 'Rows imported before.' }),
    problems: t.exposeInt('rejected', { nullable: true, description: 'Problems found.' }),
    error: t.exposeString('error', { nullable: true, description: 'Why it failed, when it failed.' }),
    report: t.field({
      type: ImportReportRef,
      nullable: true,
      description: 'Once it ended.',
      resolve: (r) => r.report,
    }),
  }),
});

const ImportColumnInput = builder.inputType('ImportColumnInput', {
  description: 'A header of the file and the column it is read as.',
  fields: (t) => ({
    header: t.string({ required: true, description: 'As written in the file.' }),
    column: t.string({ description: 'The canonical column; null or absent: not imported.' }),
  }),
});
const ImportTableInput = builder.inputType('ImportTableInput', {
  description: "A table's kind and columns.",
  fields: (t) => ({
    table: t.string({ required: true, description: 'ImportTable.name.' }),
    kind: t.string({ description: 'Its kind; null or absent: not imported.' }),
    columns: t.field({ type: [ImportColumnInput], required: true, description: 'Every header.' }),
  }),
});
const ImportInput = builder.inputType('ImportInput', {
  description: 'What to import: the uploaded files, each table with its kind and columns, and the cleaning.',
  fields: (t) => ({
    uploadIds: t.idList({ required: true, description: 'Uploaded files (POST /imports/files).' }),
    tables: t.field({ type: [ImportTableInput], required: true, description: 'Each table to import.' }),
    cleaning: t.field({ type: [ImportCleaningEnum], required: true, description: 'The cleaning to apply.' }),
  }),
});

type InputShape = {
  uploadIds: (string | number)[];
  tables: { table: string; kind?: string | null; columns: { header: string; column?: string | null }[] }[];
  cleaning: Cleaning[];
};
const requestFrom = (input: InputShape): ImportRequest => ({
  uploadIds: input.uploadIds.map(String),
  tables: input.tables.map((t) => ({
    table: t.table,
    kind: (t.kind ?? null) as ImportKind | null,
    columns: t.columns.map((c) => ({ header: c.header, column: c.column ?? null })),
  })),
  cleaning: input.cleaning.filter((c) => (CLEANINGS as readonly string[]).includes(c)),
});

builder.queryField('importKinds', (t) =>
  t.withAuth({ roles: [...IMPORT_ROLES] }).field({
    type: [ImportKindRef],
    description: 'The kinds of export the importer understands, with their columns (HR).',
    resolve: () => IMPORT_KINDS.map((kind) => ({ kind })),
  }),
);

builder.queryField('importUpload', (t) =>
  t.withAuth({ roles: [...IMPORT_ROLES] }).field({
    type: ImportUploadRef,
    description: 'An uploaded file: its tables, the suggested kind and mapping (HR).',
    args: { id: t.arg.id({ required: true, description: 'The upload.' }) },
    resolve: (_root, args, ctx) => refusingInput(ctx, () => describeUpload(ctx.db, String(args.id))),
  }),
);

builder.queryField('importRun', (t) =>
  t.withAuth({ roles: [...IMPORT_ROLES] }).field({
    type: ImportRunRef,
    nullable: true,
    description: 'An import: its progress while it runs, then its report (HR).',
    args: { id: t.arg.id({ required: true, description: 'The run.' }) },
    resolve: (_root, args, ctx) => importRun(ctx.db, String(args.id)),
  }),
);

builder.queryField('importRuns', (t) =>
  t.withAuth({ roles: [...IMPORT_ROLES] }).field({
    type: [ImportRunRef],
    description:
      'The imports from the dashboard, newest first: who, when, files, rows, events, problems (HR).',
    args: { first: t.arg.int({ defaultValue: 20, description: 'How many (at most 100).' }) },
    resolve: (_root, args, ctx) => importRuns(ctx.db, Math.min(Math.max(args.first ?? 20, 1), 100)),
  }),
);

builder.mutationField('dryRunImport', (t) =>
  t.withAuth({ roles: [...IMPORT_ROLES] }).field({
    type: ImportCheckRef,
    description:
      'Reads and checks every row and decides it against the store, as the import would, writing nothing; with the suggested cleaning (HR).',
    args: { input: t.arg({ type: ImportInput, required: true, description: 'What to check.' }) },
    resolve: (_root, args, ctx) =>
      refusingInput(ctx, () => dryRunImport(ctx.store, ctx.db, requestFrom(args.input as InputShape))),
  }),
);

builder.mutationField('startImport', (t) =>
  t.withAuth({ roles: [...IMPORT_ROLES] }).field({
    type: ImportRunRef,
    description:
      'Starts the import in the background (all or nothing, resumable by row, as `pnpm cli import`) and remembers the mapping of each source; poll importRun for its progress (HR).',
    args: { input: t.arg({ type: ImportInput, required: true, description: 'What to import.' }) },
    resolve: (_root, args, ctx) =>
      refusingInput(ctx, async () => {
        const id = await startImport(
          ctx.store,
          ctx.db,
          { userId: ctx.viewer.userId, name: ctx.viewer.name },
          requestFrom(args.input as InputShape),
        );
        return (await importRun(ctx.db, id)) as RunView;
      }),
  }),
);

builder.mutationField('resumeImport', (t) =>
  t.withAuth({ roles: [...IMPORT_ROLES] }).field({
    type: ImportRunRef,
    description:
      'Runs an interrupted or refused import again with the same files and choices: rows already stored count as already imported (HR).',
    args: { id: t.arg.id({ required: true, description: 'The run to run again.' }) },
    resolve: (_root, args, ctx) =>
      refusingInput(ctx, async () => {
        const request = await requestOf(ctx.db, String(args.id));
        if (!request) throw new ImportInputError(`no import ${args.id}`, `找不到导入记录 ${args.id}`, 'id');
        const id = await startImport(
          ctx.store,
          ctx.db,
          { userId: ctx.viewer.userId, name: ctx.viewer.name },
          request,
        );
        return (await importRun(ctx.db, id)) as RunView;
      }),
  }),
);
