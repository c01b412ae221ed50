import { optionalQuery, query } from '$lib/api/client.ts';
import { SYSTEM, type SystemState } from '$lib/api/documents.ts';
import { DECISIONS } from '$lib/api/pending.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = () => ({
  system: query<SystemState>(SYSTEM),
  decisions: optionalQuery<{ decisions: { edges: { node: { id: string } }[] } }>(DECISIONS).then((d) =>
    d ? d.decisions.edges.map((e) => e.node.id) : null,
  ),
});
