import { afterAll, beforeAll } from 'vitest';
import { eventStoreContract } from '../contract/index.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { migrateEventStore } from './migrate.ts';
import { PostgresEventStore } from './store.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('contract');
  await migrateEventStore(db.url);
});
afterAll(async () => {
  await db?.drop();
});

eventStoreContract('postgres', async () => {
  const store = new PostgresEventStore({ connectionString: db.url, pollIntervalMs: 200 });
  return { store, teardown: () => store.close() };
});
