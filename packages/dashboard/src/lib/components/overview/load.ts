import { optionalQuery, query } from '$lib/api/client.ts';
import {
  type Branch,
  ORGANISATION,
  PEOPLE,
  type PeopleFilter,
  type PeoplePage,
  type PersonRow,
} from '$lib/api/documents.ts';
import { OVERVIEW_EXTRAS, type OverviewExtras } from '$lib/api/pending.ts';

export const OVERVIEW_LIMIT = 500;

export type Extras = OverviewExtras['people']['edges'][number]['node'];

export interface OverviewData {
  branches: Branch[];
  people: PersonRow[];
  truncated: boolean;
  /** Score, light, eligibility, risk and trend per person id; null while the API lacks them. */
  extras: Map<string, Extras> | null;
}

async function allPeople(filter: PeopleFilter): Promise<{ people: PersonRow[]; truncated: boolean }> {
  const people: PersonRow[] = [];
  let after: string | null = null;
  for (;;) {
    const page: PeoplePage = await query<PeoplePage>(PEOPLE, { first: 100, after, filter });
    people.push(...page.people.edges.map((e) => e.node));
    after = page.people.pageInfo.hasNextPage ? page.people.pageInfo.endCursor : null;
    if (!after) return { people, truncated: false };
    if (people.length >= OVERVIEW_LIMIT) return { people, truncated: true };
  }
}

async function extrasOf(filter: PeopleFilter): Promise<Map<string, Extras> | null> {
  const extras = new Map<string, Extras>();
  let after: string | null = null;
  do {
    const page: OverviewExtras | null = await optionalQuery<OverviewExtras>(OVERVIEW_EXTRAS, {
      first: 100,
      after,
      filter,
    });
    if (!page) return null;
    for (const edge of page.people.edges) extras.set(edge.node.id, edge.node);
    after = page.people.pageInfo.hasNextPage ? page.people.pageInfo.endCursor : null;
  } while (after && extras.size < OVERVIEW_LIMIT);
  return extras;
}

export async function loadOverview(filter: PeopleFilter): Promise<OverviewData> {
  const [org, list, extras] = await Promise.all([
    query<{ organisation: Branch[] }>(ORGANISATION),
    allPeople(filter),
    extrasOf(filter),
  ]);
  return { branches: org.organisation, people: list.people, truncated: list.truncated, extras };
}
