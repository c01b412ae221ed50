import { query } from '$lib/api/client.ts';
import { IMPORT_KINDS, IMPORT_RUNS } from '$lib/api/documents.ts';
import type { PageLoad } from './$types';

/** The kinds of export with their columns, and the history of imports (read fresh). */
export const load: PageLoad = () => ({
  kinds: query(IMPORT_KINDS).then((d) => d.importKinds),
  runs: query(IMPORT_RUNS).then((d) => d.importRuns),
});
