import { loadOverview } from '$lib/components/overview/load.ts';
import { filterOf, pageOf, sortOf } from '$lib/components/overview/params.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url }) => {
  const filter = filterOf(url.searchParams);
  const { after } = pageOf(url.searchParams);
  return { filter, overview: loadOverview(filter, sortOf(url.searchParams), after) };
};
