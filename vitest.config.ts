import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// Pothos loads graphql's CommonJS build; make test files use the same one, or graphql sees
// two copies of itself ("Cannot use GraphQLObjectType from another module or realm").
const graphqlEntry = createRequire(new URL('./packages/api/package.json', import.meta.url)).resolve(
  'graphql',
);

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    include: ['packages/*/src/**/*.spec.ts', 'tests/**/*.spec.ts'],
    exclude: ['**/node_modules/**', 'packages/dashboard/**'],
    globalSetup: ['tests/support/global-postgres.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
