import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent } from '../contract/index.ts';
import { IdempotencyConflictError, WrongExpectedRevisionError } from '../errors.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { migrateEventStore } from './migrate.ts';
import { PostgresEventStore } from './store.ts';

/**
 * Group commit: appends started together are written in one transaction, and each keeps its
 * own outcome — one append's conflict or refusal neither fails nor rolls back the others.
 */
let db: TestDatabase;
let store: PostgresEventStore;
beforeAll(async () => {
  db = await createTestDatabase('groupcommit');
  await migrateEventStore(db.url);
  store = new PostgresEventStore({ connectionString: db.url, poolSize: 3 });
});
afterAll(async () => {
  await store?.close();
  await db?.drop();
});

const settle = <T>(promises: Promise<T>[]) => Promise.allSettled(promises);
const commitsOf = async <T>(work: () => Promise<T>) => {
  await store.appends.drain();
  const before = store.appends.stats.commits;
  const result = await work();
  return { result, commits: store.appends.stats.commits - before };
};

describe('group commit', () => {
  it('writes appends started together in one commit, positions consecutive in the order they were made', async () => {
    const head = await store.headPosition();
    const streams = Array.from({ length: 8 }, () => `together-${randomUUID()}`);
    const { result, commits } = await commitsOf(() =>
      Promise.all(streams.map((s, i) => store.appendToStream(s, [newEvent(`A${i}`), newEvent(`B${i}`)]))),
    );
    expect(commits).toBe(1);
    expect(result.flatMap((r) => r.positions)).toEqual(
      Array.from({ length: 16 }, (_, i) => head + 1n + BigInt(i)),
    );
    expect(result.every((r) => r.appended && r.nextExpectedRevision === 1n)).toBe(true);
    const read = await store.readStreams(streams);
    expect(streams.map((s) => read.get(s)?.map((e) => e.type))).toEqual(
      streams.map((_, i) => [`A${i}`, `B${i}`]),
    );
  });

  it('fails only the append whose expected revision does not hold; the others are written', async () => {
    const taken = `taken-${randomUUID()}`;
    await store.appendToStream(taken, [newEvent('First')]);
    const others = [`ok-${randomUUID()}`, `ok-${randomUUID()}`];
    const head = await store.headPosition();
    const { result, commits } = await commitsOf(() =>
      settle([
        store.appendToStream(others[0]!, [newEvent('One')], { expectedRevision: 'no_stream' }),
        store.appendToStream(taken, [newEvent('Late')], { expectedRevision: 'no_stream' }),
        store.appendToStream(others[1]!, [newEvent('Two')], { expectedRevision: 'no_stream' }),
      ]),
    );
    expect(commits).toBe(1);
    expect(result.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const error = (result[1] as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ streamId: taken, actual: 0n });
    expect((await store.readStream(taken)).map((e) => e.type)).toEqual(['First']);
    expect((await store.readStream(others[0]!)).map((e) => e.type)).toEqual(['One']);
    expect((await store.readStream(others[1]!)).map((e) => e.type)).toEqual(['Two']);
    // A refused attempt may use up positions (the sequence is not transactional): gaps, never repeats.
    expect((await store.readAll({ after: head })).events.map((e) => e.type)).toEqual(['One', 'Two']);
  });

  it('fails only the append that reuses an id stored elsewhere, and rolls back all of that append', async () => {
    const used = newEvent('Used');
    await store.appendToStream(`used-${randomUUID()}`, [used]);
    const victim = `victim-${randomUUID()}`;
    const fine = `fine-${randomUUID()}`;
    const { result } = await commitsOf(() =>
      settle([
        store.appendToStream(victim, [newEvent('Mine'), used]),
        store.appendToStream(fine, [newEvent('Fine')]),
      ]),
    );
    expect(result[0]).toMatchObject({ status: 'rejected' });
    expect((result[0] as PromiseRejectedResult).reason).toBeInstanceOf(IdempotencyConflictError);
    expect((result[0] as PromiseRejectedResult).reason).toMatchObject({ streamId: victim });
    expect(result[1]).toMatchObject({ status: 'fulfilled' });
    expect(await store.readStream(victim)).toEqual([]);
    expect((await store.readStream(fine)).map((e) => e.type)).toEqual(['Fine']);
  });

  it('keeps a multi-stream request all-or-nothing inside a group, naming its failing stream', async () => {
    const existing = `exists-${randomUUID()}`;
    await store.appendToStream(existing, [newEvent('Before')]);
    const partOk = `part-${randomUUID()}`;
    const alone = `alone-${randomUUID()}`;
    const { result, commits } = await commitsOf(() =>
      settle([
        store.appendToStreams([
          { streamId: partOk, events: [newEvent('P')], expectedRevision: 'no_stream' },
          { streamId: existing, events: [newEvent('Q')], expectedRevision: 5n },
        ]),
        store.appendToStreams([{ streamId: alone, events: [newEvent('R')] }]),
      ]),
    );
    expect(commits).toBe(1);
    expect((result[0] as PromiseRejectedResult).reason).toMatchObject({
      code: 'WRONG_EXPECTED_REVISION',
      streamId: existing,
      actual: 0n,
    });
    expect(result[1]).toMatchObject({ status: 'fulfilled' });
    expect(await store.readStream(partOk)).toEqual([]);
    expect((await store.readStream(existing)).map((e) => e.type)).toEqual(['Before']);
    expect((await store.readStream(alone)).map((e) => e.type)).toEqual(['R']);
  });

  it('writes two appends to one stream in one group one after the other, as if sent in turn', async () => {
    const stream = `shared-${randomUUID()}`;
    const { result } = await commitsOf(() =>
      settle([
        store.appendToStream(stream, [newEvent('A')], { expectedRevision: 'no_stream' }),
        store.appendToStream(stream, [newEvent('B')]),
        store.appendToStream(stream, [newEvent('C')], { expectedRevision: 0n }),
      ]),
    );
    expect(result[0]).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0n } });
    expect(result[1]).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 1n } });
    expect((result[2] as PromiseRejectedResult).reason).toMatchObject({
      code: 'WRONG_EXPECTED_REVISION',
      actual: 1n,
    });
    expect((await store.readStream(stream)).map((e) => [e.type, e.revision])).toEqual([
      ['A', 0n],
      ['B', 1n],
    ]);
  });

  it('answers a re-send racing its original with the original positions, appending nothing twice', async () => {
    const stream = `resend-${randomUUID()}`;
    const events = [newEvent('Once'), newEvent('Twice')];
    const [first, again] = await Promise.all([
      store.appendToStream(stream, events, { expectedRevision: 'no_stream' }),
      store.appendToStream(stream, events, { expectedRevision: 'no_stream' }),
    ]);
    expect(first?.appended).toBe(true);
    expect(again).toEqual({ ...first, appended: false });
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('sends appends that arrive while a commit is in flight together in the next one', async () => {
    await store.appends.drain();
    const before = { ...store.appends.stats };
    const first = store.appendToStream(`lead-${randomUUID()}`, [newEvent('Lead')]);
    await new Promise((r) => setImmediate(r)); // the first one is on its way
    const followers = Array.from({ length: 5 }, () =>
      store.appendToStream(`follow-${randomUUID()}`, [newEvent('Follow')]),
    );
    await Promise.all([first, ...followers]);
    expect(store.appends.stats.commits - before.commits).toBe(2);
    expect(store.appends.stats.largest).toBeGreaterThanOrEqual(5);
  });
});
