import { DomainError } from '@trackrecord/domain';
import { migrateEventStore, newEventId, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../database.ts';
import { createDb } from '../db.ts';
import { migrateReadModels } from '../migrate.ts';
import { ProjectionHandlerError } from '../runner/failures.ts';
import { type Dispatch, type DispatchMany, Reactor, type ReactorRule } from './reactor.ts';

/**
 * A rule's reactions to a batch dispatched together (`dispatchMany`): in order, in one call,
 * each logged with its own outcome (a refusal refused alone); a failure of the whole call that
 * is not a refusal goes one by one, so that the reaction the store refuses stops the reactor
 * at its own trigger.
 */
let database: TestDatabase;
let store: PostgresEventStore;
let db: Kysely<Database>;
beforeAll(async () => {
  database = await createTestDatabase('reactor_many');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  db = createDb<Database>(database.url, 2);
});
afterAll(async () => {
  await db?.destroy();
  await store?.close();
  await database?.drop();
});
beforeEach(async () => {
  await sql`TRUNCATE projections.reactor_log`.execute(db);
  await sql`DELETE FROM projections.checkpoints WHERE name LIKE 'reactor:%'`.execute(db);
});

/** One reaction per `Reacted` event, named by its `n`. */
const echo: ReactorRule = {
  name: 'echo',
  eventTypes: ['Reacted'],
  async react(_db, events) {
    return events.map((event) => ({
      command: { type: 'Echo', data: { n: event.data.n } },
      commandId: `echo-${String(event.data.n)}`,
      at: '2026-01-01T00:00:00Z',
      trigger: { eventId: event.id, position: event.position },
    }));
  },
};
const reacted = (n: number) => ({ id: newEventId(), type: 'Reacted', schemaVersion: 1, data: { n } });
const log = () =>
  db
    .selectFrom('projections.reactor_log')
    .select(['command_id', 'rule', 'outcome', 'error', 'dispatches'])
    .orderBy('command_id')
    .execute();

describe('a reactor with dispatchMany', () => {
  it('dispatches a rule’s reactions to a batch in one call, in order, each logged with its outcome', async () => {
    await store.appendToStream('many-1', [1, 2, 3, 4, 5].map(reacted));
    const one: string[] = [];
    const calls: string[][] = [];
    const dispatch: Dispatch = async (_command, meta) => {
      one.push(meta.commandId);
      return { duplicate: false, events: [{}] };
    };
    const dispatchMany: DispatchMany = async (items) => {
      calls.push(items.map((i) => i.meta.commandId));
      return items.map(({ command, meta }) =>
        command.data.n === 3
          ? { refused: new DomainError('VALIDATION', 'three is refused') }
          : { duplicate: meta.commandId === 'echo-5', events: [{}] },
      );
    };
    const reactor = new Reactor(store, db, database.url, 'many', [echo], dispatch, { dispatchMany });
    await reactor.catchUp();
    expect(calls).toEqual([['echo-1', 'echo-2', 'echo-3', 'echo-4', 'echo-5']]);
    expect(one).toEqual([]);
    expect(await log()).toEqual([
      { command_id: 'echo-1', rule: 'echo', outcome: 'appended', error: null, dispatches: 1 },
      { command_id: 'echo-2', rule: 'echo', outcome: 'appended', error: null, dispatches: 1 },
      {
        command_id: 'echo-3',
        rule: 'echo',
        outcome: 'refused',
        error: 'VALIDATION three is refused',
        dispatches: 1,
      },
      { command_id: 'echo-4', rule: 'echo', outcome: 'appended', error: null, dispatches: 1 },
      { command_id: 'echo-5', rule: 'echo', outcome: 'duplicate', error: null, dispatches: 1 },
    ]);
    expect(reactor.status.position).toBe(await store.headPosition());
  });

  it('goes one by one when the whole call fails, and stops at the trigger of the reaction the store refuses', async () => {
    const written = await store.appendToStream('many-2', [11, 12, 13].map(reacted));
    const one: string[] = [];
    const dispatch: Dispatch = async (_command, meta) => {
      one.push(meta.commandId);
      if (meta.commandId === 'echo-12') throw new Error('event too large for the store');
      return { duplicate: false, events: [{}] };
    };
    const dispatchMany: DispatchMany = async () => {
      throw new Error('event too large for the store');
    };
    const reactor = new Reactor(store, db, database.url, 'many2', [echo], dispatch, { dispatchMany });
    const failed = await reactor.catchUp().catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ProjectionHandlerError);
    expect((failed as ProjectionHandlerError).event.position).toBe(written.positions[1]);
    // The reactions before it (this reactor reads from the start: the first test's too) were
    // written and logged; the checkpoint stayed before the batch.
    const before = ['echo-1', 'echo-2', 'echo-3', 'echo-4', 'echo-5', 'echo-11'];
    expect(one).toEqual([...before, 'echo-12']);
    expect((await log()).map((r) => r.command_id)).toEqual([...before].sort());
    expect((await log()).every((r) => r.outcome === 'appended')).toBe(true);
    expect(reactor.status.position).toBe(0n);
  });
});
