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

async function workloads(label: string, append: Appender) {
  let n = 0;
  const single = await rate(SINGLE_APPENDS, async () => {
    for (let i = 0; i < SINGLE_APPENDS; i++) await append(`${label}-single-${i}`, 1, n++);
  });
  console.log(`  ${label}: single-event appends, 1 writer      ${fmt(single)} events/s`);
  const batch = await rate(BATCH * BATCHES, async () => {
    for (let i = 0; i < BATCHES; i++) {
      await append(`${label}-batch-${i}`, BATCH, n);
      n += BATCH;
    }
  });
  console.log(`  ${label}: batches of ${BATCH}, 1 writer          ${fmt(batch)} events/s`);
  const batch8 = await rate(BATCH * BATCHES_PER_WRITER * WRITERS, async () => {
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let i = 0; i < BATCHES_PER_WRITER; i++) {
          const base = n;
          n += BATCH;
          await append(`${label}-w${w}-${i}`, BATCH, base);
        }
      }),
    );
  });
  console.log(`  ${label}: batches of ${BATCH}, ${WRITERS} writers         ${fmt(batch8)} events/s`);
  const single8 = await rate(SINGLE_APPENDS, async () => {
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let i = 0; i < SINGLE_APPENDS / WRITERS; i++) await append(`${label}-s${w}-${i}`, 1, n++);
      }),
    );
  });
  console.log(`  ${label}: single-event appends, ${WRITERS} writers     ${fmt(single8)} events/s`);
  return { single, batch, batch8, single8 };
}

async function growTo(url: string, target: number): Promise<void> {
  const store = new PostgresEventStore({ connectionString: url, poolSize: 1 });
  const have = Number(await store.headPosition());
  if (have >= target) return store.close();
  console.log(`growing the events table from ${fmt(have)} to ${fmt(target)} events (bulk SQL insert) ...`);
  const bar = new SingleBar({
    format: '  [{bar}] {percentage}% | {value}/{total} events | ETA {eta}s',
    stream: process.stderr,
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
  let events = 0;
  const perSecond = await rate(Number(head), async () => {
    for await (const batch of store.subscribeToAll({ after: 0n, maxBatchSize: batchSize })) {
      events += batch.events.length;
      if (batch.caughtUp) break;
    }
  });
  await store.close();
  if (BigInt(events) !== head) throw new Error(`catch-up read ${events} events but the head is ${head}`);
  return { perSecond, events };
}

const url = await freshDatabase(DB);
try {
  await migrateEventStore(url);
  const ours = new PostgresEventStore({ connectionString: url, poolSize: WRITERS + 2 });
  const emmett = getPostgreSQLEventStore(url);
  await emmett.schema.migrate();

  console.log('appends on an empty table (events/s):');
  const a = await workloads('trackrecord', (stream, count, base) =>
    ours.appendToStream(
      stream,
      Array.from({ length: count }, (_, i) => ourEvent(base + i)),
    ),
  );
  const e = await workloads('emmett', (stream, count, base) =>
    emmett.appendToStream(
      stream,
      Array.from({ length: count }, (_, i) => emmettEvent(base + i)),
    ),
  );
  await emmett.close();

  await growTo(url, TARGET_EVENTS);
  console.log(`appends with ${fmt(TARGET_EVENTS)} events in the table (events/s):`);
  const grown = await workloads('trackrecord-grown', (stream, count, base) =>
    ours.appendToStream(
      stream,
      Array.from({ length: count }, (_, i) => ourEvent(base + i)),
    ),
  );
  await ours.close();

  console.log(`catching up on $all from position 0 ...`);
  const catch1000 = await catchUp(url, 1000);
  console.log(
    `  batches of 1,000: ${fmt(catch1000.perSecond)} events/s over ${fmt(catch1000.events)} events`,
  );
  const catch5000 = await catchUp(url, 5000);
  console.log(
    `  batches of 5,000: ${fmt(catch5000.perSecond)} events/s over ${fmt(catch5000.events)} events`,
  );

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
