import { Client, fetchExchange } from '@urql/core';
import { ORG_UNITS, type OrgUnit } from '../names.svelte.ts';
import { ApiError, devSignIn } from './client.ts';
import { type Branch, ORGANISATION, PEOPLE, type PeoplePage, type PersonRow } from './documents.ts';
import { graphql, type ResultOf } from './graphql.ts';

export const DEMO_PERSONAS = graphql(`
  query DemoPersonas {
    demoPersonas {
      committeeMemberId
      mentorId
      teamManagers {
        unitId
        employeeId
      }
      branchManagers {
        unitId
        employeeId
      }
    }
  }
`);

/** Who the demo's personas are: employees of the demo company (null without a living demo). */
export type DemoPersonas = NonNullable<ResultOf<typeof DEMO_PERSONAS>['demoPersonas']>;

/** Romanised names of the people, for English pages. */
const PEOPLE_NAMES = graphql(`
  query PeopleNames($first: Int!, $after: String, $filter: PeopleFilter) {
    people(first: $first, after: $after, filter: $filter) {
      edges {
        node {
          id
          nameEn
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export type DirectoryPerson = PersonRow & { nameEn?: string | null };

export interface Directory {
  branches: Branch[];
  people: DirectoryPerson[];
  /** Names of regions, branches and teams (the sign-in page has no session to load them with). */
  units: OrgUnit[];
  personas: DemoPersonas | null;
}

/**
 * What the demo sign-in offers to act for: branches, teams and active people. Read with a
 * throw-away demo analyst token (the dev sign-in is off in production, and so is this page's
 * persona picker); it is never kept as the session.
 */
export async function loadDirectory(): Promise<Directory> {
  const { token } = await devSignIn({ userId: 'demo-directory', name: 'Demo directory', role: 'analyst' });
  const client = new Client({
    url: '/graphql',
    exchanges: [fetchExchange],
    fetchOptions: { headers: { authorization: `Bearer ${token}` } },
  });
  const org = await client.query(ORGANISATION, {}).toPromise();
  if (org.error) throw new ApiError(org.error.networkError ? 'network' : 'server', org.error.message);
  const people: DirectoryPerson[] = [];
  let after: string | null = null;
  do {
    const page: { data?: PeoplePage; error?: { message: string } } = await client
      .query(PEOPLE, { first: 100, after, filter: { status: 'active' } })
      .toPromise();
    if (page.error || !page.data) throw new ApiError('server', page.error?.message ?? 'no data');
    people.push(...page.data.people.edges.map((e) => e.node));
    after = page.data.people.pageInfo.hasNextPage ? page.data.people.pageInfo.endCursor : null;
  } while (after && people.length < 1000);
  // Optional parts: an API without them still offers the personas, with ids.
  const [units, personas] = await Promise.all([
    client.query(ORG_UNITS, {}).toPromise(),
    client.query(DEMO_PERSONAS, {}).toPromise(),
  ]);
  const namesEn = new Map<string, string | null>();
  after = null;
  do {
    const page: {
      data?: {
        people: {
          edges: { node: { id: string; nameEn: string | null } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      };
      error?: unknown;
    } = await client.query(PEOPLE_NAMES, { first: 100, after, filter: { status: 'active' } }).toPromise();
    if (page.error || !page.data) break;
    for (const e of page.data.people.edges) namesEn.set(e.node.id, e.node.nameEn);
    after = page.data.people.pageInfo.hasNextPage ? page.data.people.pageInfo.endCursor : null;
  } while (after && namesEn.size < 1000);
  return {
    branches: org.data?.organisation ?? [],
    people: people.map((p) => ({ ...p, nameEn: namesEn.get(p.id) ?? null })),
    units: units.data?.orgUnits ?? [],
    personas: personas.data?.demoPersonas ?? null,
  };
}
