import { authConfig } from '$lib/api/client.ts';
import { loadDirectory } from '$lib/api/directory.ts';
import type { PageLoad } from './$types';

/**
 * What the sign-in page offers: the company's identity provider when the server has one, the
 * demo personas while the development sign-in is on (`pnpm start`; off in production).
 */
export const load: PageLoad = ({ url }) => {
  const config = authConfig();
  return {
    config,
    directory: config.then((c) => (c.devSignIn ? loadDirectory() : null)),
    next: url.searchParams.get('next'),
    error: url.searchParams.get('error'),
    subject: url.searchParams.get('subject'),
  };
};
