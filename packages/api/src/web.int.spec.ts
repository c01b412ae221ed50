import { chmod, mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { createDb, type Database } from '@trackrecord/projections';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenService } from './auth/tokens.ts';
import { createApiServer } from './server.ts';
import { createWebHandler, dashboardIsStale, ensureDashboardBuilt } from './web.ts';

let database: TestDatabase;
let store: PostgresEventStore;
let db: Kysely<Database>;
let root: string;
const servers: { base: string; close: () => Promise<void> }[] = [];

async function serve(production: boolean) {
  const server = createApiServer({
    store,
    db,
    ready: () => true,
    production,
    tokens: createTokenService('a-web-test-secret-long-enough-0123456789abcdef'),
    web: createWebHandler(path.join(root, 'packages/dashboard/build')),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const entry = {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  servers.push(entry);
  return entry.base;
}

beforeAll(async () => {
  database = await createTestDatabase('api_web');
  await migrateEventStore(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  db = createDb<Database>(database.url);
  // A stand-in build of the dashboard: the shell and one hashed bundle.
  root = await mkdtemp(path.join(tmpdir(), 'trackrecord-web-'));
  const build = path.join(root, 'packages/dashboard/build');
  await mkdir(path.join(build, '_app/immutable'), { recursive: true });
  await mkdir(path.join(root, 'packages/dashboard/src'), { recursive: true });
  await writeFile(path.join(root, 'packages/dashboard/src/app.html'), '<html></html>');
  await mkdir(path.join(root, 'packages/dashboard/messages'), { recursive: true });
  await writeFile(path.join(root, 'packages/dashboard/messages/en.json'), '{}');
  await writeFile(path.join(build, 'index.html'), '<!doctype html><title>shell</title>');
  await writeFile(path.join(build, '_app/immutable/app.abc.js'), 'console.log(1)');
  await writeFile(path.join(build, '.trackrecord-built'), 'finished\n');
});
afterAll(async () => {
  for (const s of servers) await s.close();
  await db?.destroy();
  await store?.close();
  await database?.drop();
  await rm(root, { recursive: true, force: true });
});

describe('the dashboard on the API port', () => {
  it('serves files, the app shell for any other path, and leaves the API paths alone', async () => {
    const base = await serve(false);
    const shell = await fetch(`${base}/people/emp-1?x=1`);
    expect(shell.status).toBe(200);
    expect(await shell.text()).toContain('<title>shell</title>');
    expect(shell.headers.get('cache-control')).toBe('no-cache');
    const bundle = await fetch(`${base}/_app/immutable/app.abc.js`);
    expect(await bundle.text()).toBe('console.log(1)');
    expect(bundle.headers.get('cache-control')).toContain('immutable');
    const graphql = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ headPosition }' }),
    });
    // The API answers (every field needs a token), not the app shell.
    expect(JSON.stringify(await graphql.json())).toContain('sign in first');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('keeps the dev sign-in off in production instead of answering with the app', async () => {
    const base = await serve(true);
    const response = await fetch(`${base}/auth/dev-sign-in`, {
      method: 'POST',
      body: JSON.stringify({ userId: 'u', name: 'n', role: 'hr_admin' }),
    });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('shell');
  });

  it('calls a build stale when a source file is newer than it', async () => {
    const index = path.join(root, 'packages/dashboard/build/.trackrecord-built');
    const source = path.join(root, 'packages/dashboard/src/app.html');
    const now = Date.now() / 1000;
    await utimes(source, now - 60, now - 60);
    await utimes(index, now, now);
    expect(await dashboardIsStale(root)).toBe(false);
    await utimes(source, now + 60, now + 60);
    expect(await dashboardIsStale(root)).toBe(true);
  });

  it('calls a build stale when a message file is newer than it', async () => {
    const index = path.join(root, 'packages/dashboard/build/.trackrecord-built');
    const source = path.join(root, 'packages/dashboard/src/app.html');
    const messages = path.join(root, 'packages/dashboard/messages/en.json');
    const now = Date.now() / 1000;
    await utimes(source, now - 60, now - 60);
    await utimes(messages, now - 60, now - 60);
    await utimes(index, now, now);
    expect(await dashboardIsStale(root)).toBe(false);
    await utimes(messages, now + 60, now + 60);
    expect(await dashboardIsStale(root)).toBe(true);
  });

  it('calls a build stale when it never finished (no stamp), however new its files', async () => {
    const stamp = path.join(root, 'packages/dashboard/build/.trackrecord-built');
    const index = path.join(root, 'packages/dashboard/build/index.html');
    const now = Date.now() / 1000;
    await utimes(index, now + 120, now + 120);
    await utimes(stamp, now + 120, now + 120);
    expect(await dashboardIsStale(root)).toBe(false);
    await rm(stamp);
    expect(await dashboardIsStale(root)).toBe(true);
    await writeFile(stamp, 'finished\n');
  });
});

describe('building the dashboard', () => {
  it('builds once when processes ask for it at the same time, and again after an interrupted build', async () => {
    // A stand-in `vite` that takes a moment, counts its runs and writes a shell.
    const fresh = await mkdtemp(path.join(tmpdir(), 'trackrecord-build-'));
    try {
      const pkg = path.join(fresh, 'packages/dashboard');
      await mkdir(path.join(pkg, 'node_modules/.bin'), { recursive: true });
      await mkdir(path.join(pkg, 'src'), { recursive: true });
      await writeFile(path.join(pkg, 'src/app.html'), '<html></html>');
      const vite = path.join(pkg, 'node_modules/.bin/vite');
      await writeFile(
        vite,
        '#!/bin/sh\nsleep 1\necho run >> runs.txt\nmkdir -p build\necho "<!doctype html>" > build/index.html\n',
      );
      await chmod(vite, 0o755);
      const runs = async () => (await readFile(path.join(pkg, 'runs.txt'), 'utf8')).trim().split('\n').length;
      const built = await Promise.all([
        ensureDashboardBuilt(fresh, () => {}),
        ensureDashboardBuilt(fresh, () => {}),
      ]);
      expect(built).toEqual([path.join(pkg, 'build'), path.join(pkg, 'build')]);
      expect(await runs()).toBe(1);
      expect(await dashboardIsStale(fresh)).toBe(false);
      // Killed half-way: files but no stamp.
      await rm(path.join(pkg, 'build/.trackrecord-built'));
      await ensureDashboardBuilt(fresh, () => {});
      expect(await runs()).toBe(2);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});
