/**
 * `pnpm bench import`: generates a company's history as CSV exports — employees (hired
 * first), then sales and payments, BENCH_IMPORT_ROWS rows of those two together (default
 * 200,000) — imports the employees, then measures `runImport` over the sales and payments:
 * a dry run (read, validate, decide in memory against the store: the importer's own pace), the
 * import through the command sink (the same, then written in appends of 5,000 commands:
 * `import_rows_per_s`), and a re-run, which must append nothing. The machine's 1-minute load
 * average at the end is printed with them (`load_average`): on a shared machine it says how
 * much of it the benchmark had.
 *
 * Environment: BENCH_IMPORT_ROWS (default 200000), BENCH_IMPORT_EMPLOYEES (default 500),
 * BENCH_DATABASE_URL (see support.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createDispatchSink, createPreviewSink, type ImportReport, runImport } from '@trackrecord/api';
import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import { Presets, SingleBar } from 'cli-progress';
import { dropDatabase, fmt, freshDatabase, printResult } from './support.ts';

const rows = Number(process.env.BENCH_IMPORT_ROWS ?? 200_000);
const employees = Number(process.env.BENCH_IMPORT_EMPLOYEES ?? 500);
if (!Number.isInteger(rows) || rows < 2) throw new Error('BENCH_IMPORT_ROWS must be a whole number ≥ 2');

/** A small seeded generator (mulberry32), so every run imports the same files. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = random(42);
const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)] as T;
const day = (start: string, offsetDays: number) =>
  new Date(Date.parse(`${start}T00:00:00Z`) + offsetDays * 86_400_000).toISOString().slice(0, 10);

const dir = await mkdtemp(path.join(tmpdir(), 'tr-bench-import-'));
const sales = Math.ceil(rows / 2);
const payments = rows - sales;
console.log(
  `generating ${fmt(employees)} employees, ${fmt(sales)} sales and ${fmt(payments)} payments in ${dir} ...`,
);
const levels = ['销售代表', '销售代表', '销售代表', '销售主管', '销售经理'];
const employeeLines = ['员工编号,姓名,分公司,团队,区域,上级,职级,入职日期,招聘匹配度'];
for (let i = 1; i <= employees; i++) {
  const branch = `BR-${1 + (i % 8)}`;
  employeeLines.push(
    `E${i},员工${i},${branch},${branch}-T${1 + (i % 5)},R-${1 + (i % 3)},,${pick(levels)},${day('2022-01-03', Math.floor(rnd() * 700))},${40 + Math.floor(rnd() * 60)}`,
  );
}
const saleLines = [
  'sale_id,employee_id,amount,gross_margin,product_line,customer_id,customer_type,channel,new_customer,cycle_days,closed_at',
];
const paymentLines = ['回款单号,销售单号,回款金额,回款日期'];
const amounts: number[] = [];
for (let i = 1; i <= sales; i++) {
  const fen = 100_000 + Math.floor(rnd() * 50_000_000);
  amounts.push(fen);
  saleLines.push(
    `S${i},E${1 + Math.floor(rnd() * employees)},${(fen / 100).toFixed(2)},${(0.1 + rnd() * 0.4).toFixed(3)},${pick(['erp-suite', 'crm-cloud', 'analytics', 'services'])},C${1 + Math.floor(rnd() * 20_000)},${pick(['key_account', 'smb', 'smb', 'individual'])},${pick(['direct', 'direct', 'channel_partner'])},${pick(['是', '否', '否'])},${Math.floor(rnd() * 120)},${day('2024-01-01', Math.floor(rnd() * 540))}`,
  );
}
for (let i = 1; i <= payments; i++) {
  const sale = 1 + ((i - 1) % sales);
  const fen = Math.max(1, Math.floor((amounts[sale - 1] as number) * (i <= sales ? 0.5 : 0.25)));
  paymentLines.push(`P${i},S${sale},${(fen / 100).toFixed(2)},${day('2025-07-01', Math.floor(rnd() * 90))}`);
}
const people = path.join(dir, 'people');
const history = path.join(dir, 'history');
await Promise.all([
  import('node:fs/promises').then((fs) => fs.mkdir(people)),
  import('node:fs/promises').then((fs) => fs.mkdir(history)),
]);
await writeFile(path.join(people, 'employees.csv'), `${employeeLines.join('\n')}\n`);
await writeFile(path.join(history, 'sales.csv'), `${saleLines.join('\n')}\n`);
await writeFile(path.join(history, 'payments.csv'), `${paymentLines.join('\n')}\n`);

const database = 'trackrecord_bench_import';
const url = await freshDatabase(database);
await migrateEventStore(url);
const store = new PostgresEventStore({ connectionString: url });
const sink = createDispatchSink(store);
try {
  const hired = await runImport([people], { sink });
  if (hired.status !== 'imported')
    throw new Error(`employees were not imported: ${JSON.stringify(hired.rejected.slice(0, 3))}`);
  console.log(`hired ${fmt(hired.appended)} employees in ${hired.seconds.toFixed(1)} s`);

  // The importer's own pace: read, validate and decide every row in memory, no writes.
  const dry = await runImport([history], { sink: createPreviewSink(store), dryRun: true });
  if (dry.rejected.length > 0)
    throw new Error(`dry run rejected rows: ${JSON.stringify(dry.rejected.slice(0, 3))}`);
  console.log(
    `dry run: ${fmt(dry.rows)} rows read, validated and decided in ${dry.seconds.toFixed(1)} s = ${fmt(dry.rowsPerSecond)} rows/s`,
  );

  const bar = new SingleBar(
    {
      format: '  {phase} [{bar}] {value}/{total} | {rate} rows/s | {file}',
      noTTYOutput: true,
      notTTYSchedule: 2000,
    },
    Presets.shades_classic,
  );
  bar.start(rows, 0, { phase: 'reading  ', rate: 0, file: '' });
  const started = Date.now();
  const report: ImportReport = await runImport([history], {
    sink,
    onProgress: (p) => {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      if (p.phase === 'reading') {
        bar.update(Math.min(p.done, rows), {
          phase: 'reading  ',
          rate: Math.round(p.done / seconds),
          file: path.basename(p.file),
        });
      } else {
        bar.setTotal(p.total ?? rows);
        bar.update(p.done, {
          phase: 'importing',
          rate: Math.round(p.done / seconds),
          file: path.basename(p.file),
        });
      }
    },
  });
  bar.stop();
  if (report.status !== 'imported') {
    throw new Error(`import ${report.status}: ${JSON.stringify(report.rejected.slice(0, 3))}`);
  }
  console.log(
    `imported ${fmt(report.rows)} rows (${fmt(report.appended)} commands) in ${report.seconds.toFixed(1)} s = ${fmt(report.rowsPerSecond)} rows/s, head position ${await store.headPosition()}`,
  );
  const again = await runImport([history], { sink });
  console.log(
    `re-run: ${fmt(again.appended)} new, ${fmt(again.duplicates)} already imported, ${again.seconds.toFixed(1)} s = ${fmt(again.rowsPerSecond)} rows/s`,
  );
  if (again.appended !== 0) throw new Error('a re-run appended events');
  printResult('import', {
    import_rows_per_s: report.rowsPerSecond,
    rows: report.rows,
    seconds: report.seconds,
    reimport_rows_per_s: again.rowsPerSecond,
    dry_run_rows_per_s: dry.rowsPerSecond,
    load_average: loadavg()[0] ?? 0,
  });
} finally {
  await store.close();
  await dropDatabase(database);
  await rm(dir, { recursive: true, force: true });
}
