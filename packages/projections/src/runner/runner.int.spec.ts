import { migrateEventStore, newEventId, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { type Kysely, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../db.ts';
import { migrateReadModels } from '../migrate.ts';
import { readCheckpoint } from './checkpoints.ts';
import { projectionLag } from './lag.ts';
import type { EventType, Projection } from './projection.ts';
import { rebuildProjection } from './rebuild.ts';
import { ProjectionRunner } from './runner.ts';

interface CountsDb {
  counts: { stream_id: string; events: number; amount: number };
}

/** Counts events and sums `data.amount` per stream: enough to see a lost or doubled effect. */
function countingProjection(version = '1', options: { failOnce?: (amount: number) => boolean } = {}) {
  let failed = false;
  const projection: Projection<CountsDb> = {
    name: 'counts',
    version,
    tables: ['counts'],
    // A test event outside the catalog: the handler reads its raw data, never `event`.
    eventTypes: ['Counted' as EventType],
    async apply(db: Kysely<CountsDb>, events) {
      for (const event of events) {
        const amount = Number(event.data.amount) * (version === '2' ? 10 : 1);
        await db
          .insertInto('counts')
          .values({ stream_id: event.streamId, events: 1, amount })
          .onConflict((oc) =>
            oc.column('stream_id').doUpdateSet((eb) => ({
              events: eb('counts.events', '+', 1),
              amount: eb('counts.amount', '+', amount),
            })),
          )
          .execute();
        if (!failed && options.failOnce?.(Number(event.data.amount))) {
          failed = true;
          throw new Error(`injected failure at amount ${event.data.amount}`);
        }
      }
    },
  };
  return projection;
}

let database: TestDatabase;
let store: PostgresEventStore;
let db: Kysely<CountsDb>;
beforeAll(async () => {
  database = await createTestDatabase('projections_runner');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url, pollIntervalMs: 100 });
  db = createDb<CountsDb>(database.url);
});
afterAll(async () => {
  await db?.destroy();
  await store?.close();
  await database?.drop();
});
beforeEach(async () => {
  await sql`DROP TABLE IF EXISTS read.counts`.execute(db);
  await sql`CREATE TABLE read.counts (stream_id text PRIMARY KEY, events integer NOT NULL, amount bigint NOT NULL)`.execute(
    db,
  );
  await sql`DELETE FROM projections.checkpoints`.execute(db);
  await sql`TRUNCATE eventstore.events`.execute(db);
});

const running: { controller: AbortController; done: Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    r.controller.abort();
    await r.done;
  }
});

function start(projection: Projection<CountsDb>, batchSize = 7) {
  const runner = new ProjectionRunner(store, db, database.url, projection, { batchSize, leaseRetryMs: 50 });
  const controller = new AbortController();
  const done = runner.run(controller.signal);
  running.push({ controller, done });
  return { runner, controller, done };
}

async function appendCounted(stream: string, amounts: number[]) {
  return store.appendToStream(
    stream,
    amounts.map((amount) => ({ id: newEventId(), type: 'Counted', schemaVersion: 1, data: { amount } })),
  );
}

async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function counts() {
  const rows = await db.withSchema('read').selectFrom('counts').selectAll().orderBy('stream_id').execute();
  return Object.fromEntries(rows.map((r) => [r.stream_id, { events: r.events, amount: Number(r.amount) }]));
}

describe('ProjectionRunner', () => {
  it('builds from an empty checkpoint, then follows appends live, batch and checkpoint together', async () => {
    await appendCounted('a', [1, 2, 3]);
    await store.appendToStream('ignored', [{ id: newEventId(), type: 'Other', schemaVersion: 1, data: {} }]);
    const { runner } = start(countingProjection());
    await until(() => runner.status.caughtUp);
    expect(await counts()).toEqual({ a: { events: 3, amount: 6 } });
    const live = await appendCounted('b', [10, 20]);
    await until(() => runner.status.position === live.lastPosition);
    expect(await counts()).toEqual({ a: { events: 3, amount: 6 }, b: { events: 2, amount: 30 } });
    expect((await readCheckpoint(db, 'counts'))?.position).toBe(live.lastPosition);
  });

  it('retries a failed batch from the last checkpoint without doubling anything', async () => {
    await appendCounted(
      'a',
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    const { runner } = start(countingProjection('1', { failOnce: (amount) => amount === 23 }));
    await until(async () => (await counts()).a?.events === 40);
    await until(() => runner.status.caughtUp);
    expect(await counts()).toEqual({ a: { events: 40, amount: 820 } });
  });

  it('survives being stopped at arbitrary moments: restarts neither lose nor double an effect', async () => {
    let expectedEvents = 0;
    let expectedAmount = 0;
    for (let round = 0; round < 6; round++) {
      const amounts = Array.from({ length: 50 + round * 13 }, (_, i) => round * 1000 + i);
      const appending = appendCounted('crash', amounts);
      expectedEvents += amounts.length;
      expectedAmount += amounts.reduce((s, x) => s + x, 0);
      const { controller, done } = start(countingProjection(), 5);
      await new Promise((r) => setTimeout(r, 20 + round * 17));
      controller.abort(); // mid-batch, between batches or before the first: wherever it lands
      await done;
      await appending;
    }
    const { runner } = start(countingProjection());
    const head = await store.headPosition();
    await until(() => runner.status.position === head);
    expect(await counts()).toEqual({ crash: { events: expectedEvents, amount: expectedAmount } });
  });

  it('lets one runner lead and the other stand by until the leader stops', async () => {
    await appendCounted('a', [1, 1, 1]);
    const first = start(countingProjection());
    await until(() => first.runner.status.leader && first.runner.status.caughtUp);
    const second = start(countingProjection());
    await new Promise((r) => setTimeout(r, 200));
    expect(second.runner.status.leader).toBe(false);
    first.controller.abort();
    await first.done;
    await appendCounted('a', [1]);
    await until(() => second.runner.status.leader && second.runner.status.caughtUp);
    await until(async () => (await counts()).a?.events === 4);
    expect(await counts()).toEqual({ a: { events: 4, amount: 4 } });
  });

  it('rebuilds blue/green when the code version changes, serving the old rows until the swap', async () => {
    await appendCounted('a', [1, 2, 3]);
    const v1 = start(countingProjection('1'));
    await until(() => v1.runner.status.caughtUp);
    v1.controller.abort();
    await v1.done;

    // v2's first batch waits at a gate, so the test can look while the rebuild is under way.
    let openGate = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    let rebuilding = false;
    const v2Projection = countingProjection('2');
    const gated: Projection<CountsDb> = {
      ...v2Projection,
      async apply(scoped, events) {
        rebuilding = true;
        await gate;
        return v2Projection.apply(scoped, events);
      },
    };
    const v2 = new ProjectionRunner(store, db, database.url, gated, { batchSize: 1, leaseRetryMs: 50 });
    const controller = new AbortController();
    const done = v2.run(controller.signal);
    running.push({ controller, done });
    await until(() => rebuilding);
    // The API keeps reading the live table, still v1's, while the rebuild fills its copy.
    expect(await counts()).toEqual({ a: { events: 3, amount: 6 } });
    const scratch = await sql<{
      n: string;
    }>`SELECT count(*)::int AS n FROM read_rebuild_counts.counts`.execute(db);
    expect(scratch.rows[0]?.n).toBe(0);
    openGate();
    await until(() => v2.status.caughtUp);
    expect(await counts()).toEqual({ a: { events: 3, amount: 60 } });
    expect((await readCheckpoint(db, 'counts'))?.codeVersion).toBe('2');
    const schemas = await sql<{ n: string }>`
      SELECT nspname AS n FROM pg_namespace WHERE nspname LIKE 'read_%'`.execute(db);
    expect(schemas.rows).toEqual([]);
  });

  it('swaps in a rebuild under a live runner, which then carries on with the new tables', async () => {
    await appendCounted('a', [1, 2]);
    const live = start(countingProjection('1'));
    await until(() => live.runner.status.caughtUp);
    const result = await rebuildProjection(store, db, countingProjection('1'), { batchSize: 1 });
    expect(result.events).toBe(2);
    const after = await appendCounted('a', [3]);
    await until(() => live.runner.status.position === after.lastPosition);
    expect(await counts()).toEqual({ a: { events: 3, amount: 6 } });
  });

  it('resumes a cancelled rebuild from its scratch checkpoint, but starts over for another code version', async () => {
    await appendCounted('a', [1, 2, 3, 4, 5]);
    const cancelAfter = async (projection: Projection<CountsDb>, pages: number) => {
      const controller = new AbortController();
      let seen = 0;
      await expect(
        rebuildProjection(store, db, projection, {
          batchSize: 1,
          signal: controller.signal,
          onProgress: () => {
            if (++seen === pages) controller.abort();
          },
        }),
      ).rejects.toThrow(/cancelled/);
    };
    await cancelAfter(countingProjection('1'), 2);
    const scratch = await sql<{ persistence: string }>`
      SELECT relpersistence AS persistence FROM pg_class WHERE oid = 'read_rebuild_counts.counts'::regclass`.execute(
      db,
    );
    expect(scratch.rows[0]?.persistence).toBe('u'); // filled without WAL until the swap
    // Resumed by a rebuild that would not create unlogged tables: still swapped in logged.
    const resumed = await rebuildProjection(store, db, countingProjection('1'), {
      batchSize: 1,
      unlogged: false,
    });
    expect(resumed.events).toBe(3); // the two pages before the cancel were kept
    expect(await counts()).toEqual({ a: { events: 5, amount: 15 } });
    const live = await sql<{ persistence: string }>`
      SELECT relpersistence AS persistence FROM pg_class WHERE oid = 'read.counts'::regclass`.execute(db);
    expect(live.rows[0]?.persistence).toBe('p');

    await cancelAfter(countingProjection('1'), 3);
    const other = await rebuildProjection(store, db, countingProjection('2'), { batchSize: 1 });
    expect(other.events).toBe(5);
    expect(await counts()).toEqual({ a: { events: 5, amount: 150 } });
  });

  it('reports lag in events and milliseconds', async () => {
    await appendCounted('a', [1]);
    const runner = start(countingProjection());
    await until(() => runner.runner.status.caughtUp);
    runner.controller.abort();
    await runner.done;
    expect(await projectionLag(store, db)).toEqual([
      expect.objectContaining({ projection: 'counts', eventsBehind: 0n, msBehind: 0 }),
    ]);
    await appendCounted('a', [1, 1]);
    const [lag] = await projectionLag(store, db, Date.now() + 5000);
    expect(lag?.eventsBehind).toBe(2n);
    expect(lag?.msBehind).toBeGreaterThanOrEqual(5000);
  });
});
