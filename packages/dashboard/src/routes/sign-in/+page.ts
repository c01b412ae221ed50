import { loadDirectory } from '$lib/api/directory.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url }) => ({
  directory: loadDirectory(),
  next: url.searchParams.get('next'),
});
