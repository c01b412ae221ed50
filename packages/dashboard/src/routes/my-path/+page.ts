import { loadMyPath } from '$lib/components/my-path/load.ts';
import { session } from '$lib/session.svelte.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = () => {
  const employeeId = session.current?.viewer.employeeId ?? null;
  return { employeeId, me: employeeId ? loadMyPath(employeeId) : Promise.resolve(null) };
};
