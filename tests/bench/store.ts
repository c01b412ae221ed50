/**
 * `pnpm bench store`: append and catch-up throughput of the PostgreSQL event store, next to
 * Emmett's PostgreSQL store doing the same appends against the same server in the same run.
 *
 * Each round runs both stores' workloads, alternating which goes first, after a warm-up
 * round that is not counted; every figure vs Emmett is the median of the per-round ratios
 * (a burst of load on a shared machine then spoils one round's pair, not the comparison).
 *
 * Environment: BENCH_DATABASE_URL / TEST_DATABASE_URL (default: the machine's PostgreSQL),
 * BENCH_STORE_EVENTS: size the table is grown to before the catch-up read and the
 * "grown table" append figures (default 1,000,000); BENCH_ROUNDS (default 5);
 * BENCH_STORE_DATABASE: the database it creates and drops (default one per process).
 */
import os from 'node:os';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import {
  DEFAULT_SUBSCRIBE_PAGE,
  migrateEventStore,
  type NewEvent,
  newEventId,
  PostgresEventStore,
} from '@trackrecord/eventstore';
import { SingleBar } from 'cli-progress';
import { dropDatabase, fmt, freshDatabase, printResult, rate } from './support.ts';

const TARGET_EVENTS = Number(process.env.BENCH_STORE_EVENTS ?? 1_000_000);
// One database per run: two runs on one server (the machine is shared) must not drop each other's.
const DB = process.env.BENCH_STORE_DATABASE || `tr_bench_store_${process.pid}`;
const SINGLE_APPENDS = 1_000;
const BATCH = 100;
const BATCHES = 200;
const WRITERS = 8;
const BATCHES_PER_WRITER = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const load = () => os.loadavg()[0]!;

const saleData = (i: number) => ({
  saleId: `sale-${i}`,
  employeeId: `emp-${i % 500}`,
  amount: 1_200_000 + (i % 977) * 100,
  grossMargin: 0.31,
  productLine: 'software',
  customerId: `cust-${i % 3000}`,
  customerType: 'enterprise',
  channel: 'direct',
  closedAt: '2026-11-01T10:00:00.000Z',
});
const ourEvent = (i: number): NewEvent => ({
  id: newEventId(),
  type: 'SaleClosed',
  schemaVersion: 2,
  data: saleData(i),
  metadata: { actor: 'bench', source: 'crm', correlationId: `c-${i}` },
});
const emmettEvent = (i: number) => ({
  type: 'SaleClosed',
  data: saleData(i),
  metadata: { actor: 'bench', source: 'crm', correlationId: `c-${i}` },
});

type Appender = (stream: string, count: number, base: number) => Promise<unknown>;
type Figures = { single: number; batch: number; batch8: number; single8: number };

let sequence = 0;
/** Hands out `count` consecutive numbers, so every event of a run has its own data. */
const take = (count: number) => {
  const base = sequence;
  sequence += count;
  return base;
};

/** The four append workloads once (`scale` < 1: a shorter warm-up); each figure in events/s. */
async function workloads(label: string, append: Appender, scale = 1): Promise<Figures> {
  const singles = Math.round(SINGLE_APPENDS * scale);
  const batches = Math.max(1, Math.round(BATCHES * scale));
  const perWriter = Math.max(1, Math.round(BATCHES_PER_WRITER * scale));
  const single = await rate(singles, async () => {
    for (let i = 0; i < singles; i++) {
      const n = take(1);
      await append(`${label}-single-${n}`, 1, n);
    }
  });
  const batch = await rate(BATCH * batches, async () => {
    for (let i = 0; i < batches; i++) {
      const n = take(BATCH);
      await append(`${label}-batch-${n}`, BATCH, n);
    }
  });
  const batch8 = await rate(BATCH * perWriter * WRITERS, async () => {
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        for (let i = 0; i < perWriter; i++) await append(`${label}-w-${take(1)}`, BATCH, take(BATCH));
      }),
    );
  });
  const single8 = await rate(singles, async () => {
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        for (let i = 0; i < singles / WRITERS; i++) {
          const n = take(1);
          await append(`${label}-s-${n}`, 1, n);
        }
      }),
    );
  });
  return { single, batch, batch8, single8 };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const KINDS = ['single', 'batch', 'single8', 'batch8'] as const;
const line = (label: string, f: Figures) =>
  `${label.padEnd(12)} single ${fmt(f.single).padStart(6)} | batch ${fmt(f.batch).padStart(6)} | single x${WRITERS} ${fmt(f.single8).padStart(6)} | batch x${WRITERS} ${fmt(f.batch8).padStart(6)}  events/s`;

interface Comparison {
  /** Median over rounds of each store's figure. */
  ours: Figures;
  theirs: Figures;
  /** Median over rounds of ours / theirs, per workload. */
  ratio: Figures;
}

/**
 * One warm-up round of both stores (not counted), then `rounds` rounds, each running both
 * stores' workloads, odd rounds ours first, even rounds theirs first. Each round gives one
 * ratio per workload; the result is the median of those ratios.
 */
async function compare(rounds: number, ours: Appender, theirs: Appender): Promise<Comparison> {
  await workloads('warmup-ours', ours, 0.2);
  await workloads('warmup-theirs', theirs, 0.2);
  const list: { ours: Figures; theirs: Figures }[] = [];
  for (let round = 1; round <= rounds; round++) {
    const oursFirst = round % 2 === 1;
    const first = await workloads(oursFirst ? 'trackrecord' : 'emmett', oursFirst ? ours : theirs);
    const second = await workloads(oursFirst ? 'emmett' : 'trackrecord', oursFirst ? theirs : ours);
    const pair = oursFirst ? { ours: first, theirs: second } : { ours: second, theirs: first };
    list.push(pair);
    const ratios = KINDS.map((k) => `${k} ${(pair.ours[k] / pair.theirs[k]).toFixed(2)}x`).join(', ');
    console.log(`  round ${round} (${oursFirst ? 'ours' : 'emmett'} first, load ${load().toFixed(1)})`);
    console.log(`    ${line('trackrecord', pair.ours)}`);
    console.log(`    ${line('emmett', pair.theirs)}`);
    console.log(`    ratio: ${ratios}`);
  }
  const per = (pick: (p: { ours: Figures; theirs: Figures }) => Figures) =>
    Object.fromEntries(KINDS.map((k) => [k, median(list.map((p) => pick(p)[k]))])) as Figures;
  return {
    ours: per((p) => p.ours),
    theirs: per((p) => p.theirs),
    ratio: Object.fromEntries(
      KINDS.map((k) => [k, median(list.map((p) => p.ours[k] / p.theirs[k]))]),
    ) as Figures,
  };
}

async function growTo(url: string, target: number): Promise<void> {
  const store = new PostgresEventStore({ connectionString: url, poolSize: 1 });
  const have = Number(await store.headPosition());
  if (have >= target) return store.close();
  console.log(`growing the events table from ${fmt(have)} to ${fmt(target)} events (bulk SQL insert) ...`);
  const bar = new SingleBar({
    format: '  [{bar}] {percentage}% | {value}/{total} events | ETA {eta}s',
    stream: process.stderr,
    // In a log (no terminal) print a plain line every 5 s instead of redrawing.
    noTTYOutput: true,
    notTTYSchedule: 5000,
  });
  bar.start(target, have);
  const chunk = 200_000;
  for (let from = have + 1; from <= target; from += chunk) {
    const to = Math.min(target, from + chunk - 1);
    await store.pool.query(
      `INSERT INTO eventstore.events (stream_id, stream_revision, event_id, event_type, schema_version, data, metadata)
       SELECT 'grown-' || (g / 10), g % 10,
              -- time-ordered ids, as newEventId() makes them (UUIDv7 layout: time first)
              (lpad(to_hex(g), 12, '0') || '7' || substr(md5(g::text), 1, 19))::uuid, 'SaleClosed', 2,
              jsonb_build_object('saleId', 'sale-' || g, 'employeeId', 'emp-' || (g % 500), 'amount', 1200000 + g % 977,
                                 'grossMargin', 0.31, 'productLine', 'software', 'customerId', 'cust-' || (g % 3000),
                                 'customerType', 'enterprise', 'channel', 'direct', 'closedAt', '2026-11-01T10:00:00.000Z'),
              '{"actor":"bench","source":"crm"}'::jsonb
         FROM generate_series($1::bigint, $2::bigint) g`,
      [from, to],
    );
    bar.update(to);
  }
  bar.stop();
  await store.pool.query('VACUUM ANALYZE eventstore.events');
  await store.close();
}

/** The page a catch-up subscription reads when the consumer names none. */
const DEFAULT_PAGE = DEFAULT_SUBSCRIBE_PAGE;

async function catchUp(url: string, batchSize: number): Promise<{ perSecond: number; events: number }> {
  const store = new PostgresEventStore({ connectionString: url, poolSize: 2 });
  const head = await store.headPosition();
  const rates: number[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    let events = 0;
    rates.push(
      await rate(Number(head), async () => {
        for await (const batch of store.subscribeToAll({ after: 0n, maxBatchSize: batchSize })) {
          events += batch.events.length;
          if (batch.caughtUp) break;
        }
      }),
    );
    if (BigInt(events) !== head) throw new Error(`catch-up read ${events} events but the head is ${head}`);
  }
  await store.close();
  const perSecond = median(rates);
  console.log(
    `  batches of ${fmt(batchSize)}: ${rates.map(fmt).join(', ')} -> ${fmt(perSecond)} events/s over ${fmt(Number(head))} events`,
  );
  return { perSecond, events: Number(head) };
}

const url = await freshDatabase(DB);
const loadAtStart = load();
try {
  await migrateEventStore(url);
  // Group commit writes with one connection at a time; a third serves reads.
  const ours = new PostgresEventStore({ connectionString: url, poolSize: 3 });
  const emmett = getPostgreSQLEventStore(url, { connectionOptions: { max: WRITERS + 1 } } as never);
  await emmett.schema.migrate();

  const ourAppend: Appender = (stream, count, base) =>
    ours.appendToStream(
      stream,
      Array.from({ length: count }, (_, i) => ourEvent(base + i)),
    );
  const emmettAppend: Appender = (stream, count, base) =>
    emmett.appendToStream(
      stream,
      Array.from({ length: count }, (_, i) => emmettEvent(base + i)),
    );
  console.log(
    `appends: a warm-up, then ${ROUNDS} rounds alternating which store goes first (1 round = ${SINGLE_APPENDS} single appends, ${BATCHES} batches of ${BATCH}, ${WRITERS} writers x ${SINGLE_APPENDS / WRITERS} single, ${WRITERS} writers x ${BATCHES_PER_WRITER} batches of ${BATCH}; load ${loadAtStart.toFixed(1)}):`,
  );
  const { ours: a, theirs: e, ratio } = await compare(ROUNDS, ourAppend, emmettAppend);
  await emmett.close();
  const loadAfterAppends = load();
  console.log(`medians:\n    ${line('trackrecord', a)}\n    ${line('emmett', e)}`);
  console.log(
    `median of per-round ratios vs Emmett: 1 writer single ${ratio.single.toFixed(2)}x, batch ${ratio.batch.toFixed(2)}x; ${WRITERS} writers single ${ratio.single8.toFixed(2)}x, batch ${ratio.batch8.toFixed(2)}x (load ${loadAfterAppends.toFixed(1)})`,
  );

  await growTo(url, TARGET_EVENTS);
  console.log(`appends with ${fmt(TARGET_EVENTS)} events in the table:`);
  const grown = await workloads('grown', ourAppend);
  console.log(`    ${line('trackrecord', grown)}`);
  console.log(`    group commit: ${JSON.stringify(ours.appends.stats)}`);
  await ours.close();

  console.log(`catching up on $all from position 0, median of 3 (events/s; default page ${DEFAULT_PAGE}):`);
  const catchUps = new Map<number, { perSecond: number; events: number }>();
  for (const size of [1000, 2000, 5000]) catchUps.set(size, await catchUp(url, size));
  const catchDefault = catchUps.get(DEFAULT_PAGE) ?? (await catchUp(url, DEFAULT_PAGE));
  const loadAtEnd = load();
  console.log(
    `load average (1 min): ${loadAtStart.toFixed(1)} at the start, ${loadAtEnd.toFixed(1)} at the end`,
  );

  printResult('store', {
    ratio_vs_emmett_single: ratio.single,
    ratio_vs_emmett_batch: ratio.batch,
    ratio_vs_emmett_single_8writers: ratio.single8,
    ratio_vs_emmett_batch_8writers: ratio.batch8,
    append_single_per_s: a.single,
    append_batch_per_s: a.batch,
    append_single_8writers_per_s: a.single8,
    append_batch_8writers_per_s: a.batch8,
    emmett_append_single_per_s: e.single,
    emmett_append_batch_per_s: e.batch,
    emmett_append_single_8writers_per_s: e.single8,
    emmett_append_batch_8writers_per_s: e.batch8,
    catchup_per_s: catchDefault.perSecond,
    catchup_page: DEFAULT_PAGE,
    catchup_page1000_per_s: catchUps.get(1000)!.perSecond,
    catchup_page2000_per_s: catchUps.get(2000)!.perSecond,
    catchup_page5000_per_s: catchUps.get(5000)!.perSecond,
    catchup_events: catchDefault.events,
    grown_table_events: TARGET_EVENTS,
    append_single_grown_per_s: grown.single,
    append_batch_grown_per_s: grown.batch,
    append_single_8writers_grown_per_s: grown.single8,
    append_batch_8writers_grown_per_s: grown.batch8,
    rounds: ROUNDS,
    load_start: loadAtStart,
    load_after_appends: loadAfterAppends,
    load_end: loadAtEnd,
  });
} finally {
  if (!process.env.BENCH_KEEP) await dropDatabase(DB);
}
