import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `pnpm start` as a user runs it (the CLI in a child process, API only): the read models and
 * then the reactors each show one progress bar ending at 100 %, the banner with the URLs comes
 * only after them, requests are not logged unless LOG_LEVEL=debug, and SIGTERM stops the
 * process (it used to take 45–90 s) within SHUTDOWN_GRACE_MS.
 */
const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../cli.ts');
let database: TestDatabase;
let dataDir: string;
beforeAll(async () => {
  database = await createTestDatabase('api_startup');
  dataDir = await mkdtemp(path.join(tmpdir(), 'tr-startup-'));
});
afterAll(async () => {
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('pnpm start', () => {
  it('shows the catch-up phases to 100 %, then the banner; SIGTERM stops it', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cli, 'start', '--size', '12', '--weeks', '4', '--seed', '5'],
      {
        env: {
          ...process.env,
          DATABASE_URL: database.url,
          PORT: String(port),
          TRACKRECORD_DATA_DIR: dataDir,
          TRACKRECORD_DASHBOARD: 'off',
          SHUTDOWN_GRACE_MS: '3000',
          LOG_LEVEL: '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const deadline = Date.now() + 120_000;
      while (!output.includes('Track Record is running')) {
        if (child.exitCode !== null) throw new Error(`start exited early:\n${output}`);
        if (Date.now() > deadline) throw new Error(`start did not come up:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      const banner = output.indexOf('Track Record is running');
      const models = output.lastIndexOf('read models [');
      const reactors = output.lastIndexOf('reactors    [');
      expect(output.slice(models)).toMatch(/^read models \[█+\] 100% \| (\d+)\/\1 events/);
      expect(output.slice(reactors)).toMatch(/^reactors {4}\[█+\] 100% \| (\d+)\/\1 events/);
      expect(output.slice(reactors).split('\n')[0]).toMatch(/\| done in \d+ s$/);
      // Every line of the bars says how far and how long, never cli-progress's INF or NaN.
      expect(output).not.toMatch(/\| (INF|NaN|NULL)\b/);
      expect(models).toBeLessThan(reactors);
      expect(reactors).toBeLessThan(banner);
      expect(output).toMatch(
        new RegExp(`Ready +http://localhost:${port}/readyz +Live http://localhost:${port}/livez`),
      );
      // The runners' build lines are debug output.
      expect(output).not.toMatch(/no checkpoint yet, building/);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query Probe { headPosition }' }),
      });
      // A client keeps a connection open; it does not hold the process.
      const held = fetch(`http://127.0.0.1:${port}/livez`, { keepalive: true });
      await held;
      expect(output).not.toMatch(/"graphql":\{"operation":"Probe"/);
    } finally {
      child.kill('SIGTERM');
      const killed = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(killed);
      expect(code).toBe(0);
    }
  }, 180_000);
});
