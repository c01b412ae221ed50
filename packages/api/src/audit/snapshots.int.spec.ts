import { FOLD_VERSION } from '@trackrecord/domain';
import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { createDb, type Database, migrateReadModels } from '@trackrecord/projections';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCompany } from '../seed/demoSeed.ts';
import { personAsOf } from './asOf.ts';
import { FoldCache, warmFoldSnapshots } from './history.ts';
import { forgetReplays, replayDecision } from './replay.ts';
import { simulatePolicies } from './simulation.ts';
import { FoldSnapshots } from './snapshots.ts';

// The auditors' folds continued from stored snapshots against the same folds from the first
// event, at seeded random positions (before the first snapshot, on snapshots, between them,
// the head) over a small seeded demo company.

const SMALL = { seed: 16, employees: 32, weeks: 15 };
const SEED = Number(process.env.FOLD_SNAPSHOT_TEST_SEED ?? 20261203);
let database: TestDatabase;
let db: Kysely<Database>;
let store: PostgresEventStore;
let snapshots: FoldSnapshots;
let head: bigint;
let stored: bigint[];
let built: { stored: number; position: bigint };
const opened: PostgresEventStore[] = [];
/**
 * A store of its own: no fold in memory (each store has its own fold cache). The one before
 * is closed (each is used for one call, awaited before the next), so the spec holds few
 * connections whatever the number of positions it compares.
 */
const cold = () => {
  for (const earlier of opened.splice(0)) void earlier.close().catch(() => {});
  const s = new PostgresEventStore({ connectionString: database.url, poolSize: 1 });
  opened.push(s);
  return s;
};

/** Seeded uniform integers (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}
const pick = random(SEED);
const between = (lo: bigint, hi: bigint) => lo + BigInt(pick(Number(hi - lo) + 1));
const withoutTime = <T extends { tookMs: number }>(r: T | null) => (r ? { ...r, tookMs: 0 } : r);

beforeAll(async () => {
  database = await createTestDatabase('api_fold_snapshots');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url, poolSize: 2 });
  db = createDb<Database>(database.url, 2);
  snapshots = new FoldSnapshots(db, { every: 2_000 });
  await seedDemoCompany(store, SMALL);
  head = await store.headPosition();
  // Snapshots built as `pnpm start` builds them (the same as a first fold to the head).
  built = await warmFoldSnapshots(cold(), snapshots);
  stored = await snapshots.positions();
}, 240_000);
afterAll(async () => {
  for (const s of opened) await s.close().catch(() => {});
  await store?.close();
  await db?.destroy();
  await database?.drop();
});

describe('fold snapshots', () => {
  it('are stored at business month starts and every so many events', () => {
    expect(snapshots.errors).toEqual([]);
    expect(built).toMatchObject({ stored: stored.length, position: head });
    expect(stored.length).toBeGreaterThanOrEqual(4);
    expect(stored.every((p) => p <= head)).toBe(true);
    expect(stored).toStrictEqual([...stored].sort((a, b) => (a < b ? -1 : 1)));
  });

  it('a fold from the nearest snapshot equals the fold from the first event, at random positions', async () => {
    const first = stored[0] as bigint;
    const positions = new Set<bigint>([head, first, first - 1n, 1n, stored.at(-1) as bigint]);
    for (let i = 0; i < 4; i++) positions.add(between(1n, first - 1n)); // before the first snapshot
    for (let i = 0; i < 12; i++) {
      const k = pick(stored.length - 1);
      const [lo, hi] = [stored[k] as bigint, stored[k + 1] as bigint];
      positions.add(between(lo + 1n, hi - 1n)); // between two snapshots
      positions.add(hi);
    }
    for (let i = 0; i < 4; i++) positions.add(between(stored.at(-1) as bigint, head)); // after the last
    for (const position of [...positions].sort((a, b) => (a < b ? -1 : 1))) {
      // The nearest stored snapshot at or before the position, by position (not as text).
      const nearest = stored.filter((p) => p <= position).at(-1) ?? null;
      expect((await snapshots.nearest(position))?.position ?? null, `nearest to ${position}`).toBe(nearest);
      const fromZero = await new FoldCache(store).at(position);
      const fromSnapshot = await new FoldCache(cold()).at(position, snapshots);
      expect(fromSnapshot.position, `position ${position}`).toBe(fromZero.position);
      expect(fromSnapshot.events, `events at ${position}`).toBe(fromZero.events);
      expect(fromSnapshot.running, `running values at ${position}`).toStrictEqual(fromZero.running);
      expect(fromSnapshot.state, `state at ${position}`).toStrictEqual(fromZero.state);
    }
  }, 300_000);

  it('decision replays from snapshots equal replays from the first event', async () => {
    const reviews = await sql<{ stream_id: string }>`
      SELECT DISTINCT stream_id FROM eventstore.events WHERE event_type = 'PromotionDecided'`.execute(db);
    const ids = reviews.rows.map((r) => r.stream_id.replace(/^review-/, ''));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      forgetReplays();
      const fromZero = await replayDecision(cold(), id);
      forgetReplays();
      const fromSnapshot = await replayDecision(cold(), id, { snapshots });
      expect(withoutTime(fromSnapshot), id).toStrictEqual(withoutTime(fromZero));
    }
  }, 300_000);

  it('a person as of random transaction times and business dates equals the fold from the first event', async () => {
    const times = await sql<{ recorded_at: Date }>`
      SELECT recorded_at FROM eventstore.events ORDER BY global_position`.execute(db);
    const dates = (
      await sql<{ d: string }>`
        SELECT DISTINCT left(data->>'closedAt', 10) AS d FROM eventstore.events
        WHERE event_type = 'SaleClosed' ORDER BY 1`.execute(db)
    ).rows.map((r) => r.d);
    const people = (
      await sql<{ id: string }>`
        SELECT data->>'employeeId' AS id FROM eventstore.events WHERE event_type = 'EmployeeHired'`.execute(
        db,
      )
    ).rows.map((r) => r.id);
    const cases: { at: Date | null; businessDate: string | null; position?: bigint }[] = [
      { at: new Date(), businessDate: null },
      { at: new Date(), businessDate: dates[0] as string }, // before the first snapshot's clock
      { at: new Date(), businessDate: dates.at(-1) as string },
    ];
    for (let i = 0; i < 6; i++) {
      const at = (times.rows[pick(times.rows.length)] as { recorded_at: Date }).recorded_at;
      cases.push({ at, businessDate: null });
      cases.push({ at: new Date(), businessDate: dates[pick(dates.length)] as string });
      cases.push({ at, businessDate: dates[pick(dates.length)] as string });
      // A position of $all, with no time and with the time it was recorded at.
      const position = BigInt(1 + pick(times.rows.length));
      cases.push({ at: null, businessDate: null, position });
      cases.push({ at, businessDate: null, position });
    }
    for (const { at, businessDate, position = null } of cases) {
      const id = people[pick(people.length)] as string;
      const label = `${id} at ${at?.toISOString()} position ${position} business date ${businessDate}`;
      const view = { at, position };
      const fromZero = await personAsOf(cold(), id, view, businessDate, { riskFactors: true });
      const fromSnapshot = await personAsOf(cold(), id, view, businessDate, { riskFactors: true, snapshots });
      expect(fromSnapshot, label).toStrictEqual(fromZero);
    }
  }, 300_000);

  it('a policy simulation from the snapshots equals the one from the first event', async () => {
    const draft = { ladder: undefined, scoringPolicy: undefined };
    const fromZero = await simulatePolicies(cold(), draft);
    const fromSnapshot = await simulatePolicies(cold(), draft, { snapshots });
    expect(fromSnapshot).toStrictEqual(fromZero);
  }, 120_000);

  it('ignores snapshots of another fold version and deletes them on the next write', async () => {
    const position = stored.at(-1) as bigint;
    // A row of another version at a later position, whose state no longer reads.
    await sql`
      INSERT INTO projections.fold_snapshots (fold_version, position, events, business_clock, bytes, state)
      VALUES (${FOLD_VERSION + 1}, ${head.toString()}::bigint, 1, '', 3, '\\x00ff00'::bytea)`.execute(db);
    const fromZero = await new FoldCache(store).at(head);
    const fromSnapshot = await new FoldCache(cold()).at(head, snapshots);
    expect(fromSnapshot.state).toStrictEqual(fromZero.state);
    // The next process's first write clears it.
    const next = new FoldSnapshots(db, { every: 2_000 });
    await sql`DELETE FROM projections.fold_snapshots WHERE fold_version = ${FOLD_VERSION} AND position = ${position.toString()}::bigint`.execute(
      db,
    );
    await new FoldCache(cold()).at(head, next);
    await next.flush();
    expect(next.errors).toEqual([]);
    const versions = await sql<{
      v: number;
    }>`SELECT DISTINCT fold_version AS v FROM projections.fold_snapshots`.execute(db);
    expect(versions.rows.map((r) => r.v)).toEqual([FOLD_VERSION]);
    expect(await next.positions()).toContain(position);
  }, 120_000);
});
