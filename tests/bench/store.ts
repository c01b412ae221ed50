/**
 * `pnpm bench store`: append and catch-up throughput of the PostgreSQL event store, next to
 * Emmett's PostgreSQL store doing the same appends against the same server in the same run.
 *
 * Environment: BENCH_DATABASE_URL / TEST_DATABASE_URL (default: the machine's PostgreSQL),
 * BENCH_STORE_EVENTS: size the table is grown to before the catch-up read and the
 * "grown table" append figures (default 1,000,000).
 */
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { migrateEventStore, type NewEvent, newEventId, PostgresEventStore } from '@trackrecord/eventstore';
import { SingleBar } from 'cli-progress';
import { dropDatabase, fmt, freshDatabase, printResult, rate } from './support.ts';

const TARGET_EVENTS = Number(process.env.BENCH_STORE_EVENTS ?? 1_000_000);
const DB = 'tr_bench_store';
const SINGLE_APPENDS = 2_000;
const BATCH = 100;
const BATCHES = 200;
const WRITERS = 8;
const BATCHES_PER_WRITER = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

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

/** The four append workloads once; each figure in events/s. */
async function workloads(label: string, append: Appender): Promise<Figures> {
  const single = await rate(SINGLE_APPENDS, async () => {
    for (let i = 0; i < SINGLE_APPENDS; i++) {
      const n = take(1);
      await append(`${label}-single-${n}`, 1, n);
    }
  });
  const batch = await rate(BATCH * BATCHES, async () => {
    for (let i = 0; i < BATCHES; i++) {
      const n = take(BATCH);
      await append(`${label}-batch-${n}`, BATCH, n);
    }
  });
  const batch8 = await rate(BATCH * BATCHES_PER_WRITER * WRITERS, async () => {
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        for (let i = 0; i < BATCHES_PER_WRITER; i++)
          await append(`${label}-w-${take(1)}`, BATCH, take(BATCH));
      }),
    );
  });
  const single8 = await rate(SINGLE_APPENDS, async () => {
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        for (let i = 0; i < SINGLE_APPENDS / WRITERS; i++) {
          const n = take(1);
          await append(`${label}-s-${n}`, 1, n);
        }
      }),
    );
  });
  return { single, batch, batch8, single8 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Runs the stores' workloads in alternating rounds and keeps each figure's median, so that a
 * burst of load on a shared machine does not decide the comparison.
 */
async function compare(rounds: number, stores: Record<string, Appender>): Promise<Record<string, Figures>> {
  const runs: Record<string, Figures[]> = Object.fromEntries(Object.keys(stores).map((k) => [k, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const [label, append] of Object.entries(stores)) {
      const figures = await workloads(label, append);
      runs[label]!.push(figures);
      console.log(
        `  round ${round} ${label.padEnd(18)} single ${fmt(figures.single).padStart(6)} | batch ${fmt(figures.batch).padStart(6)} | batch x${WRITERS} ${fmt(figures.batch8).padStart(6)} | single x${WRITERS} ${fmt(figures.single8).padStart(6)}  events/s`,
      );
    }
  }
  return Object.fromEntries(
    Object.entries(runs).map(([label, list]) => [
      label,
      {
        single: median(list.map((f) => f.single)),
        batch: median(list.map((f) => f.batch)),
        batch8: median(list.map((f) => f.batch8)),
        single8: median(list.map((f) => f.single8)),
      },
    ]),
  );
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
  const perSecond = Math.max(...rates);
  console.log(
    `  batches of ${fmt(batchSize)}: ${rates.map(fmt).join(', ')} -> ${fmt(perSecond)} events/s over ${fmt(Number(head))} events`,
  );
  return { perSecond, events: Number(head) };
}

const url = await freshDatabase(DB);
try {
  await migrateEventStore(url);
  const ours = new PostgresEventStore({ connectionString: url, poolSize: WRITERS + 2 });
  const emmett = getPostgreSQLEventStore(url);
  await emmett.schema.migrate();

  const ourAppend: Appender = (stream, count, base) =>
    ours.appendToStream(
      stream,
      Array.from({ length: count }, (_, i) => ourEvent(base + i)),
    );
  console.log(
    `appends, median of ${ROUNDS} alternating rounds (1 round = ${SINGLE_APPENDS} single appends, ${BATCHES} batches of ${BATCH}, 8 writers x ${BATCHES_PER_WRITER} batches, 8 writers x ${SINGLE_APPENDS / WRITERS} single):`,
  );
  const fresh = await compare(ROUNDS, {
    trackrecord: ourAppend,
    emmett: (stream, count, base) =>
      emmett.appendToStream(
        stream,
        Array.from({ length: count }, (_, i) => emmettEvent(base + i)),
      ),
  });
  const a = fresh.trackrecord!;
  const e = fresh.emmett!;
  await emmett.close();

  await growTo(url, TARGET_EVENTS);
  console.log(`appends with ${fmt(TARGET_EVENTS)} events in the table:`);
  const grown = (await compare(1, { 'trackrecord-grown': ourAppend }))['trackrecord-grown']!;
  await ours.close();

  console.log('catching up on $all from position 0, best of 3 (events/s):');
  const catch1000 = await catchUp(url, 1000);
  const catch5000 = await catchUp(url, 5000);

  const ratio = a.batch / e.batch;
  console.log(
    `ratio vs Emmett, batches of ${BATCH}: ${ratio.toFixed(2)}x (single: ${(a.single / e.single).toFixed(2)}x, 8 writers: ${(a.batch8 / e.batch8).toFixed(2)}x)`,
  );
  printResult('store', {
    append_single_per_s: a.single,
    append_batch_per_s: a.batch,
    append_batch_8writers_per_s: a.batch8,
    append_single_8writers_per_s: a.single8,
    catchup_per_s: catch5000.perSecond,
    catchup_batch1000_per_s: catch1000.perSecond,
    catchup_events: catch5000.events,
    grown_table_events: TARGET_EVENTS,
    append_single_grown_per_s: grown.single,
    append_batch_grown_per_s: grown.batch,
    append_batch_8writers_grown_per_s: grown.batch8,
    emmett_append_single_per_s: e.single,
    emmett_append_batch_per_s: e.batch,
    emmett_append_batch_8writers_per_s: e.batch8,
    emmett_append_single_8writers_per_s: e.single8,
    ratio_vs_emmett_batch: ratio,
    ratio_vs_emmett_single: a.single / e.single,
    ratio_vs_emmett_batch_8writers: a.batch8 / e.batch8,
  });
} finally {
  if (!process.env.BENCH_KEEP) await dropDatabase(DB);
}
