import { describe, expect, it } from 'vitest';
import { EventStoreDBEventStore } from './esdb/store.ts';
import { createEventStore } from './factory.ts';
import { PostgresEventStore } from './postgres/store.ts';

// Neither store connects before it is used, so no server is needed here.
describe('createEventStore', () => {
  const databaseUrl = 'postgres://nobody@127.0.0.1:1/none';

  it('keeps events in PostgreSQL when no EventStoreDB URL is given', async () => {
    for (const eventStoreUrl of [undefined, '', '  ']) {
      const { store, kind } = createEventStore({ eventStoreUrl, databaseUrl });
      expect(kind).toBe('postgres');
      expect(store).toBeInstanceOf(PostgresEventStore);
      await store.close();
    }
  });

  it('selects EventStoreDB for esdb:// and esdb+discover:// URLs', async () => {
    for (const eventStoreUrl of [
      'esdb://127.0.0.1:2113?tls=false',
      'esdb+discover://cluster.internal:2113',
    ]) {
      const { store, kind } = createEventStore({ eventStoreUrl, databaseUrl });
      expect(kind).toBe('eventstoredb');
      expect(store).toBeInstanceOf(EventStoreDBEventStore);
      await store.close();
    }
  });

  it('refuses a URL that is not an EventStoreDB connection string', () => {
    expect(() => createEventStore({ eventStoreUrl: 'postgres://x@y/z', databaseUrl })).toThrow(
      /EVENTSTORE_URL must be an EventStoreDB connection string/,
    );
  });
});
