import { query } from '$lib/api/client.ts';
import {
  type Branch,
  OVERVIEW_PAGE,
  type OverviewRow,
  type PeopleFilter,
  type PeopleSort,
} from '$lib/api/documents.ts';
import type { SortKey } from './params.ts';

/** People per page of the overview (the API pages with a cursor; the count is of all pages). */
export const PAGE_SIZE = 50;

export interface OverviewData {
  branches: Branch[];
  people: OverviewRow[];
  /** Everyone the filter matches, over all pages. */
  total: number;
  /** The cursor of the next page, null on the last. */
  next: string | null;
  /** The current business month (`YYYY-MM`): the month in progress; scores are of the month before. */
  businessMonth: string | null;
}

/** The API's sort for each sortable column. */
export const API_SORT: Partial<Record<SortKey, PeopleSort>> = {
  name: 'NAME',
  hired: 'HIRED',
  level: 'LEVEL',
  score: 'SCORE',
  risk: 'RISK',
};

/** One page of the people in view, filtered, sorted and counted by the API, in one request. */
export async function loadOverview(
  filter: PeopleFilter,
  sort: { key: SortKey; dir: 'asc' | 'desc' } = { key: 'name', dir: 'asc' },
  after: string | null = null,
): Promise<OverviewData> {
  const data = await query(OVERVIEW_PAGE, {
    first: PAGE_SIZE,
    after,
    filter,
    sort: API_SORT[sort.key] ?? 'NAME',
    dir: sort.dir === 'desc' ? 'DESC' : 'ASC',
  });
  return {
    branches: data.organisation,
    people: data.people.edges.map((e) => e.node),
    total: data.people.totalCount,
    next: data.people.pageInfo.hasNextPage ? data.people.pageInfo.endCursor : null,
    businessMonth: data.businessMonth,
  };
}
