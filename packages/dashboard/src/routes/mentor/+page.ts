import { query } from '$lib/api/client.ts';
import { MENTOR_WORKBENCH } from '$lib/api/documents.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = () => ({ workbench: query(MENTOR_WORKBENCH) });
