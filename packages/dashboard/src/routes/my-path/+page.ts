import { query } from '$lib/api/client.ts';
import { PERSON, type PersonDetail } from '$lib/api/documents.ts';
import { session } from '$lib/session.svelte.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = () => {
  const employeeId = session.current?.viewer.employeeId ?? null;
  return {
    employeeId,
    me: employeeId
      ? query<{ person: PersonDetail | null }>(PERSON, { id: employeeId }, { partial: true }).then(
          (d) => d.person,
        )
      : Promise.resolve(null),
  };
};
