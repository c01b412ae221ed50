import { optionalQuery, query } from '$lib/api/client.ts';
import { type OverviewExtras, PEOPLE_OVERVIEW } from '$lib/api/contract.ts';
import {
  type Branch,
  ORGANISATION,
  PEOPLE,
  type PeopleFilter,
  type PeoplePage,
  type PersonRow,
} from '$lib/api/documents.ts';
import type { SortKey } from './params.ts';

export const OVERVIEW_LIMIT = 500;

export type Extras = OverviewExtras;

export interface OverviewData {
  branches: Branch[];
  people: PersonRow[];
  truncated: boolean;
  /** Score, light, eligibility, risk and trend per person id; null while the API lacks them. */
  extras: Map<string, Extras> | null;
}

/** The API's sort for the overview's sort keys (the others are sorted in the browser). */
const API_SORT: Partial<Record<SortKey, string>> = {
  name: 'NAME',
  hired: 'HIRED',
  level: 'LEVEL',
  score: 'SCORE',
  risk: 'RISK',
};

type OverviewPage = {
  people: {
    edges: { cursor: string; node: PersonRow & Extras }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

async function pages(
  fetchPage: (after: string | null) => Promise<OverviewPage | PeoplePage | null>,
): Promise<{ rows: (PersonRow & Partial<Extras>)[]; truncated: boolean } | null> {
  const rows: (PersonRow & Partial<Extras>)[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await fetchPage(after);
    if (!page) return null;
    rows.push(...page.people.edges.map((e) => e.node));
    after = page.people.pageInfo.hasNextPage ? page.people.pageInfo.endCursor : null;
    if (!after) return { rows, truncated: false };
    if (rows.length >= OVERVIEW_LIMIT) return { rows, truncated: true };
  }
}

/**
 * The people in view: with the overview figures, the contract filters (risk band, eligible,
 * light, name) and the API's sort when the API has them; else the people alone, and the
 * figure filters match nobody rather than everybody.
 */
export async function loadOverview(
  filter: PeopleFilter,
  sort: { key: SortKey; dir: 'asc' | 'desc' } = { key: 'name', dir: 'asc' },
): Promise<OverviewData> {
  const { riskBand, eligible, light, search, ...served } = filter;
  const org = query<{ organisation: Branch[] }>(ORGANISATION);
  const rich = await pages((after) =>
    optionalQuery<OverviewPage>(PEOPLE_OVERVIEW, {
      first: 100,
      after,
      filter,
      sort: API_SORT[sort.key] ?? 'NAME',
      dir: sort.dir === 'desc' ? 'DESC' : 'ASC',
    }),
  );
  if (rich) {
    const extras = new Map<string, Extras>();
    for (const row of rich.rows) extras.set(row.id, row as Extras);
    return { branches: (await org).organisation, people: rich.rows, truncated: rich.truncated, extras };
  }
  const needsFigures = riskBand !== undefined || eligible !== undefined || light !== undefined;
  const plain = needsFigures
    ? { rows: [], truncated: false }
    : await pages((after) => query<PeoplePage>(PEOPLE, { first: 100, after, filter: served }));
  const needle = search?.toLowerCase();
  const people = (plain?.rows ?? []).filter(
    (p) => !needle || p.name.toLowerCase().includes(needle) || p.id.includes(needle),
  );
  return { branches: (await org).organisation, people, truncated: plain?.truncated ?? false, extras: null };
}
