/** The reviews page's filter and paging (`routes/reviews`). */
export type ReviewsState = 'open' | 'nominated' | 'decided' | 'all';
export const PAGE_SIZE = 50;

/** The filter of the reviews page, as the URL keeps it (`?state=&q=&mine=1`). */
export interface ReviewsFilter {
  state: ReviewsState;
  search: string;
  mine: boolean;
}

/** The variables of `reviewPage` for a filter (and the cursor of the page wanted). */
export function pageVariables(filter: ReviewsFilter, after: string | null = null) {
  return {
    state: filter.state === 'all' ? null : filter.state,
    awaitingMyVote: filter.mine || null,
    search: filter.search || null,
    first: PAGE_SIZE,
    after,
  };
}
