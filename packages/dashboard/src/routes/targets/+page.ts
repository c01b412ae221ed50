import { optionalQuery } from '$lib/api/client.ts';
import { TARGETS } from '$lib/api/pending.ts';
import type { PageLoad } from './$types';

/** Null while the API does not serve targets (issue #5); the page then says what it will show. */
export const load: PageLoad = () => ({
  items: optionalQuery<{ targets: { edges: { node: { subjectId: string } }[] } }>(TARGETS).then((d) =>
    d ? d.targets.edges.map((e) => e.node.subjectId) : null,
  ),
});
