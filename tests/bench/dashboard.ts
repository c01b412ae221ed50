/**
 * `pnpm bench dashboard`: the team-overview route in Chromium on localhost — the gzipped size
 * of every script it loads (JS the browser fetched for the route, compressed with gzip -9) and
 * its first contentful paint (median of fresh page loads with a signed-in HR admin).
 * Company: BENCH_DASHBOARD_EMPLOYEES (default 200) people, one simulated week.
 */
import { gzipSync } from 'node:zlib';
import { simulationConfig } from '@trackrecord/domain';
import { launchChromium, startDashboardServer } from '../support/dashboard.ts';
import { dropDatabase, freshDatabase } from './support.ts';

const RUNS = 9;
const employees = Number(process.env.BENCH_DASHBOARD_EMPLOYEES ?? 200);
const NAME = 'trackrecord_bench_dashboard';
const log = (line: string) => console.log(`[bench dashboard] ${line}`);

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
  console.log(
    JSON.stringify({
      bench: 'dashboard',
      metrics: { overview_js_gzip_kb: Number((gzip / 1024).toFixed(1)), overview_fcp_ms: Math.round(median) },
    }),
  );
} finally {
  await browser.close();
  await server.close();
  await dropDatabase(NAME);
}
