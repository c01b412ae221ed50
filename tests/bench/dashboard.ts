/**
 * `pnpm bench dashboard`: the team-overview route in Chromium on localhost.
 *
 * 1. On a small company (BENCH_DASHBOARD_EMPLOYEES, default 200 people, one simulated week):
 *    the gzipped size of every script the route loads (gzip -9) and its first contentful paint
 *    (median of fresh page loads with a signed-in HR admin).
 * 2. HR landing on the default demo (`pnpm start`'s: 300 employees over 78 weeks, seed 42;
 *    seeded once into `bench_dashboard_demo` with every read model built, and reused while it
 *    holds that demo; BENCH_DASHBOARD_FRESH=1 reseeds): `hr_landing_tti_ms`, the time from
 *    navigation to the first page of people rendered with its count (the app is a client-side
 *    SPA: rendered rows are live rows), median of BENCH_DASHBOARD_ROUNDS (default 9) fresh
 *    browser contexts, with the load average before and after.
 */
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import {
  createApiServer,
  createTokenService,
  createWebHandler,
  DEFAULT_DEMO_SEED,
  demoSeedStatus,
  ensureDashboardBuilt,
  seedDemoCompany,
} from '@trackrecord/api';
import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import {
  createDb,
  type Database,
  migrateReadModels,
  projections,
  rebuildProjections,
} from '@trackrecord/projections';
import { simulationConfig } from '@trackrecord/simulator';
import { sql } from 'kysely';
import { launchChromium, ROOT, startDashboardServer } from '../support/dashboard.ts';
import { benchServerUrl, dropDatabase, freshDatabase, printResult } from './support.ts';

const RUNS = 9;
const employees = Number(process.env.BENCH_DASHBOARD_EMPLOYEES ?? 200);
const NAME = 'trackrecord_bench_dashboard';
const log = (line: string) => console.log(`[bench dashboard] ${line}`);

const metrics: Record<string, number> = {};
const url = await freshDatabase(NAME);
log(`seeding ${employees} employees × 1 week and building the read models ...`);
const server = await startDashboardServer(url, log, simulationConfig({ seed: 11, employees, weeks: 1 }));
const browser = await launchChromium();
try {
  const viewer = { userId: 'bench-hr', name: 'Bench HR', role: 'hr_admin' };
  const response = await fetch(`${server.base}/auth/dev-sign-in`, {
    method: 'POST',
    body: JSON.stringify(viewer),
  });
  const { token } = (await response.json()) as { token: string };
  const session = JSON.stringify({ token, viewer });

  async function load(collect: boolean) {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    await context.addInitScript((value) => localStorage.setItem('trackrecord.session', value), session);
    const page = await context.newPage();
    const scripts = new Map<string, Buffer>();
    if (collect) {
      page.on('response', async (res) => {
        if (res.request().resourceType() === 'script') scripts.set(res.url(), await res.body());
      });
    }
    await page.goto(`${server.base}/overview`);
    await page.waitForSelector('[data-testid=person-row]');
    const fcp = await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
    );
    const rows = await page.locator('[data-testid=person-row]').count();
    await context.close();
    return { fcp, scripts, rows };
  }

  const first = await load(true);
  const raw = [...first.scripts.values()].reduce((n, b) => n + b.length, 0);
  const gzip = [...first.scripts.values()].reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
  log(
    `overview loads ${first.scripts.size} scripts: ${(raw / 1024).toFixed(1)} KB raw, ${(gzip / 1024).toFixed(1)} KB gzipped; ${first.rows} people listed`,
  );
  const fcps: number[] = [];
  for (let i = 0; i < RUNS; i++) fcps.push((await load(false)).fcp);
  fcps.sort((a, b) => a - b);
  const median = fcps[Math.floor(RUNS / 2)]!;
  log(
    `first contentful paint over ${RUNS} fresh loads: median ${median.toFixed(0)} ms (min ${fcps[0]!.toFixed(0)}, max ${fcps[RUNS - 1]!.toFixed(0)})`,
  );
  metrics.overview_js_gzip_kb = Number((gzip / 1024).toFixed(1));
  metrics.overview_fcp_ms = Math.round(median);
} finally {
  await browser.close();
  await server.close();
  await dropDatabase(NAME);
}

// ------------------------------------------------------------ HR landing on the default demo
const DEMO = 'bench_dashboard_demo';
const ROUNDS = Number(process.env.BENCH_DASHBOARD_ROUNDS ?? 9);

/** The demo database when it holds the default demo with every read model at the head, else null. */
async function reusableDemo(): Promise<string | null> {
  if (process.env.BENCH_DASHBOARD_FRESH === '1') return null;
  const url = new URL(benchServerUrl());
  url.pathname = `/${DEMO}`;
  const store = new PostgresEventStore({ connectionString: url.toString() });
  const db = createDb<unknown>(url.toString(), 1);
  try {
    const status = await demoSeedStatus(store);
    if (status.state !== 'complete' || status.parameters.seed !== DEFAULT_DEMO_SEED.seed) return null;
    if (status.parameters.employees !== DEFAULT_DEMO_SEED.employees) return null;
    const head = await store.headPosition();
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM projections.checkpoints
      WHERE name = ANY(${projections.map((p) => p.name)}) AND position >= ${head.toString()}`.execute(db);
    return Number(rows[0]?.n) === projections.length ? url.toString() : null;
  } catch {
    return null; // no such database yet
  } finally {
    await db.destroy().catch(() => {});
    await store.close().catch(() => {});
  }
}

let demoUrl = await reusableDemo();
if (demoUrl) log(`reusing the default demo in ${DEMO}`);
else {
  demoUrl = await freshDatabase(DEMO);
  await migrateEventStore(demoUrl);
  await migrateReadModels(demoUrl);
  const store = new PostgresEventStore({ connectionString: demoUrl });
  const db = createDb<unknown>(demoUrl, 4);
  log(
    `seeding the default demo (${DEFAULT_DEMO_SEED.employees} employees × ${DEFAULT_DEMO_SEED.weeks} weeks) …`,
  );
  let started = performance.now();
  await seedDemoCompany(store, DEFAULT_DEMO_SEED);
  log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s; building every read model …`);
  started = performance.now();
  await rebuildProjections(store, db, projections);
  log(`read models built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await db.destroy();
  await store.close();
}
{
  const store = new PostgresEventStore({ connectionString: demoUrl });
  const db = createDb<Database>(demoUrl, 8);
  const api = createApiServer({
    store,
    db,
    ready: () => true,
    production: false,
    tokens: createTokenService('a-dashboard-bench-secret-long-enough-0123456789'),
    web: createWebHandler(await ensureDashboardBuilt(ROOT, log)),
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  const chromium = await launchChromium();
  try {
    const viewer = { userId: 'bench-hr', name: 'Bench HR', role: 'hr_admin' };
    const response = await fetch(`${base}/auth/dev-sign-in`, {
      method: 'POST',
      body: JSON.stringify(viewer),
    });
    const { token } = (await response.json()) as { token: string };
    const session = JSON.stringify({ token, viewer });
    const landing = async () => {
      const context = await chromium.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
      await context.addInitScript((value) => localStorage.setItem('trackrecord.session', value), session);
      const page = await context.newPage();
      await page.goto(`${base}/overview`);
      // Rendered rows with the count: performance.now() is ms since the navigation started.
      const ready = await page.waitForFunction(
        () =>
          document.querySelector('[data-testid=overview-count]') &&
          document.querySelectorAll('[data-testid=person-row]').length > 0
            ? performance.now()
            : false,
        undefined,
        { polling: 'raf', timeout: 60_000 },
      );
      const ms = (await ready.jsonValue()) as number;
      const rows = await page.locator('[data-testid=person-row]').count();
      const total = await page.getByTestId('overview-count').getAttribute('data-total');
      await context.close();
      return { ms, rows, total };
    };
    const warm = await landing();
    log(
      `HR lands on ${warm.rows} of ${warm.total} active people (one page); first load ${warm.ms.toFixed(0)} ms`,
    );
    const loadBefore = loadavg()[0] ?? 0;
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) times.push((await landing()).ms);
    times.sort((a, b) => a - b);
    const loadAfter = loadavg()[0] ?? 0;
    const median = times[Math.floor(ROUNDS / 2)]!;
    log(
      `HR landing, time to interactive over ${ROUNDS} fresh loads: median ${median.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times.at(-1)!.toFixed(0)}); load average ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}`,
    );
    metrics.hr_landing_tti_ms = Math.round(median);
    metrics.load_average = Number(((loadBefore + loadAfter) / 2).toFixed(2));
  } finally {
    await chromium.close();
    api.closeAllConnections();
    await new Promise<void>((resolve) => api.close(() => resolve()));
    await db.destroy();
    await store.close();
  }
}
printResult('dashboard', metrics);
