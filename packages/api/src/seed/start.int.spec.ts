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

/** Starts `cli.ts start …`, waits until it serves, checks /healthz answers, stops it with SIGINT. */
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
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 90_000;
  while (!output.includes('Track Record is running')) {
    if (child.exitCode !== null) throw new Error(`start exited early:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`start did not come up:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
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
    expect(first).toMatch(/seeding the demo company: 24 employees over 15 weeks, seed 9/);
    expect(first).toMatch(
      /seeding \[.*\] week 15\/15 \| [\d,]+ commands, [\d,]+ commands\/s, [\d,]+ events\/s \| ETA/,
    );
    expect(first).toMatch(
      /seeded the demo company \(24 employees over 15 weeks, seed 9\): [\d,]+ commands, [\d,]+ events in [\d.]+ s .*, 0 refused/,
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
    } finally {
      await store.close();
    }
  }, 240_000);

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
  }, 240_000);
});
