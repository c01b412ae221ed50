import { randomUUID } from 'node:crypto';
import { migrateEventStore, PostgresEventStore, type RecordedEvent } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandEventId } from './eventIds.ts';
import { type EventCodec, handleCommand, type StreamDecider } from './handle.ts';

/** A seat counter that refuses the 6th booking: enough to see conflicts and domain errors. */
type Book = { type: 'Book'; seats: number };
type Booked = { type: 'Booked'; seats: number };
const decider: StreamDecider<Book, Booked, { booked: number }> = {
  initialState: { booked: 0 },
  evolve: (state, event) => ({ booked: state.booked + event.seats }),
  decide: (command, state) => {
    if (state.booked + command.seats > 5) throw new Error(`only ${5 - state.booked} seats left`);
    return [{ type: 'Booked', seats: command.seats }];
  },
};
const codec: EventCodec<Booked> = {
  encode: (event) => ({ type: event.type, schemaVersion: 1, data: { seats: event.seats } }),
  decode: (recorded: RecordedEvent) => ({ type: 'Booked', seats: Number(recorded.data.seats) }),
};
const envelope = (seats: number, commandId = randomUUID()) => ({
  command: { type: 'Book' as const, seats },
  commandId,
  at: new Date('2026-11-02T09:30:00Z'),
  actor: 'user:test',
  source: 'ui',
});

let database: TestDatabase;
let store: PostgresEventStore;
beforeAll(async () => {
  database = await createTestDatabase('api_commands');
  await migrateEventStore(database.url);
  store = new PostgresEventStore({ connectionString: database.url, poolSize: 12 });
});
afterAll(async () => {
  await store?.close();
  await database?.drop();
});

describe('handleCommand', () => {
  it('appends the decided events with command metadata and deterministic ids', async () => {
    const stream = `seats-${randomUUID()}`;
    const command = envelope(2);
    const handled = await handleCommand(store, stream, decider, codec, command);
    expect(handled.duplicate).toBe(false);
    const [event] = await store.readStream(stream);
    expect(event).toMatchObject({
      id: commandEventId(command.commandId, command.at, 0),
      type: 'Booked',
      data: { seats: 2 },
      metadata: {
        commandId: command.commandId,
        actor: 'user:test',
        source: 'ui',
        correlationId: command.commandId,
      },
    });
    expect(event!.id.slice(14, 15)).toBe('7');
  });

  it('answers a re-sent command with the original positions and writes nothing', async () => {
    const stream = `seats-${randomUUID()}`;
    const command = envelope(1);
    const first = await handleCommand(store, stream, decider, codec, command);
    await handleCommand(store, stream, decider, codec, envelope(1));
    const again = await handleCommand(store, stream, decider, codec, command);
    expect(again.duplicate).toBe(true);
    expect(again.result?.positions).toEqual(first.result?.positions);
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('retries on a revision conflict and still enforces the invariant across concurrent commands', async () => {
    const stream = `seats-${randomUUID()}`;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, () => handleCommand(store, stream, decider, codec, envelope(1), 20)),
    );
    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(ok).toHaveLength(5);
    expect(refused).toHaveLength(3);
    for (const r of refused) expect(String((r as PromiseRejectedResult).reason)).toMatch(/only 0 seats left/);
    const events = await store.readStream(stream);
    expect(events.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
  });

  it('appends nothing when the decider refuses', async () => {
    const stream = `seats-${randomUUID()}`;
    await expect(handleCommand(store, stream, decider, codec, envelope(6))).rejects.toThrow(
      /only 5 seats left/,
    );
    expect(await store.readStream(stream)).toEqual([]);
  });
});
