import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// `pnpm --filter @trackrecord/dashboard dev` proxies the API of a running `pnpm start`.
const api = process.env.TRACKRECORD_API ?? 'http://localhost:4000';

export default defineConfig({
  plugins: [sveltekit()],
  server: { proxy: { '/graphql': api, '/graphiql': api, '/auth': api, '/commission/statements': api } },
  build: { reportCompressedSize: false },
});
