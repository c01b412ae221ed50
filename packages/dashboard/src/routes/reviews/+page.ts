import { hasField, optionalQuery, queryFresh } from '$lib/api/client.ts';
import { REVIEW_PAGE, REVIEWS, type ReviewPage } from '$lib/api/documents.ts';
import { pageVariables, type ReviewsFilter, type ReviewsState } from '$lib/components/reviews/params.ts';
import type { PageLoad } from './$types';

/**
 * The promotion reviews the viewer may see, a page at a time (`reviewPage`: count and cursor),
 * read fresh from the API (a review just opened or decided shows at once). Falls back to the
 * list `reviews` on an API without pages.
 */
export const load: PageLoad = ({ url }) => {
  const wanted = url.searchParams.get('state');
  const state: ReviewsState =
    wanted === 'nominated' || wanted === 'decided' || wanted === 'all' ? wanted : 'open';
  const filter: ReviewsFilter = {
    state,
    search: url.searchParams.get('q')?.trim() ?? '',
    mine: url.searchParams.get('mine') === '1',
  };
  const reviews = (async (): Promise<ReviewPage | null> => {
    if (await hasField('Query.reviewPage')) {
      return (await queryFresh(REVIEW_PAGE, pageVariables(filter))).reviewPage;
    }
    const d = await optionalQuery(REVIEWS, {
      state: state === 'all' ? null : state,
      first: 100,
    });
    return d ? { nodes: d.reviews, total: d.reviews.length, next: null } : null;
  })();
  return { filter, reviews };
};
