import { Client, fetchExchange } from '@urql/core';
import { ApiError, devSignIn } from './client.ts';
import { type Branch, ORGANISATION, PEOPLE, type PeoplePage, type PersonRow } from './documents.ts';

export interface Directory {
  branches: Branch[];
  people: PersonRow[];
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
  const org = await client.query<{ organisation: Branch[] }>(ORGANISATION, {}).toPromise();
  if (org.error) throw new ApiError(org.error.networkError ? 'network' : 'server', org.error.message);
  const people: PersonRow[] = [];
  let after: string | null = null;
  do {
    const page: { data?: PeoplePage; error?: { message: string } } = await client
      .query<PeoplePage>(PEOPLE, { first: 100, after, filter: { status: 'active' } })
      .toPromise();
    if (page.error || !page.data) throw new ApiError('server', page.error?.message ?? 'no data');
    people.push(...page.data.people.edges.map((e) => e.node));
    after = page.data.people.pageInfo.hasNextPage ? page.data.people.pageInfo.endCursor : null;
  } while (after && people.length < 1000);
  return { branches: org.data?.organisation ?? [], people };
}
