import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { newEvent, take } from '../contract/index.ts';
import { WrongExpectedRevisionError } from '../errors.ts';
import type { RecordedEvent, SubscriptionBatch } from '../port.ts';
import { EventStoreDBEventStore, ID_CLAIM_TYPE } from './store.ts';
import { EsdbTestServer } from './testing/server.ts';

// These specs need the test server's failure hooks, so they never run against a real server.
let server: EsdbTestServer;
let store: EventStoreDBEventStore;
let logs: string[];
let controller: AbortController;

async function setUp(options: { stallTimeoutMs?: number; batchAppend?: boolean } = {}) {
  server = await new EsdbTestServer({ batchAppend: options.batchAppend ?? true }).start();
  logs = [];
  controller = new AbortController();
  store = new EventStoreDBEventStore({
    connectionString: server.connectionString,
    minBackoffMs: 20,
    maxBackoffMs: 200,
    stallTimeoutMs: options.stallTimeoutMs ?? 60_000,
    log: (line) => logs.push(line),
  });
}

afterEach(async () => {
  controller?.abort();
  await store?.close();
  await server?.stop();
});

const stream = () => `resilience-${randomUUID()}`;

function expectExactlyOnceInOrder(events: readonly RecordedEvent[], count: number): void {
  expect(events.map((e) => e.data.i)).toEqual(Array.from({ length: count }, (_, i) => i));
  expect(new Set(events.map((e) => e.id)).size).toBe(count);
  for (let i = 1; i < events.length; i++) expect(events[i]!.position > events[i - 1]!.position).toBe(true);
}

async function untilCaughtUp(iterator: AsyncIterator<SubscriptionBatch>): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const next = await iterator.next();
    if (next.done) throw new Error('subscription ended');
    events.push(...next.value.events);
    if (next.value.caughtUp) return events;
  }
}

describe('EventStoreDB adapter: reconnection', () => {
  it('resumes after the server stops and restarts mid catch-up, losing and repeating nothing', async () => {
    await setUp();
    const s = stream();
    const start = await store.headPosition();
    await store.appendToStream(
      s,
      Array.from({ length: 300 }, (_, i) => newEvent('Counted', { i })),
    );
    const iterator = store
      .subscribeToAll({ after: start, maxBatchSize: 10, signal: controller.signal })
      [Symbol.asyncIterator]();
    const before = await take(iterator, 50);
    await server.stop();
    await server.start(); // same port, same events
    const rest = await take(iterator, 250 - (before.length - 50));
    expectExactlyOnceInOrder([...before, ...rest], 300);
    expect(logs.some((l) => l.includes('resubscribing'))).toBe(true);
    expect(server.subscriptionsOpened).toBeGreaterThanOrEqual(2);
  });

  it('resumes a live subscription after a restart and delivers what was appended afterwards', async () => {
    await setUp();
    const s = stream();
    const start = await store.headPosition();
    await store.appendToStream(s, [newEvent('Counted', { i: 0 }), newEvent('Counted', { i: 1 })]);
    const iterator = store
      .subscribeToAll({ after: start, signal: controller.signal })
      [Symbol.asyncIterator]();
    const caught = await untilCaughtUp(iterator);
    await server.restart();
    await store.appendToStream(s, [newEvent('Counted', { i: 2 })]);
    await store.appendToStream(s, [newEvent('Counted', { i: 3 })]);
    const live = await take(iterator, 2);
    expectExactlyOnceInOrder([...caught, ...live], 4);
  });

  it.each(['unavailable', 'cancelled', 'not-leader'] as const)(
    'resubscribes when the server ends the subscription with %s',
    async (kind) => {
      await setUp();
      const s = stream();
      const start = await store.headPosition();
      await store.appendToStream(s, [newEvent('Counted', { i: 0 })]);
      const iterator = store
        .subscribeToAll({ after: start, signal: controller.signal })
        [Symbol.asyncIterator]();
      const caught = await untilCaughtUp(iterator);
      server.failSubscriptions(kind);
      await store.appendToStream(s, [newEvent('Counted', { i: 1 }), newEvent('Counted', { i: 2 })]);
      const live = await take(iterator, 2);
      expectExactlyOnceInOrder([...caught, ...live], 3);
      expect(server.subscriptionsOpened).toBe(2);
      expect(logs.join('\n')).toMatch(/resubscribing/);
    },
  );
});

describe('EventStoreDB adapter: watchdog', () => {
  it('resubscribes a subscription that silently stalled while the head moved on', async () => {
    await setUp({ stallTimeoutMs: 100 });
    const s = stream();
    const start = await store.headPosition();
    await store.appendToStream(s, [newEvent('Counted', { i: 0 })]);
    const iterator = store
      .subscribeToAll({ after: start, signal: controller.signal })
      [Symbol.asyncIterator]();
    const caught = await untilCaughtUp(iterator);
    server.stallSubscriptions();
    await store.appendToStream(s, [newEvent('Counted', { i: 1 })]);
    const live = await take(iterator, 1);
    expectExactlyOnceInOrder([...caught, ...live], 2);
    expect(server.subscriptionsOpened).toBe(2);
    expect(logs.some((l) => l.includes('watchdog resubscribes'))).toBe(true);
  });

  it('leaves an idle subscription alone', async () => {
    await setUp({ stallTimeoutMs: 50 });
    const iterator = store
      .subscribeToAll({ after: await store.headPosition(), signal: controller.signal })
      [Symbol.asyncIterator]();
    await untilCaughtUp(iterator);
    const next = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 400)); // eight quiet periods, nothing to fetch
    expect(server.subscriptionsOpened).toBe(1);
    await store.appendToStream(stream(), [newEvent('Counted', { i: 0 })]);
    expect((await next).value?.events.map((e: RecordedEvent) => e.data.i)).toEqual([0]);
    expect(logs).toEqual([]);
  });
});

describe('EventStoreDB adapter: system events', () => {
  it('keeps $-typed events (the server’s and the adapter’s id claims) out of reads, subscriptions and the head', async () => {
    await setUp();
    const s = stream();
    await store.appendToStream(s, [newEvent('Counted', { i: 0 })]);
    server.writeSystemEvent('$stats-127.0.0.1:2113', '$statsCollected', { cpu: 3 });
    await store.appendToStream(s, [newEvent('Counted', { i: 1 })]);
    server.writeSystemEvent('$settings', '$settings', {});
    const types = server.events.map((e) => e.type);
    expect(types).toContain(ID_CLAIM_TYPE);
    expect(types.filter((t) => t.startsWith('$')).length).toBeGreaterThanOrEqual(6);

    const page = await store.readAll({ maxCount: 100 });
    expectExactlyOnceInOrder(page.events, 2);
    expect(page.isEnd).toBe(true);
    expect(await store.headPosition()).toBe(page.events[1]!.position);
    // A page boundary that falls on filtered events still resumes exactly after an event.
    const first = await store.readAll({ maxCount: 1 });
    const second = await store.readAll({ after: first.nextAfter, maxCount: 1 });
    expect([...first.events, ...second.events].map((e) => e.data.i)).toEqual([0, 1]);
    expect(first.isEnd).toBe(false);

    const iterator = store.subscribeToAll({ signal: controller.signal })[Symbol.asyncIterator]();
    expectExactlyOnceInOrder(await untilCaughtUp(iterator), 2);
  });
});

describe('EventStoreDB adapter: backpressure', () => {
  it('stops the server from sending while the consumer does not pull', async () => {
    await setUp();
    const s = stream();
    const blob = 'x'.repeat(10_000);
    await store.appendToStream(
      s,
      Array.from({ length: 400 }, (_, i) => newEvent('Big', { i, blob })),
    );
    const iterator = store
      .subscribeToAll({ maxBatchSize: 10, signal: controller.signal })
      [Symbol.asyncIterator]();
    const first = (await iterator.next()).value?.events ?? [];
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThanOrEqual(10);
    // The consumer now sits on its batch; wait until the server has stopped sending.
    let sent = -1;
    while (sent !== server.eventsSent) {
      sent = server.eventsSent;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Of 400 events (4 MB), only what fits the client's two small buffers and the HTTP/2
    // window left the server: flow control held the rest back.
    expect(sent).toBeLessThan(100);
    const rest = await take(iterator, 400 - first.length);
    expectExactlyOnceInOrder([...first, ...rest], 400);
  });
});

describe('EventStoreDB adapter: Streams.Append fallback', () => {
  it('appends and maps conflicts through Streams.Append when the server has no BatchAppend', async () => {
    await setUp({ batchAppend: false });
    const s = stream();
    const result = await store.appendToStream(
      s,
      [newEvent('Counted', { i: 0 }), newEvent('Counted', { i: 1 })],
      {
        expectedRevision: 'no_stream',
      },
    );
    expect(result.nextExpectedRevision).toBe(1n);
    const conflict = await store.appendToStream(s, [newEvent()], { expectedRevision: 0n }).catch((e) => e);
    expect(conflict).toBeInstanceOf(WrongExpectedRevisionError);
    expect(conflict).toMatchObject({ actual: 1n });
    const missing = await store
      .appendToStream(stream(), [newEvent()], { expectedRevision: 'stream_exists' })
      .catch((e) => e);
    expect(missing).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', actual: null });
  });
});
