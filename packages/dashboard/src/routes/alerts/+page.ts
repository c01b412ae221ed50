import { query } from '$lib/api/client.ts';
import { ALERT_INBOX, type Alert } from '$lib/api/documents.ts';
import type { PageLoad } from './$types';

/** The inbox within the viewer's scope; `?state=open|acknowledged`, `?mine=1` in the URL. */
export const load: PageLoad = ({ url }) => {
  const state = url.searchParams.get('state') ?? '';
  const mine = url.searchParams.get('mine') === '1';
  return {
    state,
    mine,
    alerts: query<{ alertInbox: Alert[] }>(ALERT_INBOX, {
      state: state || null,
      mine: mine || null,
    }).then((d) => d.alertInbox),
  };
};
