import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, createWriteStream, openSync, writeSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The product as a user starts it: `pnpm start` (packages/api/src/cli.ts `start`) as a child
 * process on its own database, port, data folder and clock, seeding the demo company itself.
 * Nothing here talks to the API beyond asking whether it is ready. No vitest imports: the
 * journeys' global setup runs this in vitest's main process.
 */

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Screenshots and the product's output of the journeys (gitignored, like every artifact). */
export const JOURNEY_ARTIFACTS = path.join(ROOT, 'tests/artifacts/journeys');

export interface ProductOptions {
  /** DATABASE_URL of the product: events and read models. */
  databaseUrl: string;
  /** TRACKRECORD_DATA_DIR (auth secret, hook secrets). */
  dataDir: string;
  /** TRACKRECORD_NOW: the demo's "today" (ISO date). */
  now: string;
  /** Demo size (`--size`) and history (`--weeks`). */
  size: number;
  weeks: number;
  /** HTTP port; a free one when not given. */
  port?: number;
  /** Name of the log file in JOURNEY_ARTIFACTS. */
  logName: string;
  /** How long seeding, building and catching up may take. */
  readyWithinMs?: number;
  /** More environment for the product (e.g. the identity provider's OIDC_* settings). */
  env?: Record<string, string>;
  /**
   * Outlives the process that starts it (a test file's worker): its output goes straight to the
   * log file and `stop()` stops it by its pid, from any process.
   */
  detached?: boolean;
}

export interface Product {
  base: string;
  port: number;
  pid: number;
  /** How long from spawn to ready. */
  startedInMs: number;
  /** Which health endpoint said "ready". */
  readiness: string;
  logFile: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts the product and resolves once it says it is ready (or rejects with its output). */
export async function startProduct(options: ProductOptions): Promise<Product> {
  const port = options.port ?? (await freePort());
  await mkdir(JOURNEY_ARTIFACTS, { recursive: true });
  const logFile = path.join(JOURNEY_ARTIFACTS, options.logName);
  const heading = `\n=== pnpm start --size ${options.size} --weeks ${options.weeks}, TRACKRECORD_NOW=${options.now}\n`;
  const started = performance.now();
  const args = [
    '--import',
    'tsx',
    'packages/api/src/cli.ts',
    'start',
    '--size',
    String(options.size),
    '--weeks',
    String(options.weeks),
  ];
  const env = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    TRACKRECORD_DATA_DIR: options.dataDir,
    TRACKRECORD_NOW: options.now,
    PORT: String(port),
    NODE_ENV: 'development',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    // The seed flags decide, not a SEED* left in the caller's environment.
    SEED: '',
    SEED_SIZE: '',
    SEED_WEEKS: '',
    ...options.env,
  };
  let child: ChildProcess;
  let log: NodeJS.WritableStream | null = null;
  if (options.detached) {
    const fd = openSync(logFile, 'w');
    writeSync(fd, heading);
    child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', fd, fd], detached: true });
    closeSync(fd);
    child.unref();
  } else {
    log = createWriteStream(logFile);
    log.write(heading);
    child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const pid = child.pid ?? -1;
  const stop = () => (log ? stopChild(child, exited, log) : stopByPid(pid));
  try {
    const readiness = await waitUntilReady(base, exited, options.readyWithinMs ?? 300_000);
    return {
      base,
      port,
      pid,
      startedInMs: performance.now() - started,
      readiness,
      logFile,
      stop,
    };
  } catch (error) {
    await stop();
    const tail = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-30).join('\n');
    throw new Error(`${(error as Error).message}\n--- last lines of ${logFile}:\n${tail}`);
  }
}

async function stopChild(
  child: ChildProcess,
  exited: Promise<number | null>,
  log: NodeJS.WritableStream,
): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const killed = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(killed);
  }
  await new Promise<void>((resolve) => log.end(resolve));
}

/**
 * Polls `/readyz` (200 once store, migrations, projections and reactors have caught up) and,
 * on a server that does not have it yet (404), `/healthz`. Resolves with the endpoint's path.
 */
export async function waitUntilReady(
  base: string,
  exited: Promise<number | null>,
  withinMs: number,
): Promise<string> {
  let gone: number | null | undefined;
  void exited.then((code) => {
    gone = code;
  });
  const deadline = Date.now() + withinMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (gone !== undefined) throw new Error(`the product exited (code ${gone}) before it was ready`);
    for (const endpoint of ['/readyz', '/healthz']) {
      try {
        const response = await fetch(`${base}${endpoint}`, { signal: AbortSignal.timeout(5_000) });
        // A server without the endpoint answers 404, or the dashboard's page (HTML) for any path.
        const json = /json/.test(response.headers.get('content-type') ?? '');
        if (response.status === 404 || !json) {
          await response.body?.cancel();
          continue;
        }
        last = `${endpoint} ${response.status}: ${(await response.text()).slice(0, 300)}`;
        if (response.ok) return endpoint;
        break;
      } catch (error) {
        last = `${endpoint}: ${(error as Error).message}`;
        break;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the product was not ready within ${withinMs / 1000} s (last: ${last})`);
}

/** Stops a product started by another process (the global setup) and waits until it is gone. */
export async function stopByPid(pid: number, withinMs = 30_000): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + withinMs;
  while (alive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  if (alive()) process.kill(pid, 'SIGKILL');
}

/** An ISO date `weeks` weeks after `date`. */
export function weeksLater(date: string, weeks: number): string {
  const d = new Date(`${date.slice(0, 10)}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + weeks * 7);
  return d.toISOString().slice(0, 10);
}
