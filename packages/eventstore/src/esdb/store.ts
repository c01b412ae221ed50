import {
  ANY,
  type AppendExpectedRevision,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  MaxAppendSizeExceededError,
  NO_STREAM,
  type ResolvedEvent,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { IdempotencyConflictError, InvalidAppendError, WrongExpectedRevisionError } from '../errors.ts';
import type {
  AllPage,
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeToAllOptions,
  Subscription,
} from '../port.ts';
import { REDACTION_EVENT_TYPE } from '../port.ts';
import {
  validateAppend,
  validateAppends,
  validateReadAll,
  validateReadStream,
  validateReadStreams,
} from '../validation.ts';
import { toEventData, toRecordedEvent } from './encoding.ts';
import { filteredReadAll } from './filteredRead.ts';
import { toEsdbPosition } from './position.ts';
import { isTransient, type SubscriptionTuning, subscribeToAll } from './subscribe.ts';

export interface EventStoreDBEventStoreOptions extends SubscriptionTuning {
  /** `esdb://host:2113?tls=false`, `esdb+discover://cluster.dns:2113`, … (the client's syntax). */
  readonly connectionString: string;
  /** Id claims written at once during one append (default 32). */
  readonly claimConcurrency?: number;
  /**
   * Retries of a request that failed with a transient error (UNAVAILABLE, CANCELLED, not
   * leader, deadline) — typically the first request after the client lost its connection
   * (default 3). Reads are simply repeated; an append is repeated only after checking that
   * its events are not in the stream already, see {@link EventStoreDBEventStore}.
   */
  readonly retries?: number;
}

/** Event type of the adapter's id claims; the `$` keeps them out of every filtered read. */
export const ID_CLAIM_TYPE = '$trackrecord-event-id';
/** Stream of the claim of one event id. */
export function idClaimStream(eventId: string): string {
  return `trackrecord-eventid-${eventId.toLowerCase()}`;
}

/**
 * The EventStoreDB adapter (`@eventstore/db-client`, gRPC).
 *
 * Positions: the `$all` commit position, see `./position.ts`.
 *
 * Expected revision: `any`, `no_stream`, `stream_exists` and an exact revision map one to one
 * onto the client's `ANY`, `NO_STREAM`, `STREAM_EXISTS` and `bigint`; the client's
 * `WrongExpectedVersionError` becomes {@link WrongExpectedRevisionError} with the actual
 * revision (`null` when the stream does not exist).
 *
 * Idempotency. EventStoreDB on its own only recognises a re-sent append to the same stream at
 * the same expected position (and, for `any`, within a cache of recent ids); it neither returns
 * the original positions of every event nor knows ids stored in other streams. The port's rules
 * (see docs/event-store.md) are kept with **id claims**: before appending, every event id is claimed by
 * appending one small event of type `$trackrecord-event-id` to the stream
 * `trackrecord-eventid-<id>` with `no_stream`. A claim that already exists names the stream that
 * owns the id:
 * - owned by another stream → {@link IdempotencyConflictError} ("… another stream");
 * - owned by this stream and every id of the batch is stored in it → nothing is written, the
 *   original positions come back with `appended: false`;
 * - some ids stored, others not → {@link IdempotencyConflictError} naming the stored ones;
 * - owned by this stream but not stored (an earlier attempt failed after claiming, e.g. on a
 *   wrong expected revision) → the append proceeds.
 * Differences from PostgreSQL, where the same check is one transaction: claims and the append
 * are separate writes, so a claim can outlive a failed append (harmless, see the last case),
 * and two *concurrent* first sends of the same ids to the same stream with `expectedRevision:
 * 'any'` both pass the claim check; EventStoreDB's own id check then makes the second one
 * idempotent in practice, but that check is best-effort for `any`. Cost: one extra small write
 * per event, plus one read of the stream when a claim already existed.
 *
 * After an append, the positions of the new events are read back from the stream (the server
 * reports only the last one).
 *
 * Transient failures (the connection dropped, the node shut down or lost leadership) are
 * retried with backoff: reads and claims as they are; an append only after reading the stream
 * — if every event of the batch is there, the failed attempt did land and its positions are
 * returned (`appended: true`); otherwise it is sent again. A wrong-expected-revision answer to
 * such a repeat is checked the same way, since the first attempt may be what moved the stream.
 */
export class EventStoreDBEventStore implements EventStore {
  /** EventStoreDB (22–24) appends to one stream per call: see `appendToStreams`. */
  readonly atomicMultiStreamAppend = false;
  readonly client: EventStoreDBClient;
  private readonly tuning: SubscriptionTuning;
  private readonly claimConcurrency: number;
  private readonly retries: number;

  constructor(options: EventStoreDBEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.tuning = options;
    this.claimConcurrency = options.claimConcurrency ?? 32;
    this.retries = options.retries ?? 3;
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const append = validateAppend(streamId, events, options);
    // EventStoreDB's events are immutable: it cannot overwrite a person's personal fields as
    // the PostgreSQL store's trigger does, so a redaction is refused before anything is
    // written (docs/privacy.md; crypto-shredding would be the way there).
    if (events.some((e) => e.type === REDACTION_EVENT_TYPE)) {
      throw new InvalidAppendError(
        ['EventStoreDB cannot erase personal data from stored events; redaction needs the PostgreSQL store'],
        streamId,
      );
    }
    const ids = append.events.map((e) => e.id);
    const claims = await this.claim(append.streamId, ids);
    const foreign = ids.filter((id) => claims.get(id)?.owner !== append.streamId);
    if (foreign.length > 0) {
      throw new IdempotencyConflictError(
        append.streamId,
        foreign,
        `some of the event ids are already stored in another stream (${foreign
          .map((id) => `${id} in "${claims.get(id)?.owner}"`)
          .join(', ')})`,
      );
    }
    if (ids.some((id) => claims.get(id)?.existed)) {
      const stored = await this.retrying(() => this.findInStream(append.streamId, new Set(ids)));
      if (stored.size === ids.length) {
        const previous = ids.map((id) => stored.get(id)!);
        return {
          positions: previous.map((e) => e.position),
          lastPosition: previous.at(-1)!.position,
          nextExpectedRevision: previous.at(-1)!.revision,
          appended: false,
        };
      }
      if (stored.size > 0) {
        throw new IdempotencyConflictError(
          append.streamId,
          [...stored.keys()],
          `${stored.size} of ${ids.length} event ids are already stored; a re-send must repeat the whole batch`,
        );
      }
    }

    let nextExpectedRevision: bigint | undefined;
    for (let attempt = 0; nextExpectedRevision === undefined; attempt++) {
      try {
        const result = await this.client.appendToStream(append.streamId, append.events.map(toEventData), {
          expectedRevision: toClientExpected(append.expected),
        });
        nextExpectedRevision = result.nextExpectedRevision;
      } catch (error) {
        // After a transient failure the attempt may have landed anyway; a wrong expected
        // revision on a repeat may be that attempt's doing. Either way the stream tells.
        if (isTransient(error) || (attempt > 0 && error instanceof WrongExpectedVersionError)) {
          const landed = await this.landed(append.streamId, ids);
          if (landed) return landed;
        }
        if (error instanceof WrongExpectedVersionError) {
          const actual = typeof error.actualVersion === 'bigint' ? error.actualVersion : null;
          throw new WrongExpectedRevisionError(append.streamId, describeExpected(append.expected), actual);
        }
        if (error instanceof MaxAppendSizeExceededError) {
          throw new InvalidAppendError(
            [
              `EventStoreDB refused the append: it exceeds the server's MaxAppendSize of ${error.maxAppendSize} bytes (raise it, see infra/README.md)`,
            ],
            append.streamId,
          );
        }
        if (!isTransient(error) || attempt >= this.retries) throw error;
        await this.backoff(attempt);
      }
    }
    const first = nextExpectedRevision - BigInt(ids.length) + 1n;
    const written = await this.retrying(() =>
      this.readStream(append.streamId, { fromRevision: first, maxCount: ids.length }),
    );
    const positions = ids.map((id, i) => {
      const event = written[i];
      if (!event || event.id !== id) {
        throw new Error(
          `append to "${append.streamId}": event ${id} is not at revision ${first + BigInt(i)}`,
        );
      }
      return event.position;
    });
    return { positions, lastPosition: positions.at(-1)!, nextExpectedRevision, appended: true };
  }

  /**
   * One append per stream, in order, after validating the whole request. Not atomic across
   * streams: if a part fails, the parts before it stay written. The command bus re-sends a
   * failed batch with the same event ids, which completes it idempotently.
   */
  async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const valid = validateAppends(appends);
    const results: AppendResult[] = [];
    for (const part of valid) {
      results.push(
        await this.appendToStream(
          part.streamId,
          appends.find((a) => a.streamId === part.streamId)?.events ?? [],
          { expectedRevision: part.expected },
        ),
      );
    }
    return results;
  }

  /** Reads the streams with a few reads in flight at a time. */
  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const ids = validateReadStreams(streamIds);
    const result = new Map<string, RecordedEvent[]>();
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        result.set(id, await this.readStream(id));
      }
    };
    await Promise.all(Array.from({ length: Math.min(16, ids.length) }, worker));
    return new Map(ids.map((id) => [id, result.get(id) ?? []]));
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    validateReadStream(streamId, options);
    const backward = options?.direction === 'backward';
    const resolved: ResolvedEvent[] = [];
    try {
      // Always read to the end: leaving a client read early leaves its gRPC call open.
      for await (const event of this.client.readStream(streamId, {
        direction: backward ? BACKWARDS : FORWARDS,
        fromRevision: options?.fromRevision ?? (backward ? END : START),
        ...(options?.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
      })) {
        resolved.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return toRecorded(resolved);
  }

  async readAll(options?: ReadAllOptions): Promise<AllPage> {
    const { after, maxCount, types } = validateReadAll(options);
    // Reads from a position include the event at it; ask for two more than the page so that,
    // after dropping that event, one more tells whether the page reached the end.
    const resolved = await this.retrying(() =>
      filteredReadAll(this.client, {
        direction: 'forwards',
        ...(after > 0n ? { from: toEsdbPosition(after) } : {}),
        maxCount: maxCount + 2,
        ...(types ? { types } : {}),
      }),
    );
    const wanted = types ? new Set(types) : null;
    const fresh = toRecorded(resolved).filter((e) => e.position > after && (!wanted || wanted.has(e.type)));
    const events = fresh.slice(0, maxCount);
    return {
      events,
      nextAfter: events.at(-1)?.position ?? after,
      isEnd: fresh.length <= maxCount,
    };
  }

  subscribeToAll(options?: SubscribeToAllOptions): Subscription {
    return subscribeToAll(
      { client: this.client, headPosition: () => this.headPosition(), tuning: this.tuning },
      options,
    );
  }

  async headPosition(): Promise<bigint> {
    const [last] = await this.retrying(() =>
      filteredReadAll(this.client, { direction: 'backwards', maxCount: 1 }),
    );
    return last ? toRecordedEvent(last)!.position : 0n;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  /** The result of an earlier attempt of this append, if all its events are in the stream. */
  private async landed(streamId: string, ids: readonly string[]): Promise<AppendResult | undefined> {
    const stored = await this.retrying(() => this.findInStream(streamId, new Set(ids)));
    if (stored.size !== ids.length) return undefined;
    const events = ids.map((id) => stored.get(id)!);
    return {
      positions: events.map((e) => e.position),
      lastPosition: events.at(-1)!.position,
      nextExpectedRevision: events.at(-1)!.revision,
      appended: true,
    };
  }

  private async retrying<T>(action: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await action();
      } catch (error) {
        if (!isTransient(error) || attempt >= this.retries) throw error;
        await this.backoff(attempt);
      }
    }
  }

  private backoff(attempt: number): Promise<void> {
    const base = this.tuning.minBackoffMs ?? 200;
    const delay = Math.min(this.tuning.maxBackoffMs ?? 10_000, base * 2 ** attempt);
    return new Promise((resolve) => setTimeout(resolve, Math.round(delay * (0.5 + Math.random() / 2))));
  }

  /** Claims each id for `streamId`; returns the owner of every id and whether its claim existed. */
  private async claim(
    streamId: string,
    ids: readonly string[],
  ): Promise<Map<string, { owner: string; existed: boolean }>> {
    const claims = new Map<string, { owner: string; existed: boolean }>();
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        claims.set(id, await this.retrying(() => this.claimOne(streamId, id)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.claimConcurrency, ids.length) }, worker));
    return claims;
  }

  private async claimOne(streamId: string, id: string): Promise<{ owner: string; existed: boolean }> {
    const stream = idClaimStream(id);
    try {
      await this.client.appendToStream(stream, jsonEvent({ type: ID_CLAIM_TYPE, data: { streamId } }), {
        expectedRevision: NO_STREAM,
      });
      return { owner: streamId, existed: false };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
    }
    // Read to the end of the (one-event) read: leaving a client read early leaves its gRPC call open.
    let owner: unknown;
    for await (const resolved of this.client.readStream(stream, { fromRevision: START, maxCount: 1 })) {
      owner ??= (resolved.event?.data as { streamId?: unknown } | undefined)?.streamId;
    }
    if (typeof owner === 'string') return { owner, existed: true };
    throw new Error(`the claim of event id ${id} in "${stream}" is unreadable`);
  }

  /** Events of `streamId` whose ids are in `ids`, read backward in pages until all are found. */
  private async findInStream(
    streamId: string,
    ids: ReadonlySet<string>,
  ): Promise<Map<string, RecordedEvent>> {
    const found = new Map<string, RecordedEvent>();
    let from: bigint | undefined;
    while (found.size < ids.size && from !== -1n) {
      const page = await this.readStream(streamId, {
        direction: 'backward',
        ...(from !== undefined ? { fromRevision: from } : {}),
        maxCount: FIND_PAGE,
      });
      for (const event of page) if (ids.has(event.id.toLowerCase())) found.set(event.id.toLowerCase(), event);
      if (page.length < FIND_PAGE) break;
      from = page.at(-1)!.revision - 1n;
    }
    return found;
  }
}

const FIND_PAGE = 256;

function toRecorded(resolved: readonly ResolvedEvent[]): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  for (const r of resolved) {
    const event = toRecordedEvent(r);
    if (event) events.push(event);
  }
  return events;
}

function toClientExpected(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
}

function describeExpected(expected: ExpectedRevision): string {
  return typeof expected === 'bigint' ? expected.toString() : expected;
}
