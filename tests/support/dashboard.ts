import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createApiServer,
  createTokenService,
  createWebHandler,
  dispatch,
  ensureDashboardBuilt,
  seedDemoCompany,
} from '@trackrecord/api';
import { simulationConfig } from '@trackrecord/domain';
import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import { createDb, migrateReadModels, projections, rebuildProjection } from '@trackrecord/projections';
import type { Kysely } from 'kysely';
import { type Browser, chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it when missing). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium fonts-noto-cjk) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/**
 * A small simulated company: three branches of one team each, four people per team, two weeks
 * of activity; every command through the same command bus as the API.
 */
export const SMALL_COMPANY = simulationConfig({
  seed: 7,
  employees: 12,
  weeks: 2,
  teamSize: 4,
  teamsPerBranch: 1,
  branchesPerRegion: 2,
});

export interface DashboardServer {
  base: string;
  store: PostgresEventStore;
  db: Kysely<unknown>;
  close(): Promise<void>;
}

/**
 * The real platform on `databaseUrl`: migrations, the small company seeded, every read model
 * built, and the API serving the built dashboard (built first when missing or stale).
 */
export async function startDashboardServer(
  databaseUrl: string,
  log: (line: string) => void = () => {},
  company = SMALL_COMPANY,
) {
  const buildDir = await ensureDashboardBuilt(ROOT, log);
  await migrateEventStore(databaseUrl);
  await migrateReadModels(databaseUrl);
  const store = new PostgresEventStore({ connectionString: databaseUrl });
  const db = createDb<unknown>(databaseUrl);
  await seedDemoCompany(store, { seed: company.seed, employees: company.employees, weeks: company.weeks });
  for (const projection of projections) await rebuildProjection(store, db, projection);
  const server = createApiServer({
    store,
    db,
    ready: () => true,
    production: false,
    tokens: createTokenService('a-dashboard-test-secret-long-enough-0123456789'),
    web: createWebHandler(buildDir),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    store,
    db,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
      await store.close();
    },
  } satisfies DashboardServer;
}
