import { optionalQuery } from '$lib/api/client.ts';
import { POLICIES } from '$lib/api/pending.ts';
import type { PageLoad } from './$types';

/** Null while the API does not serve policies (issue #5); the page then says what it will show. */
export const load: PageLoad = () => ({
  items: optionalQuery<{ policies: { id: string }[] }>(POLICIES).then(
    (d) => (d?.policies ?? null)?.map((p) => p.id) ?? null,
  ),
});
