import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent, take } from '../contract/index.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { migrateEventStore } from './migrate.ts';
import { PostgresEventStore } from './store.ts';

let db: TestDatabase;
let store: PostgresEventStore;
beforeAll(async () => {
  db = await createTestDatabase('subscribe');
  await migrateEventStore(db.url);
  // Polls every 10 minutes: longer than any test may run, so a live delivery is a notification.
  store = new PostgresEventStore({ connectionString: db.url, pollIntervalMs: 600_000 });
});
afterAll(async () => {
  await store?.close();
  await db?.drop();
});

/** Counts the `$all` page reads the store issues, by spying on its pool. */
function countReads(): { readonly count: number; restore(): void } {
  const original = store.pool.query.bind(store.pool);
  let count = 0;
  // biome-ignore lint/suspicious/noExplicitAny: a spy forwards whatever overload it was called with.
  (store.pool as any).query = (config: any, ...rest: any[]) => {
    if (config?.name === 'eventstore.readAll') count++;
    return original(config, ...rest);
  };
  return {
    get count() {
      return count;
    },
    restore() {
      // biome-ignore lint/suspicious/noExplicitAny: undoing the spy above.
      (store.pool as any).query = original;
    },
  };
}

describe('subscribeToAll', () => {
  it('applies backpressure: a paused consumer makes the store read at most one page ahead', async () => {
    const start = await store.headPosition();
    for (let i = 0; i < 10; i++) {
      await store.appendToStream(
        'pressure',
        Array.from({ length: 100 }, (_, j) => newEvent('P', { n: i * 100 + j })),
      );
    }
    const reads = countReads();
    try {
      const iterator = store.subscribeToAll({ after: start, maxBatchSize: 50 })[Symbol.asyncIterator]();
      await iterator.next();
      await iterator.next();
      await new Promise((r) => setTimeout(r, 300)); // the consumer dawdles on its second batch
      expect(reads.count).toBe(3);
      await iterator.next();
      await new Promise((r) => setTimeout(r, 300));
      expect(reads.count).toBe(4);
      const rest = await take(iterator, 850);
      expect(rest.at(-1)?.data.n).toBe(999);
      // 20 full pages, then one empty read that finds the head.
      expect(reads.count).toBe(21);
      await iterator.return?.();
    } finally {
      reads.restore();
    }
  });

  it('wakes a live subscriber by notification, well before the poll interval', async () => {
    const iterator = store.subscribeToAll({ after: await store.headPosition() })[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ events: [], caughtUp: true });
    const next = iterator.next();
    await store.appendToStream('wake', [newEvent('Wake')]);
    const batch = await next;
    // The poll interval outlasts the test's time limit, so a delivery at all proves the notification path.
    expect(batch.value?.events.map((e: { type: string }) => e.type)).toEqual(['Wake']);
    await iterator.return?.();
  });

  it('keeps delivering after its LISTEN connection is killed, by polling and reconnecting', async () => {
    const poller = new PostgresEventStore({ connectionString: db.url, pollIntervalMs: 100 });
    try {
      const iterator = poller.subscribeToAll({ after: await poller.headPosition() })[Symbol.asyncIterator]();
      await iterator.next();
      await store.pool.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN trackrecord_events' AND datname = current_database()",
      );
      await store.appendToStream('after-kill', [newEvent('AfterKill')]);
      const batch = await iterator.next();
      expect(batch.value?.events.map((e: { type: string }) => e.type)).toEqual(['AfterKill']);
      await iterator.return?.();
    } finally {
      await poller.close();
    }
  });

  it('stops when aborted while waiting live', async () => {
    const controller = new AbortController();
    const iterator = store
      .subscribeToAll({ after: await store.headPosition(), signal: controller.signal })
      [Symbol.asyncIterator]();
    await iterator.next();
    const pending = iterator.next();
    controller.abort();
    expect((await pending).done).toBe(true);
  });

  it('hands a read-ahead that fails while the consumer works to the consumer, not to the process', async () => {
    const start = await store.headPosition();
    await store.appendToStream(
      'refused-ahead',
      Array.from({ length: 20 }, (_, n) => newEvent('P', { n })),
    );
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    const original = store.pool.query.bind(store.pool);
    let reads = 0;
    // biome-ignore lint/suspicious/noExplicitAny: a spy forwards whatever overload it was called with.
    (store.pool as any).query = (config: any, ...rest: any[]) => {
      // The second page's read fails the way a server out of connections refuses one.
      if (config?.name === 'eventstore.readAll' && ++reads === 2) {
        return Promise.reject(Object.assign(new Error('sorry, too many clients already'), { code: '53300' }));
      }
      return original(config, ...rest);
    };
    try {
      const iterator = store.subscribeToAll({ after: start, maxBatchSize: 10 })[Symbol.asyncIterator]();
      expect((await iterator.next()).value?.events).toHaveLength(10);
      await new Promise((r) => setTimeout(r, 100)); // the consumer works on the first page
      expect(unhandled).toEqual([]);
      await expect(iterator.next()).rejects.toMatchObject({ code: '53300' });
    } finally {
      // biome-ignore lint/suspicious/noExplicitAny: undoing the spy above.
      (store.pool as any).query = original;
      process.off('unhandledRejection', record);
    }
  });
});
