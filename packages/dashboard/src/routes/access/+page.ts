import { query } from '$lib/api/client.ts';
import { USERS } from '$lib/api/documents.ts';
import { ORG_UNITS } from '$lib/names.svelte.ts';
import type { PageLoad } from './$types';

/** Who may sign in and with which roles (`?day=YYYY-MM-DD`: the grants in force that day). */
export const load: PageLoad = ({ url }) => {
  const day = url.searchParams.get('day');
  const valid = day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : null;
  return {
    day: valid,
    users: query(USERS, { day: valid }).then((d) => d.users),
    units: query(ORG_UNITS).then((d) => d.orgUnits),
  };
};
