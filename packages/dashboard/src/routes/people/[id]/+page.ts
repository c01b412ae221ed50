import { loadPerson } from '$lib/components/person/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params }) => ({ id: params.id, record: loadPerson(params.id) });
