import { loadPerson } from '$lib/components/person/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params, url }) => ({
  id: params.id,
  review: url.searchParams.get('review'),
  record: loadPerson(params.id, url.searchParams.get('month')),
});
