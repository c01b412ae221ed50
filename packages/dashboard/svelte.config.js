import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * A single-page app: every page loads its data in the browser through GraphQL with the
 * viewer's token, so nothing is rendered on the server. The API server serves `build/` and
 * answers unknown paths with `index.html` (the SPA fallback).
 */
export default {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({
      pages: 'build',
      assets: 'build',
      fallback: 'index.html',
      precompress: true,
      strict: true,
    }),
  },
};
