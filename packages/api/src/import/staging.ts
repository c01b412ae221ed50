import {
  type AllPage,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  IdempotencyConflictError,
  type NewEvent,
  type ReadStreamOptions,
  type RecordedEvent,
  type Subscription,
  WrongExpectedRevisionError,
} from '@trackrecord/eventstore';

/** Largest append the store takes in one call (see the port's limits). */
const MAX_EVENTS_PER_APPEND = 10_000;

interface StagedStream {
  /** Order in which the stream was first written: commit goes in that order. */
  readonly order: number;
  /** Revision of the stream in the real store when it was read; -1 = no stream. */
  readonly baseRevision: bigint;
  readonly events: NewEvent[];
}

/**
 * A unit of work over an event store: reads see the real store plus what was staged, appends
 * are staged in memory with the same expected-revision and idempotency rules, and nothing
 * reaches the real store until `commit()`. Running the command bus against it decides a
 * whole file with the real deciders and contexts, so that a file with a refused row writes
 * nothing (and a dry run learns what the domain would refuse).
 *
 * `commit()` appends each stream's staged events with the revision the stream was read at
 * (a few streams at once): a concurrent writer makes it fail with a revision conflict
 * instead of writing on stale decisions. It is not one transaction across streams (the port
 * has no such call); a crash in the middle leaves some streams written, which a re-run
 * completes because the event ids are deterministic.
 */
export class StagedEventStore implements EventStore {
  private readonly base = new Map<string, RecordedEvent[]>();
  private readonly staged = new Map<string, StagedStream>();

  constructor(private readonly store: EventStore) {}

  /** Number of events waiting for `commit()`. */
  get stagedEvents(): number {
    let count = 0;
    for (const stream of this.staged.values()) count += stream.events.length;
    return count;
  }

  /** Reads streams into the cache ahead of time, `concurrency` at once. */
  async prefetch(streams: Iterable<string>, concurrency = 8): Promise<void> {
    const todo = [...new Set(streams)].filter((s) => !this.base.has(s));
    let next = 0;
    const worker = async () => {
      while (next < todo.length) {
        const stream = todo[next++] as string;
        this.base.set(stream, await this.store.readStream(stream));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, worker));
  }

  private async baseEvents(streamId: string): Promise<RecordedEvent[]> {
    let events = this.base.get(streamId);
    if (!events) {
      events = await this.store.readStream(streamId);
      this.base.set(streamId, events);
    }
    return events;
  }

  private async combined(streamId: string): Promise<RecordedEvent[]> {
    const base = await this.baseEvents(streamId);
    const staged = this.staged.get(streamId);
    if (!staged) return base;
    const first = BigInt(base.length);
    return [
      ...base,
      ...staged.events.map(
        (event, i): RecordedEvent => ({
          ...event,
          streamId,
          revision: first + BigInt(i),
          position: 0n, // not in $all yet
          metadata: event.metadata ?? {},
          recordedAt: new Date(0),
        }),
      ),
    ];
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const all = await this.combined(streamId);
    const forward = options.direction !== 'backward';
    let events = forward ? all : [...all].reverse();
    if (options.fromRevision !== undefined) {
      const from = options.fromRevision;
      events = events.filter((e) => (forward ? e.revision >= from : e.revision <= from));
    }
    return options.maxCount === undefined ? events : events.slice(0, options.maxCount);
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const current = await this.combined(streamId);
    const last = current.length - 1;
    const ids = new Set(current.map((e) => e.id));
    const repeated = events.filter((e) => ids.has(e.id)).length;
    if (repeated === events.length && events.length > 0) {
      return {
        positions: events.map(() => 0n),
        lastPosition: 0n,
        nextExpectedRevision: BigInt(last),
        appended: false,
      };
    }
    if (repeated > 0) {
      throw new IdempotencyConflictError(
        streamId,
        events.filter((e) => ids.has(e.id)).map((e) => e.id),
        `${repeated} of ${events.length} event ids are already stored`,
      );
    }
    const expected = options.expectedRevision ?? 'any';
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && last === -1) ||
      (expected === 'stream_exists' && last >= 0) ||
      (typeof expected === 'bigint' && expected === BigInt(last));
    if (!ok)
      throw new WrongExpectedRevisionError(streamId, String(expected), last === -1 ? null : BigInt(last));
    let staged = this.staged.get(streamId);
    if (!staged) {
      const base = await this.baseEvents(streamId);
      staged = { order: this.staged.size, baseRevision: BigInt(base.length - 1), events: [] };
      this.staged.set(streamId, staged);
    }
    staged.events.push(...events);
    return {
      positions: events.map(() => 0n),
      lastPosition: 0n,
      nextExpectedRevision: BigInt(last + events.length),
      appended: true,
    };
  }

  /**
   * Writes what was staged to the real store and returns the `$all` position of every event
   * id. `onProgress` hears the number of events written so far.
   */
  async commit(
    onProgress?: (written: number, total: number) => void,
    concurrency = 8,
  ): Promise<Map<string, bigint>> {
    const positions = new Map<string, bigint>();
    const total = this.stagedEvents;
    let written = 0;
    const streams = [...this.staged.entries()].sort((a, b) => a[1].order - b[1].order);
    let next = 0;
    // Several appends in flight: each is its own transaction, and PostgreSQL flushes the
    // commits of concurrent transactions together (the store's advisory lock still orders them).
    const worker = async () => {
      while (next < streams.length) {
        const [streamId, stream] = streams[next++] as [string, StagedStream];
        let revision = stream.baseRevision;
        for (let i = 0; i < stream.events.length; i += MAX_EVENTS_PER_APPEND) {
          const chunk = stream.events.slice(i, i + MAX_EVENTS_PER_APPEND);
          const result = await this.store.appendToStream(streamId, chunk, {
            expectedRevision: revision < 0n ? 'no_stream' : revision,
          });
          for (const [j, event] of chunk.entries()) positions.set(event.id, result.positions[j] ?? 0n);
          revision = result.nextExpectedRevision;
          written += chunk.length;
          onProgress?.(written, total);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, streams.length) }, worker));
    this.staged.clear();
    this.base.clear();
    return positions;
  }

  headPosition(): Promise<bigint> {
    return this.store.headPosition();
  }

  readAll(): Promise<AllPage> {
    throw new Error('a staged store reads streams only: $all is not available before commit');
  }

  subscribeToAll(): Subscription {
    throw new Error('a staged store cannot be subscribed to');
  }

  /** The real store belongs to the caller; a staged store has nothing to close. */
  async close(): Promise<void> {}
}
