import { optionalQuery, query } from '$lib/api/client.ts';
import { type Branch, ORGANISATION } from '$lib/api/documents.ts';
import { KPI_TRENDS } from '$lib/api/pending.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = () => ({
  organisation: query<{ organisation: Branch[] }>(ORGANISATION).then((d) => d.organisation),
  trends: optionalQuery<{ kpiAggregates: { key: string }[] }>(KPI_TRENDS).then((d) =>
    d ? d.kpiAggregates.map((a) => a.key) : null,
  ),
});
