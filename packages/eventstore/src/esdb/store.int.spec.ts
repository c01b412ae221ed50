import { afterAll, beforeAll } from 'vitest';
import { eventStoreContract } from '../contract/index.ts';
import { EventStoreDBEventStore } from './store.ts';
import { EsdbTestServer } from './testing/server.ts';

// Against a real server when EVENTSTORE_URL is set (see infra/README.md), else the protocol test double.
const realUrl = process.env.EVENTSTORE_URL?.trim() || undefined;
let server: EsdbTestServer | undefined;
beforeAll(async () => {
  if (!realUrl) server = await new EsdbTestServer().start();
});
afterAll(async () => {
  await server?.stop();
});

eventStoreContract(realUrl ? 'eventstoredb (real server)' : 'eventstoredb (test server)', async () => {
  const store = new EventStoreDBEventStore({ connectionString: realUrl ?? server!.connectionString });
  return { store, teardown: () => store.close() };
});
