import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_SEED_STREAM } from '@trackrecord/domain';
import { PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `pnpm start` itself, as a user runs it (the CLI in a child process) against a real
 * PostgreSQL: the first start seeds the demo company with a progress bar, then serves; the
 * second start finds it seeded and only serves; `--no-seed` leaves an empty store empty.
 */
const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../cli.ts');
let dataDir: string;
const databases: TestDatabase[] = [];
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tr-start-'));
});
afterAll(async () => {
  for (const d of databases) await d.drop();
  await rm(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts `cli.ts start …`, waits until it serves (however long that takes on a loaded machine:
 * the test's own timeout is the only limit), checks /healthz answers, stops it with SIGINT.
 */
async function startOnce(
  databaseUrl: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'start', ...args], {
    env: {
      ...process.env,
      ...env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      TRACKRECORD_DATA_DIR: dataDir,
      // The API alone: building the dashboard is not what these tests are about.
      TRACKRECORD_DASHBOARD: 'off',
      // A fixed today (its clock runs on from there), so a second start the same "day" adds nothing.
      TRACKRECORD_NOW: env.TRACKRECORD_NOW ?? '2026-06-10T12:00:00Z',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let serving: () => void = () => {};
  const served = new Promise<void>((resolve) => {
    serving = resolve;
  });
  const collect = (chunk: Buffer) => {
    output += chunk;
    if (output.includes('Track Record is running')) serving();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // Served, or exited first (an error): no deadline of our own.
  const early = await Promise.race([served.then(() => null), exited.then((code) => ({ code }))]);
  if (early) throw new Error(`start exited early (${early.code}):\n${output}`);
  const health = await fetch(`http://127.0.0.1:${port}/healthz`);
  expect([200, 503]).toContain(health.status);
  child.kill('SIGINT');
  await exited;
  return output;
}

describe('pnpm start and the demo company', () => {
  it('seeds an empty store on the first start, with progress, and never again', async () => {
    const database = await createTestDatabase('start_seed');
    databases.push(database);
    const first = await startOnce(database.url, ['--', '--size', '24', '--weeks', '15', '--seed', '9']);
    expect(first).toMatch(/seeding the demo company: 24 employees over 15 weeks, seed 9 up to 2026-06-10/);
    // One progress display, ending at 100%.
    expect(first).toMatch(
      /seeding \[.*\] 100% \| week 15\/15 \| [\d,]+ commands, [\d,]+ commands\/s, [\d,]+ events\/s \| ETA/,
    );
    expect(first).toMatch(
      /seeded the demo company \(24 employees over 15 weeks, seed 9, through 2026-06-10\): [\d,]+ commands, [\d,]+ events in [\d.]+ s .*, 0 refused/,
    );

    const store = new PostgresEventStore({ connectionString: database.url });
    // The company's events; the platform's reactors may add alerts and nominations of their own.
    const seeded = async () => {
      let count = 0;
      for (let after = 0n; ; ) {
        const page = await store.readAll({ after, maxCount: 10_000 });
        count += page.events.filter((e) => String(e.metadata.correlationId).startsWith('demo-seed-')).length;
        if (page.isEnd) return count;
        after = page.nextAfter;
      }
    };
    try {
      const head = await seeded();
      expect(head).toBeGreaterThan(5_000);
      expect((await store.readStream(DEMO_SEED_STREAM)).map((e) => e.type)).toEqual([
        'DemoSeedStarted',
        'DemoSeedCompleted',
      ]);
      // The environment asks for another company: the store is seeded already, nothing is added.
      const second = await startOnce(database.url, [], { SEED_SIZE: '50' });
      expect(second).toMatch(/the demo company \(24 employees over 15 weeks, seed 9\) is already seeded/);
      expect(second).not.toMatch(/seeding \[/);
      expect(await seeded()).toBe(head);

      // Three weeks later: the company is brought up to the new today.
      const later = await startOnce(database.url, [], { TRACKRECORD_NOW: '2026-07-01T12:00:00Z' });
      expect(later).toMatch(
        /brought the demo company up to today \(24 employees over 15 weeks, seed 9, through 2026-07-01\): [\d,]+ commands, .*, 0 refused/,
      );
      expect(await seeded()).toBeGreaterThan(head);
      expect((await store.readStream(DEMO_SEED_STREAM)).map((e) => e.type)).toEqual([
        'DemoSeedStarted',
        'DemoSeedCompleted',
        'DemoSeedContinued',
      ]);
    } finally {
      await store.close();
    }
  }, 900_000);

  it('--no-seed (or SEED=off) starts on an empty store without seeding; bad flags are named', async () => {
    const database = await createTestDatabase('start_noseed');
    databases.push(database);
    const output = await startOnce(database.url, ['--no-seed']);
    expect(output).toMatch(/demo seed switched off/);
    const offByEnv = await startOnce(database.url, [], { SEED: 'off' });
    expect(offByEnv).toMatch(/demo seed switched off/);
    const store = new PostgresEventStore({ connectionString: database.url });
    try {
      expect(await store.headPosition()).toBe(0n);
    } finally {
      await store.close();
    }
    const bad = spawn(process.execPath, ['--import', 'tsx', cli, 'start', '--size', 'lots'], {
      env: { ...process.env, DATABASE_URL: database.url, TRACKRECORD_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    bad.stderr.on('data', (chunk) => {
      text += chunk;
    });
    const code = await new Promise<number | null>((resolve) => bad.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(text).toMatch(/--size \(SEED_SIZE\) must be a whole number of at least 1, got "lots"/);
  }, 900_000);
});
