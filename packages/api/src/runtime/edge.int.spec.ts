import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';

/**
 * The edge, through HTTP on PostgreSQL: every field needs a token,
 * a 10 MB body is refused before the token is read, and a manager cannot tell an unknown
 * person from another team's (Forbidden vs NotFound).
 */
let database: TestDatabase;
let api: ApiHarness;
let hr: string;
beforeAll(async () => {
  database = await createTestDatabase('api_edge');
  api = await startApiHarness(database.url, { poolSize: 4 });
  hr = await api.token({ userId: 'hr-1', name: 'HR', role: 'hr_admin', employeeId: 'h1' });
  for (const [id, team] of [
    ['e1', 't1'],
    ['e2', 't2'],
  ] as const) {
    const { body } = await api.graphql<{ hireEmployee: { __typename: string } }>(
      `mutation($input: HireEmployeeInput!) { hireEmployee(input: $input) { __typename } }`,
      {
        token: hr,
        variables: {
          input: {
            employeeId: id,
            name: `Person ${id}`,
            branchId: 'b1',
            teamId: team,
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
  }
});
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

describe('problem 8: the smaller ones', () => {
  it('answers no field without a token: headPosition, businessMonth, projectionLag', async () => {
    for (const field of ['headPosition', 'businessMonth', 'projectionLag { projection }']) {
      const { body } = await api.graphql(`{ ${field} }`);
      expect(body.data ?? null, field).toBeNull();
      expect(body.errors?.[0]?.message, field).toMatch(/sign in first/);
    }
    // The schema itself stays open (GraphiQL in development).
    const schema = await api.graphql('{ __schema { queryType { name } } }');
    expect(schema.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('refuses a 10 MB body before reading the token or running anything', async () => {
    const head = await api.store.headPosition();
    const response = await fetch(`${api.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ headPosition }`, padding: 'x'.repeat(10 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toMatch(/at most 1048576 are accepted \(MAX_BODY_BYTES\)/);
    expect(await api.store.headPosition()).toBe(head);
  });

  it('answers a manager alike for an unknown person and for another team’s', async () => {
    const manager = await api.token({ userId: 'm1', name: 'M', role: 'team_manager', teamId: 't1' });
    const followUp = async (employeeId: string) => {
      const { body } = await api.graphql<{ logFollowUp: Record<string, unknown> }>(
        `mutation($input: LogFollowUpInput!) {
           logFollowUp(input: $input) { __typename ... on Forbidden { rule } ... on NotFound { rule } }
         }`,
        {
          token: manager,
          variables: { input: { employeeId, customerId: 'k1', at: '2026-02-02T10:00:00Z' } },
        },
      );
      return body.data?.logFollowUp;
    };
    const otherTeam = await followUp('e2');
    const unknown = await followUp('e-never-hired');
    expect(otherTeam).toEqual({ __typename: 'Forbidden', rule: 'outside_scope' });
    expect(unknown).toEqual(otherTeam);
    expect(await followUp('e1')).toEqual({ __typename: 'CommandSucceeded' });
  });
});
