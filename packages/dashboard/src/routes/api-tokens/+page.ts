import { query } from '$lib/api/client.ts';
import { API_TOKENS } from '$lib/api/documents.ts';
import type { PageLoad } from './$types';

/** The signed-in user's API tokens (empty for a demo persona, who cannot issue any). */
export const load: PageLoad = () => ({ tokens: query(API_TOKENS).then((d) => d.apiTokens) });
