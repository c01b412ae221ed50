import { newEventId } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';
import type { HealthReport } from './health.ts';

/**
 * One event must not take the service down for good, on PostgreSQL
 * with the platform's own projection runners: an event that makes a handler throw (here an
 * `OrgUnitNamed` whose data the org-units read model cannot parse, written past the API as an
 * old or foreign writer could) stops that read model alone. The API keeps answering, the
 * other read models go on, `/readyz` names the stuck one and why, `/livez` stays 200, the
 * failure is recorded for operators and counted in `/metrics`, and read-your-writes does not
 * wait for the stuck one.
 */
let database: TestDatabase;
let api: ApiHarness;
let hr: string;
beforeAll(async () => {
  database = await createTestDatabase('api_health');
  api = await startApiHarness(database.url, { runners: true, poolSize: 4 });
  hr = await api.token({ userId: 'hr-1', name: 'HR', role: 'hr_admin', employeeId: 'h1' });
});
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

async function readyz(path = '/readyz'): Promise<{ status: number; body: HealthReport }> {
  const response = await fetch(`${api.base}${path}`);
  return { status: response.status, body: (await response.json()) as HealthReport };
}

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`not met in time: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function hire(employeeId: string): Promise<string> {
  const { body } = await api.graphql<{ hireEmployee: { __typename: string; position?: string } }>(
    `mutation Hire($input: HireEmployeeInput!) {
       hireEmployee(input: $input) { __typename ... on CommandSucceeded { position } }
     }`,
    {
      token: hr,
      variables: {
        input: {
          employeeId,
          name: `Person ${employeeId}`,
          branchId: 'b1',
          teamId: 't1',
          regionId: 'east',
          level: 'sales_representative',
          track: 'sales_management',
          hiredAt: '2026-01-05',
          recruitingFit: 70,
        },
      },
    },
  );
  expect(body.data?.hireEmployee.__typename).toBe('CommandSucceeded');
  return body.data?.hireEmployee.position as string;
}

describe('problem 1: a projection can never be poisoned', () => {
  it('stops only the read model whose handler throws; the API answers and /readyz names it', async () => {
    const ready = await until(readyz, (r) => r.status === 200);
    expect(ready.body).toMatchObject({ ready: true, status: 'ready' });
    await hire('e1');

    // The poison: written straight to the store, as a foreign or older writer could.
    await api.store.appendToStream('org-unit-team-t9', [
      {
        id: newEventId(),
        type: 'OrgUnitNamed',
        schemaVersion: 1,
        data: { kind: 'team', unitId: 't9', nameZh: 9999, nameEn: null },
      },
    ]);
    const after = await hire('e2');

    const stuck = await until(readyz, (r) => r.body.status === 'stuck');
    expect(stuck.status).toBe(503);
    expect(stuck.body.ready).toBe(false);
    expect(stuck.body.message).toMatch(/projection org_units is stuck at OrgUnitNamed \(position \d+\): /);
    const orgUnits = stuck.body.components.find((c) => c.name === 'org_units');
    expect(orgUnits?.stuck).toMatchObject({ eventType: 'OrgUnitNamed', streamId: 'org-unit-team-t9' });
    expect(orgUnits?.stuck?.error).toMatch(/nameZh/);
    // Only that one: every other read model goes on to the head.
    const others = await until(readyz, (r) =>
      r.body.components
        .filter((c) => c.name !== 'org_units')
        .every((c) => c.caughtUp && BigInt(c.position) >= BigInt(after)),
    );
    expect(others.body.components.filter((c) => c.stuck).map((c) => c.name)).toEqual(['org_units']);
    // /healthz says the same (kept for older probes); /livez: the process is up.
    expect((await readyz('/healthz')).body.status).toBe('stuck');
    const live = await fetch(`${api.base}/livez`);
    expect(live.status).toBe(200);

    // The API answers, reads its own write at once (the stuck read model is not waited for)
    // and shows the lag.
    const { status, body } = await api.graphql<{
      person: { name: string } | null;
      projectionLag: { projection: string; eventsBehind: string }[];
      projectionFailures: {
        projection: string;
        eventType: string;
        error: string;
        resolvedAt: string | null;
      }[];
    }>(
      `query Read($at: Position!) @waitFor(position: $at) {
         person(id: "e2") { name }
         projectionLag { projection eventsBehind }
         projectionFailures(open: true) { projection eventType error resolvedAt }
       }`,
      { token: hr, variables: { at: after } },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.person).toEqual({ name: 'Person e2' });
    expect(body.extensions?.waitFor).toMatchObject({ reached: true });
    const lag = body.data?.projectionLag.find((l) => l.projection === 'org_units');
    expect(BigInt(lag?.eventsBehind ?? '0')).toBeGreaterThan(0n);
    expect(body.data?.projectionFailures).toEqual([
      expect.objectContaining({ projection: 'org_units', eventType: 'OrgUnitNamed', resolvedAt: null }),
    ]);

    // The operator alert: a gauge to alert on.
    const metrics = await (
      await fetch(`${api.base}/metrics`, { headers: { authorization: `Bearer ${api.metricsToken}` } })
    ).text();
    expect(metrics).toMatch(/^trackrecord_projection_stuck\{projection="org_units"\} 1$/m);
  });
});
