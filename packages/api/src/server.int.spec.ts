import type { AddressInfo } from 'node:net';
import { migrateEventStore, newEventId, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { createDb, migrateReadModels } from '@trackrecord/projections';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer } from './server.ts';

let database: TestDatabase;
let store: PostgresEventStore;
let db: Kysely<unknown>;
let base: string;
let ready = false;
let close: () => Promise<void>;
beforeAll(async () => {
  database = await createTestDatabase('api_server');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  db = createDb(database.url);
  const server = createApiServer({ store, db, ready: () => ready, production: false });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(async () => {
  await close?.();
  await db?.destroy();
  await store?.close();
  await database?.drop();
});

async function graphql(query: string) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: unknown[] } };
}

describe('API server', () => {
  it('answers GraphQL with the store head as a decimal string', async () => {
    await store.appendToStream('api-test', [
      { id: newEventId(), type: 'Tested', schemaVersion: 1, data: {} },
    ]);
    const { status, body } = await graphql('{ headPosition projectionLag { projection } }');
    expect(status).toBe(200);
    expect(body).toEqual({ data: { headPosition: '1', projectionLag: [] } });
  });

  it('reports health 503 until ready, then 200', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(503);
    ready = true;
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('exposes Prometheus metrics with the head position and request timings', async () => {
    await graphql('query Named { headPosition }');
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/^trackrecord_eventstore_head_position 1$/m);
    expect(text).toMatch(/trackrecord_graphql_request_seconds_count\{operation="Named"\} 1/);
  });

  it('names what is wrong in a bad query', async () => {
    const { body } = await graphql('{ nope }');
    expect(JSON.stringify(body.errors)).toContain('Cannot query field \\"nope\\" on type \\"Query\\"');
  });
});
