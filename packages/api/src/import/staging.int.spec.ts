import { migrateEventStore, PostgresEventStore, WrongExpectedRevisionError } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StagedEventStore } from './staging.ts';

let database: TestDatabase;
let store: PostgresEventStore;
beforeAll(async () => {
  database = await createTestDatabase('api_staging');
  await migrateEventStore(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
});
afterAll(async () => {
  await store?.close();
  await database?.drop();
});

const event = (n: number) => ({
  id: `018f0000-0000-7000-8000-${String(n).padStart(12, '0')}`,
  type: 'Noted',
  schemaVersion: 1,
  data: { n },
});

describe('a staged store', () => {
  it('shows staged events to readers, checks revisions, and writes only on commit', async () => {
    await store.appendToStream('s-1', [event(1)]);
    const staged = new StagedEventStore(store);
    await staged.appendToStream('s-1', [event(2)], { expectedRevision: 0n });
    await staged.appendToStream('s-2', [event(3)], { expectedRevision: 'no_stream' });
    expect((await staged.readStream('s-1')).map((e) => [e.revision, e.data])).toEqual([
      [0n, { n: 1 }],
      [1n, { n: 2 }],
    ]);
    await expect(staged.appendToStream('s-1', [event(4)], { expectedRevision: 0n })).rejects.toThrow(
      WrongExpectedRevisionError,
    );
    expect(await staged.appendToStream('s-1', [event(2)])).toMatchObject({ appended: false });
    expect(await store.headPosition()).toBe(1n);

    const positions = await staged.commit();
    expect([...positions.values()].sort()).toEqual([2n, 3n]);
    expect((await store.readStream('s-1')).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
    expect((await store.readStream('s-2')).map((e) => e.data)).toEqual([{ n: 3 }]);
  });

  it('refuses to commit over a stream someone else wrote to since it was read', async () => {
    const staged = new StagedEventStore(store);
    await staged.appendToStream('s-3', [event(5)], { expectedRevision: 'no_stream' });
    await store.appendToStream('s-3', [event(6)]);
    await expect(staged.commit()).rejects.toThrow(WrongExpectedRevisionError);
    expect((await store.readStream('s-3')).map((e) => e.data)).toEqual([{ n: 6 }]);
  });
});
