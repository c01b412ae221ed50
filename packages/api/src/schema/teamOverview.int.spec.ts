import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedTeam, TEAM_OVERVIEW_QUERY } from '../testing/fixtures.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';

let database: TestDatabase;
let api: ApiHarness;
beforeAll(async () => {
  database = await createTestDatabase('api_team_overview');
  api = await startApiHarness(database.url);
  await seedTeam(api.store, 'small', 10);
  await seedTeam(api.store, 'large', 200);
  await api.rebuild();
}, 60_000);
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

it('runs the team overview (people, KPI facts, commission, manager, overview figures) in as many SQL statements for 200 people as for 10', async () => {
  const hr = await api.token({ userId: 'hr', name: 'HR', role: 'hr_admin' });
  const counts: Record<string, number> = {};
  for (const [team, size] of [
    ['small', 10],
    ['large', 200],
  ] as const) {
    api.resetStatements();
    const { body } = await api.graphql<{
      team: {
        members: {
          id: string;
          kpis: { salesAmount: number }[];
          commission: { commission: number } | null;
          manager: { id: string } | null;
          compositeScore: number | null;
          scoreMonth: string | null;
          scoreTrend: number[];
          monthToDateScore: number | null;
          monthToDateMonth: string | null;
          targetLight: string | null;
          eligible: boolean | null;
          riskBand: string | null;
        }[];
      };
    }>(TEAM_OVERVIEW_QUERY, { token: hr, variables: { team } });
    expect(body.errors).toBeUndefined();
    const members = body.data?.team.members ?? [];
    expect(members).toHaveLength(size);
    // Every member has their month of facts, their commission and (but the lead) a manager.
    expect(members.every((m) => m.kpis.length === 1 && m.commission !== null)).toBe(true);
    expect(members.filter((m) => m.manager === null)).toHaveLength(1);
    // And their overview figures: March is the month in progress (the business clock is in
    // March), so its score is month to date and no complete month is scored yet; a March
    // target light, a verdict, a band.
    for (const m of members) {
      expect(m).toMatchObject({
        scoreMonth: null,
        compositeScore: null,
        scoreTrend: [],
        monthToDateMonth: '2026-03',
      });
      expect(m.monthToDateScore).toEqual(expect.any(Number));
      expect(m.targetLight).toMatch(/^(red|yellow|green)$/);
      expect(m.riskBand).toMatch(/^(low|medium|high)$/);
      expect(typeof m.eligible).toBe('boolean');
    }
    counts[team] = api.statements().length;
  }
  expect(counts.large).toBe(counts.small);
  // One statement each: the members, their KPI facts, their commission, their managers, and
  // one for all six overview fields.
  expect(counts.small).toBe(5);
});

it('lists people(first: 100) with their overview figures in as many SQL statements for 100 of 200 as for 10', async () => {
  const hr = await api.token({ userId: 'hr', name: 'HR', role: 'hr_admin' });
  const counts: Record<string, number> = {};
  for (const [team, size] of [
    ['small', 10],
    ['large', 100],
  ] as const) {
    api.resetStatements();
    const { body } = await api.graphql<{
      people: {
        totalCount: number;
        edges: { node: { targetLight: string | null; monthToDateScore: number | null } }[];
      };
    }>(
      `query($team: String!) { people(first: 100, filter: { teamId: $team }, sort: SCORE, dir: DESC) {
        edges { node { id compositeScore scoreMonth scoreTrend monthToDateScore targetLight eligible riskBand manager { id } } }
      } }`,
      { token: hr, variables: { team } },
    );
    expect(body.errors).toBeUndefined();
    const edges = body.data?.people.edges ?? [];
    expect(edges).toHaveLength(size);
    expect(edges.every((e) => e.node.targetLight !== null && e.node.monthToDateScore !== null)).toBe(true);
    counts[team] = api.statements().length;
  }
  expect(counts.large).toBe(counts.small);
  // The page, the overview figures, the managers.
  expect(counts.small).toBe(3);
});

it('stops a query that runs longer than the query timeout', async () => {
  const hasty = await startApiHarness(database.url, { queryTimeoutMs: 1 });
  try {
    const hr = await hasty.token({ userId: 'hr', name: 'HR', role: 'hr_admin' });
    const { body } = await hasty.graphql(TEAM_OVERVIEW_QUERY, { token: hr, variables: { team: 'large' } });
    expect(body.errors?.[0]?.message).toBe('the query took longer than 1 ms and was stopped');
  } finally {
    await hasty.close();
  }
});
