import {
  currentVersion,
  DEFAULT_LADDER,
  type DomainEventType,
  employeeStream,
  type Ladder,
  saleStream,
} from '@trackrecord/domain';
import { type JsonObject, migrateEventStore, newEventId, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { createDb, type Database, migrateReadModels } from '@trackrecord/projections';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warmFoldSnapshots } from './history.ts';
import { FoldSnapshots } from './snapshots.ts';
import { MIN_JUMP_EVENTS, simulateHistory } from './whatIfHistory.ts';

/**
 * The what-if walk with fold snapshots against the walk folding every event, on a small,
 * long-lived company written here: seven reps hired on 6 January 2025, each closing four sales
 * a day for 500 days (to 20 May 2026), about 850 events a month, so a snapshot is stored at
 * each business month start and no more often. One hire is recorded on the first day for a
 * start on 1 September 2026: the snapshots' business clock stays there, so none of them is
 * known to lie in a quarter's first month (`quarterStarts` is empty), and the walk plans no
 * stop at a quarter start. Its only stop is the head, whose nearest snapshot (1 May 2026) lies
 * more than `MIN_JUMP_EVENTS` ahead of the first event: the walk jumps to it, and each quarter
 * whose first month it passed must still be judged as folding every event judges it.
 */

const REPS = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];
const SALES_A_DAY = 4;
const DAYS = 500;
const FIRST_DAY = Date.parse('2025-01-06T00:00:00Z');

let database: TestDatabase;
let store: PostgresEventStore;
let db: Kysely<Database>;
let snapshots: FoldSnapshots;
const opened: PostgresEventStore[] = [];
/** A store of its own: no fold in memory (each store has its own fold cache). */
const cold = () => {
  const s = new PostgresEventStore({ connectionString: database.url, poolSize: 1 });
  opened.push(s);
  return s;
};

const event = (type: DomainEventType, data: unknown) => ({
  id: newEventId(),
  type,
  schemaVersion: currentVersion(type),
  data: data as JsonObject,
});
const hire = (employeeId: string, hiredAt: string) => ({
  streamId: employeeStream(employeeId),
  events: [
    event('EmployeeHired', {
      employeeId,
      name: employeeId,
      branchId: 'a',
      teamId: 'a-1',
      regionId: 'east',
      managerId: null,
      level: 'sales_representative',
      track: 'sales_management',
      hiredAt,
      probationEnd: null,
      recruitingFit: 70,
    }),
  ],
});

/** The demo ladder with a supervisor's score requirement of `min` only. */
const ladder = (min: number): Ladder => ({
  ...DEFAULT_LADDER,
  id: 'ladder-walk',
  version: 1,
  tracks: DEFAULT_LADDER.tracks.map((t) => ({
    ...t,
    levels: t.levels.map((l) =>
      l.id === 'sales_supervisor' ? { ...l, requirements: [{ kind: 'score' as const, min }] } : l,
    ),
  })),
});

beforeAll(async () => {
  database = await createTestDatabase('api_whatif_walk');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url, poolSize: 2 });
  db = createDb<Database>(database.url, 2);
  snapshots = new FoldSnapshots(db);
  await store.appendToStreams([
    ...REPS.map((id) => hire(id, '2025-01-06')),
    // A graduate's hire, recorded long before the start: the business clock runs ahead.
    hire('g1', '2026-09-01'),
  ]);
  for (let day = 0; day < DAYS; day++) {
    const date = new Date(FIRST_DAY + day * 86_400_000).toISOString().slice(0, 10);
    await store.appendToStreams(
      REPS.flatMap((employeeId, rep) =>
        Array.from({ length: SALES_A_DAY }, (_, n) => {
          const saleId = `s-${date}-${employeeId}-${n}`;
          return {
            streamId: saleStream(saleId),
            events: [
              event('SaleClosed', {
                saleId,
                employeeId,
                // Reps sell more or less, and more some months than others.
                amount: 150_000 * (rep + 1) + 20_000 * ((day + 7 * rep) % 45),
                grossMargin: 0.3,
                productLine: 'crm',
                customerId: `c-${saleId}`,
                customerType: 'smb',
                channel: 'direct',
                newCustomer: n === 0,
                cycleDays: 5,
                closedAt: `${date}T${String(9 + n).padStart(2, '0')}:00:00Z`,
              }),
            ],
          };
        }),
      ),
    );
  }
  await warmFoldSnapshots(cold(), snapshots);
}, 240_000);
afterAll(async () => {
  for (const s of opened) await s.close().catch(() => {});
  await store?.close();
  await db?.destroy();
  await database?.drop();
});

describe('the what-if walk with fold snapshots', () => {
  it('judges every quarter whose start a jump passes, as folding every event does', async () => {
    // The history is as the comment above says: no quarter start known, the jump long enough.
    expect(snapshots.errors).toEqual([]);
    expect(await snapshots.quarterStarts()).toEqual([]);
    const positions = await snapshots.positions();
    expect(positions.length).toBeGreaterThanOrEqual(16);
    expect(positions.at(-1) as bigint).toBeGreaterThan(MIN_JUMP_EVENTS);

    const draft = { ladder: ladder(10) };
    const fromZero = await simulateHistory(cold(), draft, [], { snapshots: null });
    const walked = await simulateHistory(cold(), draft, [], { snapshots });
    // Judged at each quarter start: the first sale's (6 January 2025: December evaluated, with
    // nothing sold yet) and April 2025 to April 2026; someone eligible under the draft.
    expect(fromZero.quarters.map((q) => q.quarter)).toEqual([
      '2024-Q4',
      '2025-Q1',
      '2025-Q2',
      '2025-Q3',
      '2025-Q4',
      '2026-Q1',
    ]);
    expect(fromZero.quarters.every((q) => q.people.length > 0)).toBe(true);
    expect(fromZero.quarters.some((q) => q.people.some((p) => p.after))).toBe(true);
    expect(walked.snapshotsLoaded).toBeGreaterThan(0);
    expect(walked.eventsFolded).toBeLessThan(fromZero.eventsFolded);
    expect(walked.quarters).toStrictEqual(fromZero.quarters);
    expect(walked.decisions).toStrictEqual(fromZero.decisions);
    expect(walked.head.state).toStrictEqual(fromZero.head.state);
    expect(walked.head.running).toStrictEqual(fromZero.head.running);
  }, 120_000);
});
