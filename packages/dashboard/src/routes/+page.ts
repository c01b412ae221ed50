import { redirect } from '@sveltejs/kit';
import { homeOf, session } from '$lib/session.svelte.ts';
import type { PageLoad } from './$types';

/** `/` is each role's start page (the layout already sent signed-out visitors to sign in). */
export const load: PageLoad = () => {
  redirect(307, session.current ? homeOf(session.current.viewer) : '/sign-in');
};
