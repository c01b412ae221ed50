import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from './server.ts';
import { type ApiHarness, startApiHarness } from './testing/harness.ts';

/** GraphQL over HTTP (https://graphql.github.io/graphql-over-http/), the protection limits and production mode. */
let database: TestDatabase;
let dev: ApiHarness;
let prod: ApiHarness;
let token: string;
let prodToken: string;
beforeAll(async () => {
  database = await createTestDatabase('api_conformance');
  dev = await startApiHarness(database.url);
  prod = await startApiHarness(database.url, { production: true });
  token = await dev.token({ userId: 'an', name: 'An', role: 'analyst' });
  prodToken = await prod.token({ userId: 'an', name: 'An', role: 'analyst' });
});
afterAll(async () => {
  await dev?.close();
  await prod?.close();
  await database?.drop();
});

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const get = (api: ApiHarness, params: Record<string, string>, accept = GRAPHQL_RESPONSE, auth = token) =>
  fetch(`${api.base}/graphql?${new URLSearchParams(params)}`, {
    headers: { accept, authorization: `Bearer ${auth}` },
  });

describe('GraphQL over HTTP', () => {
  it('answers a query over GET and POST as application/graphql-response+json', async () => {
    const viaGet = await get(dev, { query: '{ headPosition }' });
    expect(viaGet.status).toBe(200);
    expect(viaGet.headers.get('content-type')).toContain(GRAPHQL_RESPONSE);
    expect(await viaGet.json()).toEqual({ data: { headPosition: '0' } });
    const viaPost = await dev.graphql('{ headPosition }', { token });
    expect(viaPost.status).toBe(200);
    expect(viaPost.contentType).toContain(GRAPHQL_RESPONSE);
  });

  it('answers application/json to a client that asks only for it', async () => {
    const response = await get(dev, { query: '{ headPosition }' }, 'application/json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
  });

  it('refuses a mutation over GET with 405 and Allow: POST', async () => {
    const response = await get(dev, {
      query: 'mutation { passProbation(input: { employeeId: "x" }) { __typename } }',
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toContain('POST');
  });

  it('answers 400 to a document that does not parse or validate', async () => {
    const parse = await dev.graphql('{ headPosition', { token });
    expect(parse.status).toBe(400);
    expect(JSON.stringify(parse.body.errors)).toContain('Syntax Error');
    const invalid = await dev.graphql('{ nope }', { token });
    expect(invalid.status).toBe(400);
    expect(invalid.body.data).toBeUndefined();
  });

  it('answers 200 with errors beside data when a field fails at execution', async () => {
    const { status, body } = await dev.graphql('{ people(first: 500) { edges { cursor } } }', { token });
    expect(status).toBe(200);
    expect(body.errors?.[0]?.message).toContain('first (page size): must be a whole number from 1 to 100');
  });
});

describe('protection', () => {
  it(`refuses documents deeper than ${LIMITS.maxDepth}`, async () => {
    const nested = `{ person(id: "x") { ${'manager { '.repeat(LIMITS.maxDepth)} id ${'} '.repeat(LIMITS.maxDepth)} } }`;
    const { status, body } = await dev.graphql(nested, { token });
    expect(status).toBe(400);
    expect(JSON.stringify(body.errors)).toContain('depth limit');
  });

  it(`refuses more than ${LIMITS.maxAliases} aliases`, async () => {
    const aliases = Array.from({ length: LIMITS.maxAliases + 1 }, (_, i) => `h${i}: headPosition`).join(' ');
    const { status, body } = await dev.graphql(`{ ${aliases} }`, { token });
    expect(status).toBe(400);
    expect(JSON.stringify(body.errors)).toContain('Aliases limit');
  });

  it(`refuses documents costing more than ${LIMITS.maxCost}`, async () => {
    const fields = 'id name level track status probation hiredAt';
    const costly = `{ ${Array.from({ length: 14 }, (_, i) => `p${i}: people(first: 100) { edges { node { ${fields} manager { ${fields} manager { ${fields} } } } } }`).join(' ')} }`;
    const { status, body } = await dev.graphql(costly, { token });
    expect(status).toBe(400);
    expect(JSON.stringify(body.errors)).toMatch(/Cost limit of 5000 exceeded/i);
  });

  it('logs each request with its operation name and duration', async () => {
    dev.requests.length = 0;
    await dev.graphql('query Head { headPosition }', { token });
    expect(dev.requests).toEqual([
      { operation: 'Head', kind: 'query', durationMs: expect.any(Number), errors: 0, role: 'analyst' },
    ]);
  });
});

describe('production mode', () => {
  it('turns introspection off', async () => {
    const { status, body } = await prod.graphql('{ __schema { types { name } } }', { token: prodToken });
    expect(status).toBe(400);
    expect(JSON.stringify(body.errors)).toContain('introspection');
    const devIntrospection = await dev.graphql('{ __schema { queryType { name } } }', { token });
    expect(devIntrospection.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('masks unexpected errors but keeps the messages meant for the client', async () => {
    const client = await prod.graphql('{ people(first: 500) { edges { cursor } } }', { token: prodToken });
    expect(client.body.errors?.[0]?.message).toContain(
      'first (page size): must be a whole number from 1 to 100',
    );
    const unexpected = await prod.graphql(
      '{ kpiTotals(months: { from: "2026-01", to: "2026-02" }) { salesAmount } }',
      { token: 'not-a-token' },
    );
    expect(JSON.stringify(unexpected.body.errors)).toContain('the token is not valid');
    // An internal failure (the read models' connection gone) shows no internals.
    const broken = await startApiHarness(database.url, { production: true });
    const brokenToken = await broken.token({ userId: 'an', name: 'An', role: 'analyst' });
    await broken.db.destroy();
    const masked = await broken.graphql('{ organisation { id } }', { token: brokenToken });
    expect(masked.body.errors?.[0]?.message).toBe('Unexpected error.');
    await broken.close().catch(() => {});
  });

  it('has no dev sign-in', async () => {
    const response = await fetch(`${prod.base}/auth/dev-sign-in`, {
      method: 'POST',
      body: JSON.stringify({ userId: 'u', name: 'U', role: 'hr_admin' }),
    });
    expect(response.status).not.toBe(200);
  });
});
