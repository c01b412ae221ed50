import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EventStoreError,
  IdempotencyConflictError,
  InvalidAppendError,
  WrongExpectedRevisionError,
} from '../errors.ts';
import { newEventId } from '../ids.ts';
import {
  type DataEvent,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  readAllDataOf,
  type SubscriptionBatch,
} from '../port.ts';
import { MAX_EVENT_BYTES } from '../validation.ts';

export interface ContractHarness {
  /** A connected store. Streams are named uniquely per test, so the store need not be empty. */
  readonly store: EventStore;
  /** Frees whatever `setup` created. */
  readonly teardown?: () => Promise<void>;
}

/** Makes an event with a fresh id (exported so adapter specs build fixtures the same way). */
export function newEvent(
  type = 'TestHappened',
  data: NewEvent['data'] = {},
  metadata?: NewEvent['metadata'],
): NewEvent {
  return { id: newEventId(), type, schemaVersion: 1, data, ...(metadata ? { metadata } : {}) };
}

function uniqueStream(prefix = 'contract'): string {
  return `${prefix}-${randomUUID()}`;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** Takes batches from a subscription until `count` events arrived (or a caught-up batch when count is 0). */
export async function take(
  iterator: AsyncIterator<SubscriptionBatch>,
  count: number,
  onBatch?: (batch: SubscriptionBatch) => void | Promise<void>,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  while (events.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    await onBatch?.(next.value);
    events.push(...next.value.events);
  }
  return events;
}

/**
 * The behaviour every `EventStore` adapter must show. Call it from an adapter's spec:
 * `eventStoreContract('postgres', async () => ({ store, teardown }))`.
 */
export function eventStoreContract(adapterName: string, setup: () => Promise<ContractHarness>): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let harness: ContractHarness;
    let store: EventStore;
    beforeAll(async () => {
      harness = await setup();
      store = harness.store;
    });
    afterAll(async () => {
      await harness?.teardown?.();
    });

    describe('appendToStream and readStream', () => {
      it('records every field and numbers revisions from 0', async () => {
        const stream = uniqueStream();
        const events = [
          newEvent(
            'SaleClosed',
            { amount: 120_000, customer: '华东贸易有限公司', tags: ['新客户', 'direct'] },
            {
              actor: 'user:rep-1',
              source: 'crm',
              correlationId: 'corr-1',
              causationId: 'cmd-1',
              commandId: 'cmd-1',
            },
          ),
          newEvent('PaymentCollected', { amount: 60_000, nested: { ok: true, n: null, list: [1, 2.5] } }),
        ];
        const before = await store.headPosition();
        const result = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
        expect(result.appended).toBe(true);
        expect(result.nextExpectedRevision).toBe(1n);
        expect(result.positions).toHaveLength(2);
        expect(result.positions[0]! > before).toBe(true);
        expect(result.positions[1]! > result.positions[0]!).toBe(true);
        expect(result.lastPosition).toBe(result.positions[1]);

        const read = await store.readStream(stream);
        expect(read.map((e) => e.revision)).toEqual([0n, 1n]);
        expect(read.map((e) => e.position)).toEqual(result.positions);
        const [first] = read;
        expect(first).toMatchObject({
          id: events[0]!.id,
          streamId: stream,
          type: 'SaleClosed',
          schemaVersion: 1,
          data: events[0]!.data,
          metadata: events[0]!.metadata,
        });
        expect(first!.recordedAt).toBeInstanceOf(Date);
        expect(Math.abs(first!.recordedAt.getTime() - Date.now())).toBeLessThan(60_000);
        expect(read[1]!.metadata).toEqual({});
      });

      it('reads a stream backward, from a revision, and a limited count', async () => {
        const stream = uniqueStream();
        await store.appendToStream(
          stream,
          Array.from({ length: 5 }, (_, i) => newEvent('Counted', { i })),
        );
        const data = (events: RecordedEvent[]) => events.map((e) => e.data.i);
        expect(data(await store.readStream(stream, { fromRevision: 2n }))).toEqual([2, 3, 4]);
        expect(data(await store.readStream(stream, { fromRevision: 1n, maxCount: 2 }))).toEqual([1, 2]);
        expect(data(await store.readStream(stream, { direction: 'backward' }))).toEqual([4, 3, 2, 1, 0]);
        expect(
          data(await store.readStream(stream, { direction: 'backward', fromRevision: 3n, maxCount: 2 })),
        ).toEqual([3, 2]);
        expect(await store.readStream(stream, { fromRevision: 9n })).toEqual([]);
        expect(await store.readStream(uniqueStream('missing'))).toEqual([]);
      });

      it('accepts an exact expected revision and rejects a stale one with a typed conflict', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
        const ok = await store.appendToStream(stream, [newEvent()], { expectedRevision: 0n });
        expect(ok.nextExpectedRevision).toBe(1n);
        const error = await rejection(store.appendToStream(stream, [newEvent()], { expectedRevision: 0n }));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', streamId: stream, actual: 1n });
        expect((error as Error).message).toContain('its last revision is 1');
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('checks no_stream, stream_exists and any', async () => {
        const stream = uniqueStream();
        const missing = await rejection(
          store.appendToStream(stream, [newEvent()], { expectedRevision: 'stream_exists' }),
        );
        expect(missing).toBeInstanceOf(WrongExpectedRevisionError);
        expect(missing).toMatchObject({ actual: null });
        expect((missing as Error).message).toContain('does not exist');
        const exact = await rejection(store.appendToStream(stream, [newEvent()], { expectedRevision: 0n }));
        expect(exact).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', actual: null });

        await store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
        const again = await rejection(
          store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' }),
        );
        expect(again).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', actual: 0n });
        await store.appendToStream(stream, [newEvent()], { expectedRevision: 'stream_exists' });
        await store.appendToStream(stream, [newEvent()], { expectedRevision: 'any' });
        await store.appendToStream(stream, [newEvent()]);
        expect(await store.readStream(stream)).toHaveLength(4);
      });

      it('lets exactly one of several concurrent writers with the same expected revision win', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, [newEvent()]);
        const outcomes = await Promise.allSettled(
          Array.from({ length: 6 }, (_, i) =>
            store.appendToStream(stream, [newEvent('Won', { i })], { expectedRevision: 0n }),
          ),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes) {
          if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(WrongExpectedRevisionError);
        }
        expect(await store.readStream(stream)).toHaveLength(2);
      });
    });

    describe('idempotency by event id', () => {
      it('returns the original positions for a re-sent batch and writes nothing', async () => {
        const stream = uniqueStream();
        const batch = [newEvent('A'), newEvent('B')];
        const first = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
        await store.appendToStream(stream, [newEvent('C')]);
        const head = await store.headPosition();
        // The re-send carries the stale expectation of the first attempt: still idempotent.
        const again = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
        expect(again.appended).toBe(false);
        expect(again.positions).toEqual(first.positions);
        expect(again.nextExpectedRevision).toBe(1n);
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('rejects a batch that repeats only some stored ids, or ids stored in another stream', async () => {
        const stream = uniqueStream();
        const stored = newEvent('A');
        await store.appendToStream(stream, [stored]);
        const partial = await rejection(store.appendToStream(stream, [stored, newEvent('B')]));
        expect(partial).toBeInstanceOf(IdempotencyConflictError);
        expect(partial).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', eventIds: [stored.id] });
        const elsewhere = await rejection(store.appendToStream(uniqueStream(), [stored]));
        expect(elsewhere).toBeInstanceOf(IdempotencyConflictError);
        expect((elsewhere as Error).message).toContain('another stream');
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });

    describe('malformed appends get a typed error and write nothing', () => {
      const cases: [string, () => [unknown, unknown, unknown], RegExp][] = [
        ['an empty batch', () => [uniqueStream(), [], undefined], /batch is empty/],
        [
          'an unknown expected-revision form',
          () => [uniqueStream(), [newEvent()], { expectedRevision: 'latest' }],
          /expectedRevision/,
        ],
        [
          'a negative expected revision',
          () => [uniqueStream(), [newEvent()], { expectedRevision: -1n }],
          /expectedRevision/,
        ],
        [
          'a fractional expected revision',
          () => [uniqueStream(), [newEvent()], { expectedRevision: 1.5 }],
          /expectedRevision/,
        ],
        ['an empty stream id', () => ['', [newEvent()], undefined], /stream id/],
        ['a system stream id', () => ['$all', [newEvent()], undefined], /reserved/],
        [
          'an event id that is not a UUID',
          () => [uniqueStream(), [{ ...newEvent(), id: 'evt-1' }], undefined],
          /events\[0\]\.id must be a UUID/,
        ],
        [
          'the same id twice in one batch',
          () => {
            const e = newEvent();
            return [uniqueStream(), [e, { ...e }], undefined];
          },
          /appears twice/,
        ],
        [
          'a missing type',
          () => [uniqueStream(), [{ ...newEvent(), type: '' }], undefined],
          /events\[0\]\.type/,
        ],
        [
          'schema version 0',
          () => [uniqueStream(), [{ ...newEvent(), schemaVersion: 0 }], undefined],
          /schemaVersion/,
        ],
        [
          'data that is an array',
          () => [uniqueStream(), [{ ...newEvent(), data: [1] }], undefined],
          /data must be a JSON object/,
        ],
        [
          'NaN in data',
          () => [uniqueStream(), [newEvent('X', { amount: Number.NaN })], undefined],
          /data\.amount is NaN/,
        ],
        [
          'undefined in data',
          () => [uniqueStream(), [newEvent('X', { a: undefined } as never)], undefined],
          /data\.a is undefined/,
        ],
        [
          'a function in data',
          () => [uniqueStream(), [newEvent('X', { f: (() => 1) as never })], undefined],
          /data\.f is a function/,
        ],
        [
          'a bigint in data',
          () => [uniqueStream(), [newEvent('X', { n: 1n as never })], undefined],
          /data\.n is 1n/,
        ],
        [
          'a Date in data',
          () => [uniqueStream(), [newEvent('X', { at: new Date() as never })], undefined],
          /data\.at is a Date/,
        ],
        [
          'a NUL character in data',
          () => [uniqueStream(), [newEvent('X', { s: 'a\u0000b' })], undefined],
          /NUL/,
        ],
        [
          'metadata that is not an object',
          () => [uniqueStream(), [{ ...newEvent(), metadata: 'x' }], undefined],
          /metadata must be a JSON object/,
        ],
        [
          'an event over the size limit',
          () => [uniqueStream(), [newEvent('X', { blob: 'x'.repeat(MAX_EVENT_BYTES) })], undefined],
          /bytes of JSON; one event may hold at most/,
        ],
      ];
      it.each(cases)('%s', async (_label, make, message) => {
        const [stream, events, options] = make();
        const before = await store.headPosition();
        const error = await rejection(
          store.appendToStream(stream as string, events as NewEvent[], options as never),
        );
        expect(error).toBeInstanceOf(InvalidAppendError);
        expect(error).toBeInstanceOf(EventStoreError);
        expect((error as InvalidAppendError).code).toBe('INVALID_APPEND');
        expect((error as Error).message).toMatch(message);
        expect(await store.headPosition()).toBe(before);
      });

      it('rejects the whole batch when one event of several is malformed, and lists every problem', async () => {
        const stream = uniqueStream();
        const error = await rejection(
          store.appendToStream(stream, [
            newEvent('Fine'),
            newEvent('Bad', { amount: Number.POSITIVE_INFINITY }),
            { ...newEvent('Worse'), schemaVersion: -2 },
          ]),
        );
        expect(error).toBeInstanceOf(InvalidAppendError);
        expect((error as InvalidAppendError).problems).toEqual([
          'events[1].data.amount is Infinity, which is not a JSON number',
          'events[2].schemaVersion must be a positive integer, got -2',
        ]);
        expect(await store.readStream(stream)).toEqual([]);
      });
    });

    describe('appendToStreams and readStreams', () => {
      it('appends to several streams with their own expectations, results in request order', async () => {
        const [a, b, c] = [uniqueStream(), uniqueStream(), uniqueStream()];
        await store.appendToStream(b, [newEvent('B0')]);
        const results = await store.appendToStreams([
          { streamId: a, events: [newEvent('A0'), newEvent('A1')], expectedRevision: 'no_stream' },
          { streamId: b, events: [newEvent('B1')], expectedRevision: 0n },
          { streamId: c, events: [newEvent('C0')] },
        ]);
        expect(results.map((r) => r.nextExpectedRevision)).toEqual([1n, 1n, 0n]);
        expect(results.every((r) => r.appended)).toBe(true);
        const read = await store.readStreams([a, b, c, uniqueStream('absent')]);
        expect(read.get(a)?.map((e) => e.type)).toEqual(['A0', 'A1']);
        expect(read.get(b)?.map((e) => e.type)).toEqual(['B0', 'B1']);
        expect(read.get(c)?.map((e) => e.position)).toEqual(results[2]?.positions);
        expect([...read.values()].at(-1)).toEqual([]);
      });

      it('answers a re-sent request with the original positions and writes nothing', async () => {
        const parts = [
          { streamId: uniqueStream(), events: [newEvent('A')], expectedRevision: 'no_stream' as const },
          {
            streamId: uniqueStream(),
            events: [newEvent('B'), newEvent('C')],
            expectedRevision: 'no_stream' as const,
          },
        ];
        const first = await store.appendToStreams(parts);
        const head = await store.headPosition();
        const again = await store.appendToStreams(parts);
        expect(again.map((r) => r.appended)).toEqual([false, false]);
        expect(again.map((r) => r.positions)).toEqual(first.map((r) => r.positions));
        expect(await store.headPosition()).toBe(head);
      });

      it('names the stream whose expectation failed; an atomic store writes none of the parts', async () => {
        const [ok, stale] = [uniqueStream(), uniqueStream()];
        await store.appendToStream(stale, [newEvent('X')]);
        const error = await rejection(
          store.appendToStreams([
            { streamId: ok, events: [newEvent('A')], expectedRevision: 'no_stream' },
            { streamId: stale, events: [newEvent('B')], expectedRevision: 'no_stream' },
          ]),
        );
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId: stale });
        if (store.atomicMultiStreamAppend) expect(await store.readStream(ok)).toEqual([]);
        expect(await store.readStream(stale)).toHaveLength(1);
      });

      it('validates the whole request before writing anything', async () => {
        const stream = uniqueStream();
        const shared = newEvent('A');
        const cases: [unknown, RegExp][] = [
          [[], /empty/],
          [
            [
              { streamId: stream, events: [newEvent()] },
              { streamId: stream, events: [newEvent()] },
            ],
            /appears twice/,
          ],
          [
            [
              { streamId: stream, events: [shared] },
              { streamId: uniqueStream(), events: [shared] },
            ],
            /two parts/,
          ],
          [
            [
              { streamId: stream, events: [newEvent()] },
              { streamId: uniqueStream(), events: [] },
            ],
            /appends\[1\].*empty/,
          ],
          [[{ streamId: stream, events: [newEvent()], expectedRevision: 'latest' }], /expectedRevision/],
        ];
        for (const [request, message] of cases) {
          const error = await rejection(store.appendToStreams(request as never));
          expect(error).toBeInstanceOf(InvalidAppendError);
          expect((error as Error).message).toMatch(message);
        }
        expect(await store.readStream(stream)).toEqual([]);
      });
    });

    describe('$all', () => {
      it('pages forward in commit order across streams', async () => {
        const start = await store.headPosition();
        const a = uniqueStream('a');
        const b = uniqueStream('b');
        await store.appendToStream(a, [newEvent('E', { n: 1 }), newEvent('E', { n: 2 })]);
        await store.appendToStream(b, [newEvent('E', { n: 3 })]);
        await store.appendToStream(a, [newEvent('E', { n: 4 })]);
        const first = await store.readAll({ after: start, maxCount: 3 });
        expect(first.events.map((e) => e.data.n)).toEqual([1, 2, 3]);
        expect(first.isEnd).toBe(false);
        expect(first.nextAfter).toBe(first.events[2]!.position);
        const second = await store.readAll({ after: first.nextAfter, maxCount: 3 });
        expect(second.events.map((e) => [e.streamId, e.revision, e.data.n])).toEqual([[a, 2n, 4]]);
        expect(second.isEnd).toBe(true);
        const empty = await store.readAll({ after: second.nextAfter });
        expect(empty).toEqual({ events: [], nextAfter: second.nextAfter, isEnd: true });
        expect(await store.headPosition()).toBe(second.nextAfter);
      });

      it('pages forward over the events of the types asked for only', async () => {
        const start = await store.headPosition();
        const a = uniqueStream('a');
        const b = uniqueStream('b');
        await store.appendToStream(a, [newEvent('Kept', { n: 1 }), newEvent('Skipped', { n: 2 })]);
        await store.appendToStream(b, [newEvent('Other', { n: 3 }), newEvent('Kept', { n: 4 })]);
        await store.appendToStream(a, [newEvent('Skipped', { n: 5 }), newEvent('Other', { n: 6 })]);
        const types = ['Kept', 'Other'];
        const first = await store.readAll({ after: start, maxCount: 2, types });
        expect(first.events.map((e) => [e.type, e.data.n])).toEqual([
          ['Kept', 1],
          ['Other', 3],
        ]);
        expect(first.isEnd).toBe(false);
        expect(first.nextAfter).toBe(first.events[1]!.position);
        const second = await store.readAll({ after: first.nextAfter, maxCount: 3, types });
        expect(second.events.map((e) => [e.type, e.data.n])).toEqual([
          ['Kept', 4],
          ['Other', 6],
        ]);
        expect(second.isEnd).toBe(true);
        expect(second.nextAfter).toBe(await store.headPosition());
      });

      it('reads the same pages for a fold (readAllData, where the store has it, else readAll)', async () => {
        const start = await store.headPosition();
        const a = uniqueStream('a');
        await store.appendToStream(a, [newEvent('Kept', { n: 1 }), newEvent('Skipped', { n: 2 })]);
        await store.appendToStream(uniqueStream('b'), [newEvent('Kept', { n: 3, note: '中文' })]);
        const fold = ({ position, type, schemaVersion, data, recordedAt }: DataEvent) => ({
          position,
          type,
          schemaVersion,
          data,
          recordedAt,
        });
        for (const options of [
          { after: start, maxCount: 2 },
          { after: start, types: ['Kept'] },
        ]) {
          const full = await store.readAll(options);
          const data = await readAllDataOf(store, options);
          expect(data.events.map(fold)).toEqual(full.events.map(fold));
          expect([data.nextAfter, data.isEnd]).toEqual([full.nextAfter, full.isEnd]);
        }
        if (store.readAllData)
          await expect(store.readAllData({ maxCount: 0 })).rejects.toMatchObject({ code: 'INVALID_READ' });
      });

      it('rejects a bad page request', async () => {
        await expect(store.readAll({ maxCount: 0 })).rejects.toMatchObject({ code: 'INVALID_READ' });
        await expect(store.readAll({ after: -1n })).rejects.toMatchObject({ code: 'INVALID_READ' });
        await expect(store.readAll({ types: [] })).rejects.toMatchObject({ code: 'INVALID_READ' });
      });
    });

    describe('subscribeToAll', () => {
      it('catches up from a checkpoint, reports caught-up, then delivers live appends in order', async () => {
        const stream = uniqueStream();
        const checkpoint = await store.headPosition();
        await store.appendToStream(stream, [newEvent('Old', { n: 1 }), newEvent('Old', { n: 2 })]);
        const controller = new AbortController();
        const iterator = store
          .subscribeToAll({ after: checkpoint, signal: controller.signal })
          [Symbol.asyncIterator]();
        const seen: SubscriptionBatch[] = [];
        const caught = await take(iterator, 2, (b) => void seen.push(b));
        expect(caught.map((e) => e.data.n)).toEqual([1, 2]);
        let batch = seen.at(-1)!;
        while (!batch.caughtUp) {
          const next = await iterator.next();
          batch = next.value as SubscriptionBatch;
        }
        expect(batch.caughtUp).toBe(true);
        const live = take(iterator, 3);
        await store.appendToStream(stream, [newEvent('New', { n: 3 })]);
        await store.appendToStream(stream, [newEvent('New', { n: 4 }), newEvent('New', { n: 5 })]);
        const liveEvents = await live;
        expect(liveEvents.map((e) => e.data.n)).toEqual([3, 4, 5]);
        const positions = [...caught, ...liveEvents].map((e) => e.position);
        expect([...positions].sort((x, y) => (x < y ? -1 : 1))).toEqual(positions);
        controller.abort();
        expect((await iterator.next()).done).toBe(true);
      });

      it('reports caught-up at once on an empty tail and ends when the consumer breaks', async () => {
        const head = await store.headPosition();
        const batches: SubscriptionBatch[] = [];
        for await (const batch of store.subscribeToAll({ after: head })) {
          batches.push(batch);
          if (batch.caughtUp) break;
        }
        expect(batches.at(-1)).toEqual({ events: [], caughtUp: true });
      });

      it('never hands over more than maxBatchSize events at once', async () => {
        const stream = uniqueStream();
        const checkpoint = await store.headPosition();
        await store.appendToStream(
          stream,
          Array.from({ length: 95 }, (_, i) => newEvent('Bulk', { i })),
        );
        const iterator = store
          .subscribeToAll({ after: checkpoint, maxBatchSize: 10 })
          [Symbol.asyncIterator]();
        const sizes: number[] = [];
        const events = await take(iterator, 95, async (b) => {
          sizes.push(b.events.length);
          await new Promise((r) => setTimeout(r, 2)); // a slow consumer
        });
        await iterator.return?.();
        expect(Math.max(...sizes)).toBeLessThanOrEqual(10);
        expect(events.map((e) => e.data.i)).toEqual(Array.from({ length: 95 }, (_, i) => i));
      });
    });
  });
}
