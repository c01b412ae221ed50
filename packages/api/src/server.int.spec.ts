import type { AddressInfo } from 'node:net';
import { currentVersion, employeeStream } from '@trackrecord/domain';
import { migrateEventStore, newEventId, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import {
  createDb,
  type Database,
  migrateReadModels,
  type PeopleDb,
  peopleProjection,
  rebuildProjection,
} from '@trackrecord/projections';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenService } from './auth/tokens.ts';
import { createApiServer } from './server.ts';

let database: TestDatabase;
let store: PostgresEventStore;
let db: Kysely<Database>;
let base: string;
let ready = false;
let close: () => Promise<void>;
beforeAll(async () => {
  database = await createTestDatabase('api_server');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  db = createDb<Database>(database.url);
  const tokens = createTokenService('an-api-test-secret-long-enough-0123456789');
  const server = createApiServer({
    store,
    db,
    ready: () => ready,
    production: false,
    tokens,
    metricsToken: 'the-metrics-token',
  });
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

async function graphql(query: string, token?: string) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: unknown[] } };
}

async function signIn(persona: Record<string, string>): Promise<string> {
  const response = await fetch(`${base}/auth/dev-sign-in`, { method: 'POST', body: JSON.stringify(persona) });
  return ((await response.json()) as { token: string }).token;
}

async function hire(employeeId: string, name: string, branchId: string, teamId: string) {
  await store.appendToStream(employeeStream(employeeId), [
    {
      id: newEventId(),
      type: 'EmployeeHired',
      schemaVersion: currentVersion('EmployeeHired'),
      data: {
        employeeId,
        name,
        branchId,
        teamId,
        regionId: 'r',
        managerId: null,
        level: 'sales_representative',
        track: 'sales_management',
        hiredAt: '2026-01-05',
        probationEnd: null,
        recruitingFit: 70,
      },
    },
  ]);
}

describe('people through GraphQL', () => {
  it('refuses a request without a token, naming what to send', async () => {
    const { body } = await graphql('{ people { edges { node { id } } } }');
    expect(JSON.stringify(body.errors)).toContain('sign in first');
  });

  it('shows a branch manager only their branch, in lists, by id and in the organisation tree', async () => {
    await hire('p1', 'Alice', 'sh', 'sh-1');
    await hire('p2', 'Bob', 'bj', 'bj-1');
    await hire('p3', 'Carol', 'sh', 'sh-2');
    await rebuildProjection(store, db as unknown as Kysely<PeopleDb>, peopleProjection);
    const manager = await signIn({ userId: 'm', name: 'M', role: 'branch_manager', branchId: 'sh' });
    const list = await graphql(
      '{ people(first: 1) { edges { node { id name branchId } } pageInfo { hasNextPage endCursor } } }',
      manager,
    );
    const page = (
      list.body.data as {
        people: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      }
    ).people;
    expect(page.edges.map((e) => e.node.id)).toEqual(['p1']);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await graphql(
      `{ people(first: 5, after: "${page.pageInfo.endCursor}") { edges { node { id } } } }`,
      manager,
    );
    expect(next.body.data).toEqual({ people: { edges: [{ node: { id: 'p3' } }] } });
    const other = await graphql('{ person(id: "p2") { name } }', manager);
    expect(other.body.data).toEqual({ person: null });
    expect(other.body.errors).toBeUndefined(); // out of scope looks exactly like unknown
    const org = await graphql('{ organisation { id teams { id activeCount } } }', manager);
    expect(org.body.data).toEqual({
      organisation: [
        {
          id: 'sh',
          teams: [
            { id: 'sh-1', activeCount: 1 },
            { id: 'sh-2', activeCount: 1 },
          ],
        },
      ],
    });
    const hr = await signIn({ userId: 'h', name: 'HR', role: 'hr_admin' });
    const everyone = await graphql('{ people { edges { node { id } } } }', hr);
    expect(JSON.stringify(everyone.body.data)).toContain('p2');
  });

  it('caps page size and names a bad cursor', async () => {
    const hr = await signIn({ userId: 'h', name: 'HR', role: 'hr_admin' });
    expect(
      JSON.stringify((await graphql('{ people(first: 500) { edges { cursor } } }', hr)).body.errors),
    ).toContain('first (page size): must be a whole number from 1 to 100');
    expect(
      JSON.stringify((await graphql('{ people(after: "zzz") { edges { cursor } } }', hr)).body.errors),
    ).toContain('not a cursor this API returned');
  });
});

describe('API server', () => {
  it('answers GraphQL with the store head as a decimal string', async () => {
    await store.appendToStream('api-test', [
      { id: newEventId(), type: 'Tested', schemaVersion: 1, data: {} },
    ]);
    const head = await store.headPosition();
    const hr = await signIn({ userId: 'h', name: 'HR', role: 'hr_admin' });
    const { status, body } = await graphql('{ headPosition }', hr);
    expect(status).toBe(200);
    expect(body).toEqual({ data: { headPosition: head.toString() } });
    // Every field needs a token, the store's head too.
    const anonymous = await graphql('{ headPosition businessMonth }');
    expect(anonymous.body.data ?? null).toBeNull();
    expect(JSON.stringify(anonymous.body.errors)).toContain('sign in first');
  });

  it('signs in a dev persona and rejects an invalid one with the reason', async () => {
    const bad = await fetch(`${base}/auth/dev-sign-in`, {
      method: 'POST',
      body: JSON.stringify({ userId: 'u', name: 'x', role: 'branch_manager' }),
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('branchId: a branch_manager needs branchId');
    expect(await signIn({ userId: 'h', name: 'HR', role: 'hr_admin' })).toMatch(/^ey/);
  });

  it('reports readiness 503 until ready, then 200; /livez is 200 all along', async () => {
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    expect((await fetch(`${base}/healthz`)).status).toBe(503);
    expect((await fetch(`${base}/livez`)).status).toBe(200);
    ready = true;
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ready: true, status: 'ready' });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('exposes Prometheus metrics with the head position and request timings', async () => {
    const hr = await signIn({ userId: 'h', name: 'HR', role: 'hr_admin' });
    await graphql('query Named { headPosition }', hr);
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer a-wrong-token' } })).status,
    ).toBe(401);
    const text = await (
      await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer the-metrics-token' } })
    ).text();
    expect(text).toMatch(
      new RegExp(`^trackrecord_eventstore_head_position ${await store.headPosition()}$`, 'm'),
    );
    const count = (metrics: string) =>
      Number(
        /^trackrecord_graphql_request_seconds_count\{operation="headPosition"\} (\d+)$/m.exec(metrics)?.[1],
      );
    expect(count(text)).toBeGreaterThan(0);
    expect(text).not.toMatch(/operation="Named"/);
    // Labels are bounded: 50 operations named by the client make no new series.
    for (let i = 0; i < 50; i++) await graphql(`query Random${i} { headPosition }`, hr);
    const after = await (
      await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer the-metrics-token' } })
    ).text();
    expect(after).not.toMatch(/Random/);
    expect(count(after)).toBe(count(text) + 50);
  });

  it('names what is wrong in a bad query', async () => {
    const { body } = await graphql('{ nope }');
    expect(JSON.stringify(body.errors)).toContain('Cannot query field \\"nope\\" on type \\"Query\\"');
  });
});
