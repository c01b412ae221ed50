import { migrateEventStore, newEventId, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database.ts';
import { createDb } from '../db.ts';
import { migrateReadModels } from '../migrate.ts';
import { Reactor } from '../reactors/reactor.ts';
import { readCheckpoint } from './checkpoints.ts';
import { projectionFailures } from './failures.ts';
import type { EventType, Projection } from './projection.ts';
import { ProjectionRunner } from './runner.ts';

/**
 * A projection poisoned by one event: a handler that throws on an event
 * stops its projection just before that event, records the event and the error, and the other
 * projections go on; a handler that never returns does not keep `run` from returning on stop.
 */
interface SeenDb {
  seen: { projection: string; event_id: string };
}

function projection(name: string, behaviour: (data: Record<string, unknown>) => Promise<void> | void) {
  const p: Projection<SeenDb> = {
    name,
    version: '1',
    tables: ['seen'],
    // A test event outside the catalog: the handler reads its raw data, never `event`.
    eventTypes: ['Tested' as EventType],
    async apply(db: Kysely<SeenDb>, events) {
      for (const event of events) {
        await behaviour(event.data as Record<string, unknown>);
        await db.insertInto('seen').values({ projection: name, event_id: event.id }).execute();
      }
    },
  };
  return p;
}

let database: TestDatabase;
let store: PostgresEventStore;
let db: Kysely<SeenDb>;
beforeAll(async () => {
  database = await createTestDatabase('projections_failures');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url, pollIntervalMs: 50 });
  db = createDb<SeenDb>(database.url, 4);
  await sql`CREATE TABLE read.seen (projection text NOT NULL, event_id text NOT NULL)`.execute(db);
});
afterAll(async () => {
  await db?.destroy();
  await store?.close();
  await database?.drop();
});

const tested = (data: Record<string, unknown>) => ({
  id: newEventId(),
  type: 'Tested',
  schemaVersion: 1,
  data: data as never,
});

async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('a handler that throws on one event', () => {
  it('stops that projection just before the event, records it, and the others go on', async () => {
    const poisoned = new ProjectionRunner(
      store,
      db,
      database.url,
      projection('poisoned', (data) => {
        // What the issue saw: a far-future date that the month arithmetic cannot take.
        if (typeof data.at === 'string') new Date(new Date(data.at).getTime() * 1e6).toISOString();
      }),
      { batchSize: 10, leaseRetryMs: 50 },
    );
    const healthy = new ProjectionRunner(
      store,
      db,
      database.url,
      projection('healthy', () => {}),
      {
        batchSize: 10,
        leaseRetryMs: 50,
      },
    );
    const stop = new AbortController();
    const done = [poisoned.run(stop.signal), healthy.run(stop.signal)];
    // Both follow the store live; then the events come, the poison among them.
    await until(() => poisoned.status.caughtUp && healthy.status.caughtUp);
    // One append, so one batch: the two events before the poison are applied, then it stops.
    const written = await store.appendToStream('s-2', [
      tested({ n: 1 }),
      tested({ n: 2 }),
      tested({ n: 3, at: '9999-12-31T23:59:59Z' }),
      tested({ n: 4 }),
    ]);
    const before = { lastPosition: written.positions[1]! };
    const poison = { lastPosition: written.positions[2]! };
    const after = { lastPosition: written.positions[3]! };
    try {
      await until(() => poisoned.status.stuck !== undefined);
      await until(() => healthy.status.caughtUp && healthy.status.position === after.lastPosition);
      const stuck = poisoned.status.stuck!;
      expect(stuck).toMatchObject({
        position: poison.lastPosition,
        eventType: 'Tested',
        streamId: 's-2',
        error: 'Invalid time value',
      });
      expect(poisoned.status.caughtUp).toBe(false);
      // The events before the poison are applied (its batch was applied one event at a time).
      expect((await readCheckpoint(db, 'poisoned'))?.position).toBe(before.lastPosition);
      const rows = await db
        .selectFrom('read.seen' as 'seen')
        .selectAll()
        .execute();
      expect(rows.filter((r) => r.projection === 'poisoned')).toHaveLength(2);
      expect(rows.filter((r) => r.projection === 'healthy')).toHaveLength(4);
      const failures = await projectionFailures(db, { open: true });
      expect(failures).toEqual([
        expect.objectContaining({
          projection: 'poisoned',
          position: poison.lastPosition,
          eventType: 'Tested',
          streamId: 's-2',
          error: 'Invalid time value',
          resolvedAt: null,
        }),
      ]);
      // New events: the healthy projection follows them, the stuck one stays where it stopped.
      const more = await store.appendToStream('s-3', [tested({ n: 5 })]);
      await until(() => healthy.status.position === more.lastPosition);
      expect(poisoned.status.position).toBe(before.lastPosition);
    } finally {
      stop.abort();
      await Promise.all(done);
    }
  });
});

describe('stopping', () => {
  it('returns from run() when stopped, even while a handler never returns', async () => {
    await store.appendToStream('s-hang', [tested({ hang: true })]);
    let entered = false;
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Its own pool: the connection of the abandoned transaction is given back only at the end.
    const hangingDb = createDb<SeenDb>(database.url, 2);
    const hanging = new ProjectionRunner(
      store,
      hangingDb,
      database.url,
      projection('hanging', async (data) => {
        if (data.hang) {
          entered = true;
          await released;
        }
      }),
      { batchSize: 10, leaseRetryMs: 50 },
    );
    const stop = new AbortController();
    const done = hanging.run(stop.signal);
    await until(() => entered);
    stop.abort();
    await done;
    expect(hanging.status.caughtUp).toBe(false);
    // The handler returns long after the runner stopped; its pool then closes normally.
    release();
    await hangingDb.destroy();
  });
});

describe('a reactor rule that throws on one event', () => {
  it('stops the reactor at that event, records it, and reports it in its status', async () => {
    const dispatched: string[] = [];
    const reactorDb = createDb<Database>(database.url, 1);
    const reactor = new Reactor(
      store,
      reactorDb,
      database.url,
      'poisoned',
      [
        {
          name: 'echo',
          eventTypes: ['Reacted'],
          async react(_db, events) {
            return events.map((event) => {
              if (event.data.poison) throw new RangeError('Invalid time value');
              return {
                command: { type: 'Echo', data: {} },
                commandId: `echo-${event.id}`,
                at: '2026-01-01T00:00:00Z',
                trigger: { eventId: event.id, position: event.position },
              };
            });
          },
        },
      ],
      async (_command, meta) => {
        dispatched.push(meta.commandId);
        return { duplicate: false, events: [] };
      },
      { leaseRetryMs: 50 },
    );
    const reacted = (data: Record<string, unknown>) => ({ ...tested(data), type: 'Reacted' });
    const written = await store.appendToStream('r-1', [
      reacted({ n: 1 }),
      reacted({ poison: true }),
      reacted({ n: 3 }),
    ]);
    const stop = new AbortController();
    const done = reactor.run(stop.signal);
    try {
      await until(() => reactor.status.stuck !== undefined);
      expect(reactor.status.stuck).toMatchObject({
        position: written.positions[1],
        streamId: 'r-1',
        eventType: 'Reacted',
        error: 'Invalid time value',
      });
      expect(reactor.status.caughtUp).toBe(false);
      const failures = await projectionFailures(db, { open: true });
      expect(failures.map((f) => f.projection)).toContain('reactor:poisoned');
    } finally {
      stop.abort();
      await done;
      await reactorDb.destroy();
    }
  });
});
