import { optionalQuery } from '$lib/api/client.ts';
import { type PromotionReview, REVIEWS } from '$lib/api/contract.ts';
import type { PageLoad } from './$types';

/** The promotion reviews the viewer may see (`Query.reviews`), of one state (`?state=`, open by default). */
export const load: PageLoad = ({ url }) => {
  const wanted = url.searchParams.get('state');
  const state = wanted === 'nominated' || wanted === 'decided' || wanted === 'all' ? wanted : 'open';
  return {
    state,
    reviews: optionalQuery<{ reviews: PromotionReview[] }>(REVIEWS, {
      state: state === 'all' ? null : state,
      first: 100,
    }).then((d) => (d ? d.reviews : null)),
  };
};
