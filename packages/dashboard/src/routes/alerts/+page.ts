import { query } from '$lib/api/client.ts';
import { ALERT_PAGE } from '$lib/api/documents.ts';
import { inboxParams } from '$lib/components/alerts/params.ts';
import { session } from '$lib/session.svelte.ts';
import type { PageLoad } from './$types';

/**
 * The inbox within the viewer's scope, a page at a time: `?state=open|acknowledged`,
 * `?kind=…`, `?mine=1|0` (a manager's default is "mine"), `?after=` and `?back=` (paging).
 */
export const load: PageLoad = ({ url }) => {
  const params = inboxParams(url.searchParams, session.current?.viewer.role);
  return {
    ...params,
    alerts: query(ALERT_PAGE, {
      state: params.state || null,
      kind: params.kind || null,
      mine: params.mine || null,
      first: params.first,
      after: params.after,
    }).then((d) => d.alertPage),
  };
};
