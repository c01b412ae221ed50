import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { type CompiledChild, compileChild } from '@trackrecord/eventstore/testing/child';
import { simulationConfig } from '@trackrecord/simulator';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../db.ts';
import { migrateReadModels } from '../migrate.ts';
import { projections } from '../registry.ts';
import { appendSimulatedCompany, readModelChecksums } from '../testing/index.ts';
import { readCheckpoint } from './checkpoints.ts';
import { rebuildProjections } from './rebuild.ts';

/**
 * The crash test: a real child process runs the runners of every registered projection
 * over a simulated company of ≥ 100,000 events and is killed with SIGKILL at random (seeded)
 * moments, then restarted until it reaches the head. Its read models must then be identical,
 * table by table, to a clean rebuild from the same store.
 */
const SEED = Number(process.env.CRASH_TEST_SEED ?? 20261123);
const KILLS = 6;
const REBUILD_KILLS = 3;
const here = path.dirname(fileURLToPath(import.meta.url));
const packageRoot = path.resolve(here, '../..');

/** mulberry32: a small seeded PRNG, so a failing run can be repeated with the same kills. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ChildRun {
  readonly child: ChildProcess;
  /** Resolves when the child printed `started`: its runners are running. */
  readonly started: Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves at the child's `count`-th `applied` line: a batch's rows written, its commit imminent. */
  applied(count: number): Promise<void>;
  /** Live batches and rebuild pages the child reported committed. */
  progressLines(): number;
  /** Per projection, the position its rebuild started reading from in this process (0: from scratch). */
  rebuildStarts(): Map<string, bigint>;
  done(): boolean;
  output(): string;
}

/** crash.child.ts compiled once (`compileChild`): each of the dozen starts then loads in well under a second. */
let compiled: CompiledChild;

function startChild(url: string, batchSize: number): ChildRun {
  const child = spawn(process.execPath, [compiled.file, url, String(batchSize)], {
    cwd: packageRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let progress = 0;
  let finished = false;
  const rebuildStarts = new Map<string, bigint>();
  let appliedLines = 0;
  const appliedWaiters: { count: number; resolve: () => void }[] = [];
  const lines: string[] = [];
  let onStarted = () => {};
  const started = new Promise<void>((resolve) => {
    onStarted = resolve;
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    if (lines.length > 200) lines.shift();
    if (line.startsWith('applied ')) {
      appliedLines++;
      for (const w of appliedWaiters) if (appliedLines >= w.count) w.resolve();
    } else if (line.startsWith('started')) onStarted();
    else if (line.startsWith('progress')) progress++;
    else if (line.startsWith('rebuild ')) {
      progress++;
      const [, name = '', position = '0', events = '0'] = line.split(' ');
      if (!rebuildStarts.has(name)) rebuildStarts.set(name, BigInt(position) - BigInt(events));
    } else if (line === 'done') finished = true;
  });
  createInterface({ input: child.stderr! }).on('line', (line) => lines.push(`stderr ${line}`));
  const exited = once(child, 'exit').then(([code, signal]) => {
    onStarted();
    return { code: code as number | null, signal: signal as NodeJS.Signals | null };
  });
  return {
    child,
    started,
    exited,
    applied: (count) =>
      new Promise<void>((resolve) => {
        if (appliedLines >= count) resolve();
        else appliedWaiters.push({ count, resolve });
      }),
    progressLines: () => progress,
    rebuildStarts: () => rebuildStarts,
    done: () => finished,
    output: () => lines.join('\n'),
  };
}

let database: TestDatabase;
let store: PostgresEventStore;
let db: Kysely<unknown>;
let head: bigint;
/** Checksums of a clean rebuild, from the first test. */
let clean: Awaited<ReturnType<typeof readModelChecksums>> | undefined;

beforeAll(async () => {
  compiled = await compileChild(path.join(here, 'crash.child.ts'));
  database = await createTestDatabase('projections_crash');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  db = createDb(database.url);
  // The runners start on an empty store, as on a fresh installation: every projection gets
  // its checkpoint at 0 under its current code version, so the replay below is their live
  // catch-up path (batch + checkpoint per transaction), not a first build.
  const first = startChild(database.url, 500);
  expect(await first.exited, first.output()).toEqual({ code: 0, signal: null });
  const history = await appendSimulatedCompany(
    store,
    simulationConfig({ seed: SEED, employees: 125, weeks: 60 }),
  );
  head = await store.headPosition();
  expect(history.events).toBeGreaterThanOrEqual(100_000);
}, 600_000);

afterAll(async () => {
  await db?.destroy();
  await store?.close();
  await database?.drop();
  await compiled?.remove();
});

describe('projection runners killed with SIGKILL', () => {
  it(`lose and double nothing: after ${KILLS} kills and restarts the read models equal a clean rebuild`, async () => {
    const next = random(SEED);
    let killedMidway = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const run = startChild(database.url, 100 + Math.floor(next() * 1_900));
      await run.started;
      // Seeded, so repeatable: every other kill at a random time, the others right as a batch's
      // rows are written and its commit is under way.
      if (kill % 2 === 0) await new Promise((resolve) => setTimeout(resolve, 150 + next() * 1_200));
      else await Promise.race([run.applied(1 + Math.floor(next() * 12)), run.exited]);
      run.child.kill('SIGKILL');
      const exit = await run.exited;
      if (exit.signal === 'SIGKILL' && !run.done() && run.progressLines() > 0) killedMidway++;
    }
    const last = startChild(database.url, 2_000);
    expect(await last.exited, last.output()).toEqual({ code: 0, signal: null });
    expect(last.done()).toBe(true);
    // Most kills must have landed while batches were being committed, or the test proves little.
    expect(killedMidway).toBeGreaterThanOrEqual(KILLS - 1);

    for (const projection of projections) {
      expect((await readCheckpoint(db, projection.name))?.position, projection.name).toBe(head);
    }
    const afterCrashes = await readModelChecksums(db, projections);
    await rebuildProjections(store, db, projections);
    clean = await readModelChecksums(db, projections);
    expect(Object.keys(clean).length).toBeGreaterThanOrEqual(projections.length);
    expect(Object.values(clean).some((t) => t.rows > 0)).toBe(true);
    const differing = Object.keys(clean).filter(
      (table) => JSON.stringify(afterCrashes[table]) !== JSON.stringify(clean?.[table]),
    );
    expect(differing, 'tables that differ from a clean rebuild').toEqual([]);
    expect(afterCrashes).toEqual(clean);
  }, 600_000);

  it('rebuild on a code version change: killed rebuilds resume where they stopped and swap in the same rows', async () => {
    expect(clean).toBeDefined();
    // As if every projection's code had changed since its checkpoint was written.
    await sql`UPDATE projections.checkpoints SET code_version = 'previous'`.execute(db);
    const next = random(SEED + 1);
    const resumed = new Set<string>();
    for (let kill = 0; kill < REBUILD_KILLS; kill++) {
      const run = startChild(database.url, 2_000);
      await run.started;
      // Kill once more batches were written than there are projections: one projection has
      // then written two, so its first scratch batch committed and a restart must resume it.
      // (A fixed delay was a bet on the machine's speed: too early, nothing had committed.)
      const written = projections.length + 1 + Math.floor(next() * 3 * projections.length);
      await Promise.race([run.applied(written), run.exited]);
      run.child.kill('SIGKILL');
      await run.exited;
      for (const [name, from] of run.rebuildStarts()) if (from > 0n) resumed.add(name);
    }
    const last = startChild(database.url, 2_000);
    expect(await last.exited, last.output()).toEqual({ code: 0, signal: null });
    for (const [name, from] of last.rebuildStarts()) if (from > 0n) resumed.add(name);
    // At least one rebuild was killed after committing scratch batches and carried on from there.
    expect(resumed.size).toBeGreaterThan(0);
    for (const projection of projections) {
      const checkpoint = await readCheckpoint(db, projection.name);
      expect(checkpoint, projection.name).toMatchObject({ position: head, codeVersion: projection.version });
    }
    expect(await readModelChecksums(db, projections)).toEqual(clean);
    const leftovers = await sql<{ n: string }>`
      SELECT nspname AS n FROM pg_namespace WHERE nspname LIKE 'read\_%'`.execute(db);
    expect(leftovers.rows).toEqual([]);
  }, 600_000);
});
