import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type BatchItem,
  createApiServer,
  createTokenService,
  createWebHandler,
  dispatchBatch,
  ensureDashboardBuilt,
} from '@trackrecord/api';
import type { DomainCommand } from '@trackrecord/domain';
import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import {
  createDb,
  type Database,
  migrateReadModels,
  ProjectionRunner,
  projections,
  rebuildProjection,
} from '@trackrecord/projections';
import {
  needsEvidencePosition,
  type SimulatedCommand,
  simulateCommands,
  simulationConfig,
  withEvidencePosition,
} from '@trackrecord/simulator';
import type { Kysely } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export { CHROMIUM, launchChromium } from './chromium.ts';

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
  db: Kysely<Database>;
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
  const db = createDb<Database>(databaseUrl);
  // The company's shape (branches, teams) matters here, so its commands go through
  // dispatchBatch directly; a decision carries the head position as its evidence.
  let items: BatchItem[] = [];
  const flush = async () => {
    if (items.length > 0) await dispatchBatch(store, items);
    items = [];
  };
  for (const simulated of simulateCommands(company)) {
    let command: SimulatedCommand | DomainCommand = simulated;
    if (needsEvidencePosition(simulated)) {
      await flush();
      command = withEvidencePosition(simulated, await store.headPosition());
    }
    const { metadata: m } = command;
    items.push({
      command,
      envelope: { commandId: m.commandId, at: new Date(m.at), actor: m.actor, source: m.source },
    });
  }
  await flush();
  for (const projection of projections) await rebuildProjection(store, db, projection);
  // The read models keep following the store, so what the dashboard writes (a vote, a
  // decision, an acknowledgement) is read back with `@waitFor` as in production.
  const stop = new AbortController();
  const runnerDb = createDb<unknown>(databaseUrl, 4);
  const running = projections.map((projection) =>
    new ProjectionRunner(store, runnerDb, databaseUrl, projection, { batchSize: 500 }).run(stop.signal),
  );
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
      stop.abort();
      await Promise.allSettled(running);
      await runnerDb.destroy();
      await db.destroy();
      await store.close();
    },
  } satisfies DashboardServer;
}

/** The fields of a GraphQL type the server in front of the tests has (as `Type.field`). */
export async function apiFields(base: string, ...types: string[]): Promise<Set<string>> {
  const signIn = await fetch(`${base}/auth/dev-sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 'e2e-schema', name: 'E2E schema', role: 'analyst' }),
  });
  const { token } = (await signIn.json()) as { token: string };
  const names = new Set<string>();
  for (const type of types) {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `{ __type(name: "${type}") { fields { name } } }` }),
    });
    const body = (await response.json()) as { data: { __type: { fields: { name: string }[] } | null } };
    for (const f of body.data.__type?.fields ?? []) names.add(`${type}.${f.name}`);
  }
  return names;
}

/** A GraphQL request to the server in front of the tests as a demo persona (dev sign-in). */
export async function graphqlAs<T>(
  base: string,
  persona: { role: string; userId?: string },
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const signIn = await fetch(`${base}/auth/dev-sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      userId: persona.userId ?? `e2e-${persona.role}`,
      name: 'E2E',
      role: persona.role,
    }),
  });
  const { token } = (await signIn.json()) as { token: string };
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) {
    throw new Error(`GraphQL refused: ${body.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
  }
  return body.data;
}

/** Where the browser tests save a screenshot of every page they visit (gitignored). */
export const SHOTS = path.join(ROOT, 'tests/artifacts/screenshots');

/** A browser context of one visitor, with the page errors and console errors it saw. */
export interface Visit {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** A new visitor with the browser's language `locale`, at laptop size unless told otherwise. */
export async function openVisit(
  browser: Browser,
  baseURL: string,
  locale: 'en-US' | 'zh-CN',
  viewport = { width: 1280, height: 800 },
): Promise<Visit> {
  const context = await browser.newContext({ locale, viewport, baseURL });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { context, page, errors };
}

/** Waits until no section is loading, checks nothing failed, and saves a screenshot. */
export async function settle(visit: Visit, name: string): Promise<void> {
  const { page } = visit;
  await page.waitForSelector('main h1, main [role=alert]');
  await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0);
  if (await page.locator('canvas').count()) {
    await page.waitForFunction(() => [...document.querySelectorAll('canvas')].every((c) => c.width > 0));
  }
  const shown = await page.locator('[role=alert].error').allTextContents();
  expect(shown, `${name}: error shown: ${shown.join(' | ')}`).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}
