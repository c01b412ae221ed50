import { optionalQuery, query } from '$lib/api/client.ts';
import { type Branch, ORGANISATION } from '$lib/api/documents.ts';
import { lastMonths, SALES_BY_MONTH, type SalesMonth } from '$lib/api/pending.ts';
import type { PageLoad } from './$types';

/** Sales over the last 24 calendar months. */
const PERIOD_MONTHS = 24;

export const load: PageLoad = () => {
  const months = lastMonths(PERIOD_MONTHS);
  return {
    months,
    organisation: query<{ organisation: Branch[] }>(ORGANISATION).then((d) => d.organisation),
    sales: optionalQuery<{ salesTotals: SalesMonth[] }>(SALES_BY_MONTH, { months }).then((d) =>
      d ? d.salesTotals : null,
    ),
  };
};
