import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { lock } from 'proper-lockfile';
import sirv from 'sirv';

/** Serves the built dashboard (a single-page app): files from `dir`, `index.html` for any other path. */
export type WebHandler = (req: IncomingMessage, res: ServerResponse) => void;

export const dashboardPackage = (root: string) => path.join(root, 'packages/dashboard');
export const dashboardBuild = (root: string) => path.join(dashboardPackage(root), 'build');
/**
 * Written once a build has finished: a build that was interrupted (the process killed half-way)
 * leaves files without it, and is built again instead of serving blank pages.
 */
const builtStamp = (root: string) => path.join(dashboardBuild(root), '.trackrecord-built');

export function createWebHandler(dir: string): WebHandler {
  const serve = sirv(dir, {
    single: true,
    etag: true,
    gzip: true,
    brotli: true,
    setHeaders: (res, pathname) => {
      // Hashed bundles never change; the HTML shell must always be revalidated.
      res.setHeader(
        'cache-control',
        pathname.startsWith('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  return (req, res) =>
    serve(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found');
    });
}

async function newestChange(entry: string): Promise<number> {
  const info = await stat(entry).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const child of await readdir(entry))
    newest = Math.max(newest, await newestChange(path.join(entry, child)));
  return newest;
}

/**
 * True when there is no finished build, or a source or message file changed after it was made.
 */
export async function dashboardIsStale(root: string): Promise<boolean> {
  const stamp = builtStamp(root);
  if (!existsSync(stamp) || !existsSync(path.join(dashboardBuild(root), 'index.html'))) return true;
  const built = (await stat(stamp)).mtimeMs;
  const pkg = dashboardPackage(root);
  const sources = ['src', 'messages', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'].map(
    (f) => path.join(pkg, f),
  );
  for (const source of sources) if ((await newestChange(source)) > built) return true;
  return false;
}

/**
 * Builds the dashboard (`vite build`) when it has no build or its sources are newer, so that
 * `pnpm start` works on a fresh clone. Returns the folder to serve.
 */
export async function ensureDashboardBuilt(root: string, log: (line: string) => void): Promise<string> {
  if (!(await dashboardIsStale(root))) return dashboardBuild(root);
  // Processes starting together (test files in parallel, two servers) build once: the others
  // wait for the lock, then find the build fresh. A holder that died leaves a stale lock that
  // is taken over after 30 s.
  const release = await lock(dashboardPackage(root), {
    lockfilePath: path.join(dashboardPackage(root), '.build.lock'),
    stale: 30_000,
    retries: { retries: 1_200, minTimeout: 250, maxTimeout: 1_000 },
  });
  try {
    if (!(await dashboardIsStale(root))) return dashboardBuild(root);
    return await buildDashboard(root, log);
  } finally {
    await release();
  }
}

async function buildDashboard(root: string, log: (line: string) => void): Promise<string> {
  const cwd = dashboardPackage(root);
  const vite = path.join(cwd, 'node_modules/.bin/vite');
  if (!existsSync(vite)) {
    throw new Error(`the dashboard's dependencies are missing (${vite}); run "pnpm install" first`);
  }
  log('building the dashboard (vite build) ...');
  const started = Date.now();
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(vite, ['build', '--logLevel', 'warn'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0)
    throw new Error(`building the dashboard failed (exit ${code}):\n${output.join('').slice(-4000)}`);
  await writeFile(builtStamp(root), `${new Date().toISOString()}\n`);
  log(`built the dashboard in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return dashboardBuild(root);
}
