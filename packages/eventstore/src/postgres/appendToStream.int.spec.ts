import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent } from '../contract/index.ts';
import type { RecordedEvent, SubscriptionBatch } from '../port.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { migrateEventStore } from './migrate.ts';
import { PostgresEventStore } from './store.ts';

/**
 * The ordering guarantee under concurrency: a live `$all` subscriber sees exactly the
 * committed events, in position order, with no gaps or duplicates, however the writers'
 * transactions interleave (see the events migration for the technique).
 */
let db: TestDatabase;
let store: PostgresEventStore;
beforeAll(async () => {
  db = await createTestDatabase('append');
  await migrateEventStore(db.url);
  store = new PostgresEventStore({ connectionString: db.url, poolSize: 12, pollIntervalMs: 100 });
});
afterAll(async () => {
  await store?.close();
  await db?.drop();
});

/** Collects a live subscription's events in the background until told to stop. */
function collect(after: bigint) {
  const controller = new AbortController();
  const events: RecordedEvent[] = [];
  const batches: SubscriptionBatch[] = [];
  const done = (async () => {
    for await (const batch of store.subscribeToAll({ after, maxBatchSize: 500, signal: controller.signal })) {
      batches.push(batch);
      events.push(...batch.events);
    }
  })();
  return {
    events,
    batches,
    async until(predicate: () => boolean, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`subscriber stalled at ${events.length} events`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async stop() {
      controller.abort();
      await done;
    },
  };
}

async function committedAfter(after: bigint): Promise<{ id: string; position: bigint }[]> {
  const { rows } = await store.pool.query<{ event_id: string; global_position: string }>(
    'SELECT event_id, global_position FROM eventstore.events WHERE global_position > $1 ORDER BY global_position',
    [after.toString()],
  );
  return rows.map((r) => ({ id: r.event_id, position: BigInt(r.global_position) }));
}

function expectStrictlyIncreasing(positions: bigint[]): void {
  for (let i = 1; i < positions.length; i++) {
    if (!(positions[i]! > positions[i - 1]!)) {
      throw new Error(
        `positions not strictly increasing at index ${i}: ${positions[i - 1]} then ${positions[i]}`,
      );
    }
  }
}

describe('appendToStream ordering under concurrent writers', () => {
  it('a live subscriber sees 8 writers x 1,000 events exactly once each, in commit order', async () => {
    const start = await store.headPosition();
    const subscriber = collect(start);
    const writers = 8;
    const perWriter = 1000;
    const accepted: string[] = [];
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        let written = 0;
        let n = 0;
        while (written < perWriter) {
          // Batches of 1..9 events over a handful of streams, one of them shared by all writers.
          const size = Math.min(perWriter - written, 1 + ((w * 7 + n * 3) % 9));
          const stream = n % 4 === 0 ? 'shared-stream' : `writer-${w}-${n % 5}`;
          const batch = Array.from({ length: size }, (_, i) => newEvent('Written', { w, n, i }));
          await store.appendToStream(stream, batch);
          accepted.push(...batch.map((e) => e.id));
          written += size;
          n++;
        }
      }),
    );
    expect(accepted).toHaveLength(writers * perWriter);
    await subscriber.until(() => subscriber.events.length >= writers * perWriter);
    await new Promise((r) => setTimeout(r, 200)); // anything extra (a duplicate) would show up now
    await subscriber.stop();

    const committed = await committedAfter(start);
    const seen = subscriber.events;
    expect(seen).toHaveLength(committed.length);
    expect(seen.map((e) => e.id)).toEqual(committed.map((c) => c.id));
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    expect(new Set(seen.map((e) => e.id))).toEqual(new Set(accepted));
    expectStrictlyIncreasing(seen.map((e) => e.position));
    const shared = seen.filter((e) => e.streamId === 'shared-stream').map((e) => e.revision);
    expect(shared).toEqual(shared.map((_, i) => BigInt(i)));
  });

  it('holds a later writer back while an earlier append transaction is still open', async () => {
    const start = await store.headPosition();
    const subscriber = collect(start);
    await subscriber.until(() => subscriber.batches.some((b) => b.caughtUp));
    const held = new pg.Client({ connectionString: db.url });
    await held.connect();
    try {
      const heldEvent = newEvent('Held');
      await held.query('BEGIN');
      await held.query("SELECT * FROM eventstore.append_to_stream($1, 'any', $2::jsonb)", [
        `held-${randomUUID()}`,
        JSON.stringify([{ id: heldEvent.id, type: 'Held', v: 1, data: {}, meta: {} }]),
      ]);
      let laterDone = false;
      const laterEvent = newEvent('Later');
      const later = store.appendToStream(`later-${randomUUID()}`, [laterEvent]).then((r) => {
        laterDone = true;
        return r;
      });
      await new Promise((r) => setTimeout(r, 400));
      expect(laterDone).toBe(false);
      expect(subscriber.events).toEqual([]);

      await held.query('COMMIT');
      const laterResult = await later;
      await subscriber.until(() => subscriber.events.length >= 2);
      await subscriber.stop();
      expect(subscriber.events.map((e) => e.id)).toEqual([heldEvent.id, laterEvent.id]);
      expect(laterResult.lastPosition).toBe(subscriber.events[1]!.position);
      expectStrictlyIncreasing(subscriber.events.map((e) => e.position));
    } finally {
      await held.end();
    }
  });

  it('control: an insert that bypasses append_to_stream would be skipped, which is why appends take the lock', async () => {
    // This proves the two tests above can fail: without the lock, a slower transaction that
    // took an earlier position commits after a reader moved past it.
    const start = await store.headPosition();
    const subscriber = collect(start);
    await subscriber.until(() => subscriber.batches.some((b) => b.caughtUp));
    const rogue = new pg.Client({ connectionString: db.url });
    await rogue.connect();
    try {
      await rogue.query('BEGIN');
      await rogue.query(
        `INSERT INTO eventstore.events (stream_id, stream_revision, event_id, event_type, schema_version, data, metadata)
         VALUES ($1, 0, $2, 'Rogue', 1, '{}', '{}')`,
        [`rogue-${randomUUID()}`, randomUUID()],
      );
      const fast = await store.appendToStream(`fast-${randomUUID()}`, [newEvent('Fast')]);
      await subscriber.until(() => subscriber.events.length >= 1);
      await rogue.query('COMMIT');
      await new Promise((r) => setTimeout(r, 500));
      await subscriber.stop();
      const committed = await committedAfter(start);
      expect(committed).toHaveLength(2);
      expect(committed[0]!.position < fast.lastPosition).toBe(true);
      expect(subscriber.events.map((e) => e.type)).toEqual(['Fast']);
    } finally {
      await rogue.end();
    }
  });
});

describe('appendToStream atomicity', () => {
  it('writes all events of a batch or none when the database refuses one of them', async () => {
    const stream = `atomic-${randomUUID()}`;
    const taken = newEvent('Taken');
    await store.appendToStream(`other-${randomUUID()}`, [taken]);
    const before = await store.headPosition();
    // The third event reuses an id stored elsewhere: the database-side check refuses the batch.
    await expect(
      store.appendToStream(stream, [newEvent('One'), newEvent('Two'), taken]),
    ).rejects.toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
    });
    expect(await store.readStream(stream)).toEqual([]);
    expect(await store.headPosition()).toBe(before);
  });
});

/**
 * `append_to_streams` inserts a whole request in one statement when every part is to its own
 * stream, at its expected revision, with ids never stored; anything else goes part by part.
 * Both paths must answer alike.
 */
describe('appendToStreams: the one-statement path and the part-by-part path', () => {
  it('writes thousands of parts in request order, positions consecutive, revisions per stream', async () => {
    const existing = `many-existing-${randomUUID()}`;
    await store.appendToStream(existing, [newEvent('Before')]);
    const head = await store.headPosition();
    const parts = Array.from({ length: 3_000 }, (_, i) => ({
      streamId: i === 1_501 ? existing : `many-${randomUUID()}`,
      events: i % 3 === 0 ? [newEvent(`E${i}a`), newEvent(`E${i}b`)] : [newEvent(`E${i}`)],
      expectedRevision: i === 1_501 ? 0n : ('no_stream' as const),
    }));
    const results = await store.appendToStreams(parts);
    const positions = results.flatMap((r) => r.positions);
    expect(positions).toEqual(positions.map((_, i) => head + 1n + BigInt(i)));
    expect(results[0]).toMatchObject({ appended: true, nextExpectedRevision: 1n });
    expect(results[1_501]).toMatchObject({ appended: true, nextExpectedRevision: 1n });
    const read = await store.readStreams([parts[0]!.streamId, existing]);
    expect(read.get(parts[0]!.streamId)?.map((e) => [e.type, e.revision])).toEqual([
      ['E0a', 0n],
      ['E0b', 1n],
    ]);
    expect(read.get(existing)?.map((e) => e.type)).toEqual(['Before', 'E1501']);
  });

  it('answers a re-send with expectation "any" with the original positions (the stored ids send it part by part)', async () => {
    const parts = [
      { streamId: `resend-${randomUUID()}`, events: [newEvent('A')] },
      { streamId: `resend-${randomUUID()}`, events: [newEvent('B'), newEvent('C')] },
    ];
    const first = await store.appendToStreams(parts);
    const head = await store.headPosition();
    const again = await store.appendToStreams(parts);
    expect(again.map((r) => r.appended)).toEqual([false, false]);
    expect(again.map((r) => r.positions)).toEqual(first.map((r) => r.positions));
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses, writing nothing, a request one of whose ids is stored in another stream', async () => {
    const taken = newEvent('Taken');
    await store.appendToStream(`taken-${randomUUID()}`, [taken]);
    const fresh = `fresh-${randomUUID()}`;
    const head = await store.headPosition();
    await expect(
      store.appendToStreams([
        { streamId: fresh, events: [newEvent('A')] },
        { streamId: `other-${randomUUID()}`, events: [taken] },
      ]),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
    expect(await store.readStream(fresh)).toEqual([]);
    expect(await store.headPosition()).toBe(head);
  });

  it('completes a request cut short: the stored part is answered as before, the new one written', async () => {
    const done = {
      streamId: `done-${randomUUID()}`,
      events: [newEvent('Done')],
      expectedRevision: 'no_stream' as const,
    };
    const [first] = await store.appendToStreams([done]);
    const rest = {
      streamId: `rest-${randomUUID()}`,
      events: [newEvent('Rest')],
      expectedRevision: 'no_stream' as const,
    };
    const results = await store.appendToStreams([done, rest]);
    expect(results.map((r) => r.appended)).toEqual([false, true]);
    expect(results[0]?.positions).toEqual(first?.positions);
    expect((await store.readStream(rest.streamId)).map((e) => e.type)).toEqual(['Rest']);
  });
});
