import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Pothos loads graphql's CommonJS build; make test files use the same one, or graphql sees
// two copies of itself ("Cannot use GraphQLObjectType from another module or realm").
const graphqlEntry = createRequire(new URL('./packages/api/package.json', import.meta.url)).resolve(
  'graphql',
);

const JOURNEYS = 'tests/e2e/journeys/**/*.e2e.spec.ts';
/**
 * Test files at once (TEST_WORKERS, default 2). Much of a file's time is spent waiting on
 * PostgreSQL, a child process or the browser, so two halve the tests' time even on 2 cores;
 * two files with projection runners hold about 60 of PostgreSQL's 100 connections. The journeys
 * always run one at a time, after every other file, and their product (about 40 connections)
 * starts only when the first of them does.
 */
const TEST_WORKERS = Number(process.env.TEST_WORKERS) || 2;
/**
 * The persona journeys run one after another on one started demo, in this order: HR opens a
 * review the committee then decides and the auditor replays; the restart comes last, as it
 * stops the shared product.
 */
const JOURNEY_ORDER = [
  'hr',
  'committee',
  'auditor',
  'manager',
  'rep',
  'analyst',
  'payouts',
  'interventions',
  'training',
  'import',
  'mentor',
  'targets',
  'signin',
  // Redacts a departed person: after the journeys that read the demo's people, before the restart.
  'privacy',
  'language',
  // Reads only, before the field rules change what a role sees on a person's page.
  'scope',
  'fieldrules',
  'restart',
];

class JourneySequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const name = spec.moduleId.split('/').pop()?.replace('.e2e.spec.ts', '') ?? '';
      const at = JOURNEY_ORDER.indexOf(name);
      return at === -1 ? JOURNEY_ORDER.length : at;
    };
    const journeys = sorted.filter((s) => s.project.name === 'journeys').sort((a, b) => rank(a) - rank(b));
    return [...sorted.filter((s) => s.project.name !== 'journeys'), ...journeys];
  }
}

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './tests/support/summary-reporter.ts'],
    sequence: { sequencer: JourneySequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'tests',
          include: ['packages/*/src/**/*.spec.ts', 'tests/**/*.spec.ts'],
          exclude: ['**/node_modules/**', 'packages/dashboard/**', JOURNEYS],
          globalSetup: ['tests/support/global-postgres.ts'],
          maxWorkers: TEST_WORKERS,
        },
      },
      {
        // The persona journeys on the demo that `pnpm start` seeds (tests/support/journeys.ts).
        extends: true,
        test: {
          name: 'journeys',
          include: [JOURNEYS],
          globalSetup: ['tests/support/global-postgres.ts', 'tests/support/journeys-global.ts'],
          maxWorkers: 1,
          testTimeout: 120_000,
          hookTimeout: 360_000,
        },
      },
    ],
  },
});
