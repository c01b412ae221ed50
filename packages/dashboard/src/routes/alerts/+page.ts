import { optionalQuery } from '$lib/api/client.ts';
import { ALERTS } from '$lib/api/pending.ts';
import type { PageLoad } from './$types';

/** Null while the API does not serve alerts (issue #5); the page then says what it will show. */
export const load: PageLoad = () => ({
  items: optionalQuery<{ alerts: { edges: { node: { id: string } }[] } }>(ALERTS).then((d) =>
    d ? d.alerts.edges.map((e) => e.node.id) : null,
  ),
});
