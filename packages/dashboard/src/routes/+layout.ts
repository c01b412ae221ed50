import { redirect } from '@sveltejs/kit';
import { syncClock } from '$lib/api/clock.ts';
import { homeOf, session } from '$lib/session.svelte.ts';
import type { LayoutLoad } from './$types';

// Everything is loaded in the browser with the viewer's token (see svelte.config.js).
export const ssr = false;
export const prerender = false;

/** Signed-out visitors go to the sign-in page (a page the role cannot use is refused in +layout.svelte). */
export const load: LayoutLoad = async ({ url }) => {
  const current = session.current;
  if (url.pathname === '/sign-in') return {};
  if (!current) redirect(307, `/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`);
  if (url.pathname === '/') redirect(307, homeOf(current.viewer));
  // The product's clock ("today", every command's `at`): asked once per session.
  await syncClock();
  return {};
};
