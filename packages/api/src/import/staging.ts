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
  /** What a reader of each stream sees: the stored events followed by the staged ones. */
  private readonly views = new Map<string, { events: RecordedEvent[]; ids: Set<string> }>();
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
    const todo = [...new Set(streams)].filter((s) => !this.views.has(s));
    let next = 0;
    const worker = async () => {
      while (next < todo.length) await this.view(todo[next++] as string);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, worker));
  }

  private async view(streamId: string) {
    let view = this.views.get(streamId);
    if (!view) {
      const events = await this.store.readStream(streamId);
      view = this.views.get(streamId) ?? { events, ids: new Set(events.map((e) => e.id)) };
      this.views.set(streamId, view);
    }
    return view;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const all = (await this.view(streamId)).events;
    const forward = options.direction !== 'backward';
    let events = forward ? all.slice() : [...all].reverse();
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
    const view = await this.view(streamId);
    const last = view.events.at(-1)?.revision ?? -1n;
    const repeated = events.filter((e) => view.ids.has(e.id));
    if (repeated.length === events.length && events.length > 0) {
      return {
        positions: events.map(() => 0n),
        lastPosition: 0n,
        nextExpectedRevision: last,
        appended: false,
      };
    }
    if (repeated.length > 0) {
      throw new IdempotencyConflictError(
        streamId,
        repeated.map((e) => e.id),
        `${repeated.length} of ${events.length} event ids are already stored`,
      );
    }
    const expected = options.expectedRevision ?? 'any';
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && last === -1n) ||
      (expected === 'stream_exists' && last >= 0n) ||
      (typeof expected === 'bigint' && expected === last);
    if (!ok) throw new WrongExpectedRevisionError(streamId, String(expected), last === -1n ? null : last);
    let staged = this.staged.get(streamId);
    if (!staged) {
      staged = { order: this.staged.size, baseRevision: last, events: [] };
      this.staged.set(streamId, staged);
    }
    for (const [i, event] of events.entries()) {
      staged.events.push(event);
      view.ids.add(event.id);
      view.events.push({
        ...event,
        streamId,
        revision: last + 1n + BigInt(i),
        position: 0n, // not in $all before commit
        metadata: event.metadata ?? {},
        recordedAt: new Date(0),
      });
    }
    return {
      positions: events.map(() => 0n),
      lastPosition: 0n,
      nextExpectedRevision: last + BigInt(events.length),
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
    this.views.clear();
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
