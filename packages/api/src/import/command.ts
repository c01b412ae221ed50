import { parseArgs } from 'node:util';
import type { EventStore } from '@trackrecord/eventstore';
import { MultiBar, Presets } from 'cli-progress';
import { runImport } from './importer.ts';
import { IMPORT_KINDS, type ImportKind } from './kinds.ts';
import { DEFAULT_MAPPING, loadMapping } from './mapping.ts';
import { defaultReportBase, formatReport, writeReport } from './report.ts';
import { type CommandSink, createDispatchSink, createPreviewSink } from './sink.ts';

export const IMPORT_USAGE = `  pnpm cli import <file|folder>… [--mapping mapping.json] [--dry-run] [--kind sales] [--report path/base]
                             import CSV / Excel exports (employees, sales, payments, refunds, followups, courses,
                             mentoring, feedback, targets); writes <base>.report.json and .csv next to the input`;

/**
 * `pnpm cli import`: parses the flags, opens the store through `openStore`, runs the import
 * with progress bars, prints and writes the report. Exit code 1 when rows were rejected.
 */
export async function importCommand(
  argv: string[],
  openStore: () => Promise<EventStore>,
  log: (line: string) => void,
  /** The bus's batch dispatch, when it exists; the default loops over `dispatch`. */
  sinkFor: (store: EventStore) => CommandSink = createDispatchSink,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      mapping: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      kind: { type: 'string' },
      report: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length === 0) throw new Error(`name a file or folder to import\n\n${IMPORT_USAGE}`);
  const kind = values.kind;
  if (kind !== undefined && !(IMPORT_KINDS as readonly string[]).includes(kind)) {
    throw new Error(`--kind must be one of ${IMPORT_KINDS.join(', ')}, got "${kind}"`);
  }
  const mapping = values.mapping ? await loadMapping(values.mapping) : DEFAULT_MAPPING;
  const dryRun = values['dry-run'];
  const store = await openStore();
  const bars = new MultiBar(
    {
      format: '  {phase} [{bar}] {value}/{total} rows | {rate} rows/s | {file}',
      noTTYOutput: true,
      notTTYSchedule: 2000,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  const bar = bars.create(1, 0, { phase: 'reading  ', rate: 0, file: '' });
  const started = Date.now();
  let phase = '';
  let phaseStarted = started;
  const report = await runImport(positionals, {
    sink: dryRun ? createPreviewSink(store) : sinkFor(store),
    dryRun,
    mapping,
    ...(kind ? { kind: kind as ImportKind } : {}),
    onProgress: (p) => {
      const key = `${p.phase} ${p.file}`;
      if (key !== phase) {
        phase = key;
        phaseStarted = Date.now();
      }
      const seconds = Math.max((Date.now() - phaseStarted) / 1000, 0.001);
      bar.setTotal(p.total ?? Math.max(p.done, 1));
      bar.update(p.done, {
        phase:
          p.phase === 'reading' ? 'reading  ' : p.phase === 'deciding' || dryRun ? 'checking ' : 'importing',
        rate: Math.round(p.done / seconds),
        file: p.file,
      });
    },
  });
  bars.stop();
  console.log(formatReport(report));
  const base = values.report ?? (await defaultReportBase(positionals[0] as string));
  const written = await writeReport(report, base);
  log(`report: ${written.json}, rejected rows: ${written.csv}`);
  return report.status === 'imported' || (report.status === 'dry-run' && report.rejected.length === 0)
    ? 0
    : 1;
}
