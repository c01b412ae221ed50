import { commandIdReused } from '@trackrecord/domain';
import {
  type AppendResult,
  type EventStore,
  type JsonObject,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '@trackrecord/eventstore';
import { commandEventId } from './eventIds.ts';
import { commandFingerprint } from './fingerprint.ts';

/** What a module's decider offers the command handler (pure functions, no I/O). */
export interface StreamDecider<Command, Event, State> {
  readonly initialState: State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State): readonly Event[];
}

/** How a module's events travel to and from the store (schema version, upcasting). */
export interface EventCodec<Event> {
  encode(event: Event): { type: string; schemaVersion: number; data: JsonObject };
  decode(recorded: RecordedEvent): Event;
}

export interface CommandEnvelope<Command> {
  readonly command: Command;
  /** Unique per command; re-sending it is idempotent. */
  readonly commandId: string;
  /** When the command happened (business time); also the time part of its event ids. */
  readonly at: Date;
  readonly actor: string;
  readonly source: string;
  readonly correlationId?: string;
  readonly causationId?: string;
}

export interface HandledCommand<Event> {
  readonly events: readonly Event[];
  readonly result: AppendResult | undefined;
  /** `true` when the command had been handled before and nothing new was written. */
  readonly duplicate: boolean;
}

/** The fingerprint of a `{ type, data }` command (see fingerprint.ts); undefined for other shapes. */
function commandFingerprintOf(command: unknown): string | undefined {
  const c = command as { type?: unknown; data?: unknown } | null;
  return c && typeof c.type === 'string' && 'data' in c ? commandFingerprint(c.type, c.data) : undefined;
}

/**
 * Load the stream, fold it into state, decide, append with the revision that was read.
 * A concurrent writer makes the append fail with a revision conflict: then the whole cycle
 * runs again on the new state, up to `maxAttempts` times. Domain errors from `decide`
 * propagate untouched, before anything is appended.
 */
export async function handleCommand<Command, Event, State>(
  store: EventStore,
  streamId: string,
  decider: StreamDecider<Command, Event, State>,
  codec: EventCodec<Event>,
  envelope: CommandEnvelope<Command>,
  maxAttempts = 5,
): Promise<HandledCommand<Event>> {
  for (let attempt = 1; ; attempt++) {
    const recorded = await store.readStream(streamId);
    // The command id is the idempotency key: a retry may arrive with another time (an API
    // client re-sending a mutation), hence other event ids, and must still append nothing.
    const already = recorded.filter((e) => e.metadata.commandId === envelope.commandId);
    const fingerprint = commandFingerprintOf(envelope.command);
    const earlier = already[0]?.metadata.commandFingerprint;
    if (typeof earlier === 'string' && fingerprint !== undefined && earlier !== fingerprint) {
      throw commandIdReused(envelope.commandId);
    }
    if (already.length > 0) {
      const positions = already.map((e) => e.position);
      return {
        events: already.map((e) => codec.decode(e)),
        duplicate: true,
        result: {
          positions,
          lastPosition: positions[positions.length - 1] ?? 0n,
          nextExpectedRevision: recorded[recorded.length - 1]?.revision ?? -1n,
          appended: false,
        },
      };
    }
    const state = recorded.reduce((s, e) => decider.evolve(s, codec.decode(e)), decider.initialState);
    const events = decider.decide(envelope.command, state);
    if (events.length === 0) return { events, result: undefined, duplicate: false };
    const last = recorded[recorded.length - 1];
    try {
      const result = await store.appendToStream(
        streamId,
        events.map((event, index) => ({
          id: commandEventId(envelope.commandId, envelope.at, index),
          ...codec.encode(event),
          metadata: {
            commandId: envelope.commandId,
            ...(fingerprint !== undefined ? { commandFingerprint: fingerprint } : {}),
            causationId: envelope.causationId ?? envelope.commandId,
            correlationId: envelope.correlationId ?? envelope.commandId,
            actor: envelope.actor,
            source: envelope.source,
          },
        })),
        { expectedRevision: last ? last.revision : 'no_stream' },
      );
      return { events, result, duplicate: !result.appended };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError && attempt < maxAttempts) continue;
      throw error;
    }
  }
}
