/**
 * `pnpm bench projections`: rebuild throughput of every registered read model together over a
 * simulated company, and, as the physical reference, the same rows written with PostgreSQL
 * `COPY` into tables of the same shape (same indexes) on the same server, in the same run.
 * It does so at two history sizes, so that the cost per event (µs/event) of a small and a large
 * history can be compared: it should not grow with the history.
 *
 * Environment: BENCH_DATABASE_URL / TEST_DATABASE_URL (default: the machine's PostgreSQL);
 * BENCH_PROJECTIONS_EVENTS: events in the large store (default 1,000,000);
 * BENCH_PROJECTIONS_SMALL: events in the small store (default 200,000; 0 skips it). Each history
 * is generated once into its own database (`tr_bench_projections` for the large one,
 * `tr_bench_projections_<events>` for the small; BENCH_PROJECTIONS_DB changes the prefix) and
 * reused by later runs while it holds at least that many (BENCH_PROJECTIONS_FRESH=1 generates
 * them again). BENCH_PROJECTIONS_BATCH: events per page of `$all` (default 5,000);
 * BENCH_PROJECTIONS_BATCH_EVENTS: events of its own types a projection commits per batch
 * transaction (default 20,000, as `rebuildProjections` does when not told a batch size);
 * BENCH_PROJECTIONS_UNLOGGED=0 fills the scratch tables logged instead of unlogged;
 * BENCH_PROJECTIONS_EACH=0 skips rebuilding each read model alone afterwards (the
 * per-projection profile, large history only). BENCH_PROJECTIONS_GOLDEN=<file>: the md5 of
 * every read-model table (rows ordered) after each rebuild is written to that file when it does
 * not exist, else compared with it (`checksums_match` in the result), so that read models
 * rebuilt by two versions of the code can be proven identical.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import { createDb, migrateReadModels, projections, rebuildProjections } from '@trackrecord/projections';
import { appendSimulatedCompany } from '@trackrecord/projections/testing';
import { simulationConfig } from '@trackrecord/simulator';
import { Presets, SingleBar } from 'cli-progress';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { benchServerUrl, fmt, freshDatabase, printResult } from './support.ts';

const TARGET = Number(process.env.BENCH_PROJECTIONS_EVENTS ?? 1_000_000);
const BATCH = Number(process.env.BENCH_PROJECTIONS_BATCH ?? 5_000);
const BATCH_EVENTS = Number(process.env.BENCH_PROJECTIONS_BATCH_EVENTS ?? 20_000);
const UNLOGGED = process.env.BENCH_PROJECTIONS_UNLOGGED !== '0';
const EACH = process.env.BENCH_PROJECTIONS_EACH !== '0';
const DB = 'tr_bench_projections';
/** Events the simulator makes per employee over its default 60 weeks (measured: about 915). */
const EVENTS_PER_EMPLOYEE = 900;

if (!Number.isInteger(TARGET) || TARGET < 1)
  throw new Error('BENCH_PROJECTIONS_EVENTS must be a positive integer');
if (!Number.isInteger(BATCH) || BATCH < 1 || BATCH > 10_000)
  throw new Error('BENCH_PROJECTIONS_BATCH must be an integer from 1 to 10,000');
if (!Number.isInteger(BATCH_EVENTS) || BATCH_EVENTS < 1 || BATCH_EVENTS > 50_000)
  throw new Error('BENCH_PROJECTIONS_BATCH_EVENTS must be an integer from 1 to 50,000');

const SMALL = Number(process.env.BENCH_PROJECTIONS_SMALL ?? 200_000);
const PREFIX = process.env.BENCH_PROJECTIONS_DB ?? DB;
const GOLDEN = process.env.BENCH_PROJECTIONS_GOLDEN;
if (!Number.isInteger(SMALL) || SMALL < 0 || (SMALL > 0 && SMALL >= TARGET))
  throw new Error('BENCH_PROJECTIONS_SMALL must be 0 or an integer below BENCH_PROJECTIONS_EVENTS');

interface SizeResult {
  events: number;
  seconds: number;
  rows: number;
  copyRate: number;
  load: number;
  checksums: Record<string, string>;
}

const sizes = SMALL > 0 ? [SMALL, TARGET] : [TARGET];
const results: SizeResult[] = [];
for (const size of sizes) results.push(await benchSize(size, size === TARGET ? PREFIX : `${PREFIX}_${size}`));

let checksumsMatch = -1;
if (GOLDEN) {
  const current = Object.fromEntries(sizes.map((size, i) => [String(size), results[i]!.checksums]));
  if (!existsSync(GOLDEN)) {
    writeFileSync(GOLDEN, `${JSON.stringify(current, null, 2)}\n`);
    console.log(`checksums of every read-model table written to ${GOLDEN}`);
  } else {
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, Record<string, string>>;
    const differ: string[] = [];
    let compared = 0;
    for (const [size, tables] of Object.entries(current)) {
      const expected = golden[size];
      if (!expected) continue;
      for (const [table, sum] of Object.entries(tables)) {
        if (!(table in expected)) continue;
        compared++;
        if (expected[table] !== sum) differ.push(`${size}:${table}`);
      }
    }
    checksumsMatch = differ.length === 0 && compared > 0 ? 1 : 0;
    console.log(
      differ.length === 0
        ? `checksums: all ${compared} tables identical to ${GOLDEN}`
        : `checksums: ${differ.length} of ${compared} tables differ from ${GOLDEN}: ${differ.join(', ')}`,
    );
  }
}

const large = results[results.length - 1]!;
const small = results.length > 1 ? results[0]! : undefined;
const usPerEvent = (r: SizeResult) => (r.seconds * 1e6) / r.events;
const rebuildRowsPerS = large.rows / large.seconds;
console.log(
  `summary: ${sizes.map((size, i) => `${fmt(size)} events ${usPerEvent(results[i]!).toFixed(1)} µs/event`).join(', ')}; rows written ${fmt(rebuildRowsPerS)}/s vs COPY ${fmt(large.copyRate)}/s (${(rebuildRowsPerS / large.copyRate).toFixed(3)}×)`,
);
printResult('projections', {
  rebuild_events_per_s: Math.round(large.events / large.seconds),
  rebuild_rows_per_s: Math.round(rebuildRowsPerS),
  copy_rows_per_s: Math.round(large.copyRate),
  rows_vs_copy: rebuildRowsPerS / large.copyRate,
  events: large.events,
  read_model_rows: large.rows,
  rebuild_seconds: large.seconds,
  us_per_event: usPerEvent(large),
  ...(small
    ? {
        events_small: small.events,
        us_per_event_small: usPerEvent(small),
        us_per_event_growth: usPerEvent(large) / usPerEvent(small),
        load_average_1m_small: small.load,
      }
    : {}),
  checksums_match: checksumsMatch,
  load_average_1m: large.load,
});

async function benchSize(target: number, dbName: string): Promise<SizeResult> {
  console.log(`— history of ${fmt(target)} events (database ${dbName})`);
  const url = await reuseOrCreate(dbName, target);
  await migrateEventStore(url);
  await migrateReadModels(url);
  const store = new PostgresEventStore({ connectionString: url });
  const db = createDb<unknown>(url, Math.max(10, projections.length + 4));

  let head = await store.headPosition();
  if (head < BigInt(target)) {
    const employees = Math.ceil(target / EVENTS_PER_EMPLOYEE);
    console.log(
      `generating ${fmt(target)} events: a simulated company of ${fmt(employees)} employees over 60 weeks, every command through the domain's deciders`,
    );
    const bar = progressBar('generating', 'events');
    const started = Date.now();
    bar.start(target, 0, { rate: 0 });
    await appendSimulatedCompany(store, simulationConfig({ seed: 1, employees }), {
      maxEvents: target,
      onProgress: (events) =>
        bar.update(Math.min(events, target), { rate: fmt(events / ((Date.now() - started) / 1000)) }),
    });
    bar.stop();
    head = await store.headPosition();
    await store.pool.query('VACUUM ANALYZE eventstore.events');
    console.log(`  store holds ${fmt(Number(head))} events (kept in database ${dbName} for the next run)`);
  } else {
    console.log(`reusing ${fmt(Number(head))} events in database ${dbName}`);
  }

  console.log(
    `rebuilding ${projections.length} read model(s) together (${projections.map((p) => p.name).join(', ')}): pages of ${fmt(BATCH)} events, batches of ${fmt(BATCH_EVENTS)} events per projection, scratch tables ${UNLOGGED ? 'unlogged' : 'logged'}`,
  );
  const bar = progressBar('rebuilding', 'events');
  const started = Date.now();
  bar.start(Number(head), 0, { rate: 0 });
  const result = await rebuildProjections(store, db, projections, {
    batchSize: BATCH,
    batchEvents: BATCH_EVENTS,
    unlogged: UNLOGGED,
    resume: false,
    onProgress: ({ events }) => bar.update(events, { rate: fmt(events / ((Date.now() - started) / 1000)) }),
  });
  bar.stop();
  const rebuildRate = result.events / result.seconds;
  const loadAfterRebuild = loadavg()[0] ?? 0;
  console.log(
    `  load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (${cpus().length} cores)`,
  );
  console.log(
    `  ${fmt(result.events)} events in ${result.seconds.toFixed(1)} s: ${fmt(rebuildRate)} events/s, ${((result.seconds * 1e6) / result.events).toFixed(1)} µs/event (waiting for $all pages: ${fmt(result.readWaitMs)} ms)`,
  );
  console.log('  per projection (time in apply / in batch transactions / SET LOGGED / swap, all in ms):');
  for (const p of [...result.projections].sort((a, b) => b.transactionMs - a.transactionMs)) {
    console.log(
      `    ${p.projection.padEnd(20)} ${fmt(p.relevantEvents).padStart(10)} events in ${fmt(p.batches).padStart(4)} batches | apply ${fmt(p.applyMs).padStart(7)} | transactions ${fmt(p.transactionMs).padStart(7)} | ${fmt(p.relevantEvents / Math.max(p.transactionMs / 1000, 0.001)).padStart(9)} events/s | set logged ${fmt(p.setLoggedMs).padStart(6)} | swap ${fmt(p.swapMs).padStart(5)}`,
    );
  }

  // Each projection alone, so one's time is not blurred by the others sharing the Node thread.
  if (EACH && projections.length > 1 && target === TARGET) {
    console.log('each read model rebuilt alone (same pages), to see which one is slow:');
    for (const projection of projections) {
      const alone = await rebuildProjections(store, db, [projection], {
        batchSize: BATCH,
        batchEvents: BATCH_EVENTS,
        unlogged: UNLOGGED,
        resume: false,
      });
      const stats = alone.projections[0]!;
      console.log(
        `    ${projection.name.padEnd(20)} ${fmt(alone.events / alone.seconds).padStart(9)} events/s of $all | ${alone.seconds.toFixed(1).padStart(5)} s | apply ${fmt(stats.applyMs).padStart(7)} ms for ${fmt(stats.relevantEvents)} relevant events (${fmt(stats.relevantEvents / Math.max(stats.applyMs / 1000, 0.001))}/s) | set logged ${fmt(stats.setLoggedMs)} ms`,
      );
    }
  }

  // The physical reference: the rows the rebuild produced, written again with COPY into fresh
  // tables of the same shape (indexes included), logged, in one transaction per table.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let rows = 0;
  let copyMs = 0;
  const checksums: Record<string, string> = {};
  await client.query('DROP SCHEMA IF EXISTS bench_copy CASCADE; CREATE SCHEMA bench_copy');
  for (const projection of projections) {
    for (const table of projection.tables) {
      const source = `read.${pg.escapeIdentifier(table)}`;
      const target = `bench_copy.${pg.escapeIdentifier(table)}`;
      const chunks: Buffer[] = [];
      for await (const chunk of client.query(copyTo(`COPY ${source} TO STDOUT (FORMAT binary)`)))
        chunks.push(chunk as Buffer);
      const count = Number((await client.query(`SELECT count(*) AS n FROM ${source}`)).rows[0].n);
      await client.query(`CREATE TABLE ${target} (LIKE ${source} INCLUDING ALL)`);
      const t0 = performance.now();
      await client.query('BEGIN');
      const sink = client.query(copyFrom(`COPY ${target} FROM STDIN (FORMAT binary)`));
      await new Promise<void>((resolve, reject) => {
        sink.on('finish', resolve);
        sink.on('error', reject);
        for (const chunk of chunks) sink.write(chunk);
        sink.end();
      });
      await client.query('COMMIT');
      copyMs += performance.now() - t0;
      rows += count;
      // Every row in a total order (its text), so two rebuilds with the same rows agree.
      const sum = await client.query<{ md5: string }>(
        `SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE "C"), '')) AS md5 FROM ${source} t`,
      );
      checksums[`${projection.name}.${table}`] = sum.rows[0]!.md5;
    }
  }
  await client.query('DROP SCHEMA bench_copy CASCADE');
  await client.end();
  const copyRate = rows / (copyMs / 1000);
  console.log(
    `COPY reference: the ${fmt(rows)} read-model rows the rebuild wrote, written again with COPY in ${fmt(copyMs)} ms: ${fmt(copyRate)} rows/s`,
  );
  console.log(
    `  (the rebuild wrote those rows at ${fmt(rows / result.seconds)} rows/s, ${((rows / result.seconds / copyRate) * 100).toFixed(1)}% of COPY, from ${fmt(result.events)} events)`,
  );

  await db.destroy();
  await store.close();
  return {
    events: result.events,
    seconds: result.seconds,
    rows,
    copyRate,
    load: loadAfterRebuild,
    checksums,
  };
}

function progressBar(label: string, unit: string) {
  return new SingleBar(
    {
      format: `  ${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}`,
      noTTYOutput: true,
      notTTYSchedule: 2000,
      formatValue: (v, _o, type) => (type === 'value' || type === 'total' ? fmt(v) : String(v)),
    },
    Presets.shades_classic,
  );
}

/** The bench database when it already holds enough events; else a fresh one. */
async function reuseOrCreate(name: string, events: number): Promise<string> {
  const admin = new pg.Client({ connectionString: benchServerUrl() });
  await admin.connect();
  let exists = false;
  try {
    exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await admin.end();
  }
  const existing = new URL(benchServerUrl());
  existing.pathname = `/${name}`;
  if (exists && process.env.BENCH_PROJECTIONS_FRESH !== '1') {
    const probe = new pg.Client({ connectionString: existing.toString() });
    await probe.connect();
    try {
      const { rows } = await probe.query<{ n: string | null }>(
        "SELECT CASE WHEN to_regclass('eventstore.events') IS NULL THEN NULL ELSE (SELECT max(global_position) FROM eventstore.events) END AS n",
      );
      if (BigInt(rows[0]?.n ?? 0) >= BigInt(events)) return existing.toString();
    } finally {
      await probe.end();
    }
  }
  return freshDatabase(name);
}
