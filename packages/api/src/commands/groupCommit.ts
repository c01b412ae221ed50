import { commandIdReused } from '@trackrecord/domain';
import type { EventStore } from '@trackrecord/eventstore';
import { isTransient } from '@trackrecord/projections';
import { type BatchItem, type BatchResult, dispatchBatch } from './batch.ts';
import { commandFingerprint } from './fingerprint.ts';

const fingerprintOf = (command: unknown) => {
  const c = (command ?? {}) as { type?: unknown; data?: unknown };
  return commandFingerprint(String(c.type), c.data);
};

export interface GroupCommitOptions {
  /** Most commands in one flush (default 256). */
  readonly maxItems?: number;
  /**
   * How long an idle committer waits for more commands before flushing, in ms (default 0:
   * until the commands already received in this turn of the event loop are in). While a
   * flush is running, new commands wait for it to finish and then go together.
   */
  readonly lingerMs?: number;
}

export interface GroupCommitter {
  /**
   * Queues one command (validated and authorised by the caller) and resolves with its own
   * result once the flush holding it is written: success with its positions, or its own
   * domain error. Rejects when its flush failed (the store is unreachable, …); the commands
   * of other flushes are not affected.
   */
  submit(item: BatchItem, loadedAfter?: number): Promise<BatchResult>;
  /**
   * A mark to take before reading the streams an item carries as `BatchItem.loaded`, passed
   * to `submit` as `loadedAfter`: at the flush, a stream a flush of this committer may have
   * written since the mark is read again instead (without a mark, all of them are).
   */
  mark(): number;
  /** Resolves once every command submitted so far has been flushed. */
  drain(): Promise<void>;
  /** Flushes so far and the commands they held, for metrics and tests. */
  readonly stats: { flushes: number; commands: number; largest: number };
}

interface Waiter {
  readonly item: BatchItem;
  /** The committer's mark taken before `item.loaded` was read. */
  readonly loadedAfter: number | undefined;
  readonly resolve: (result: BatchResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: commands arriving concurrently (one mutation request each) are collected
 * while the previous flush is being written and then written together through
 * `dispatchBatch` — one `readStreams` and one `appendToStreams` (one PostgreSQL
 * transaction) for all of them, instead of ~3 round trips and a commit per command.
 *
 * Non-atomic: every command is decided on its own, in the order submitted (two commands on
 * one stream see each other's effects, as they would one after the other), and gets its own
 * result; a refused command does not affect the others. Flushes run one at a time, so this
 * process never races itself; a concurrent writer elsewhere makes `dispatchBatch` decide
 * again. When the store refuses an append for anything but being unreachable (an
 * idempotency conflict, data it cannot store), the flush's commands are written one by one
 * so that only the offending command fails and never sees another's error.
 */
export function createGroupCommitter(store: EventStore, options: GroupCommitOptions = {}): GroupCommitter {
  const maxItems = options.maxItems ?? 256;
  const lingerMs = options.lingerMs ?? 0;
  let queue: Waiter[] = [];
  let running: Promise<void> | null = null;
  let scheduled = false;
  const stats = { flushes: 0, commands: 0, largest: 0 };
  // Flushes are numbered as they start; `written` keeps, per stream, the last flush that may
  // have written it. Streams a caller read after mark() m are current unless a flush numbered
  // above m (running at the mark or started since) may have written them.
  let started = 0;
  let finished = 0;
  const written = new Map<string, number>();
  // Preloads from before this flush are all dropped (a failed flush: what it wrote is unknown;
  // or `written` grew large and was cleared).
  let allWrittenBy = 0;
  /** The item as it goes into a flush: `loaded` without the streams written since its mark. */
  const current = (w: Waiter): BatchItem => {
    const { item, loadedAfter } = w;
    if (!item.loaded) return item;
    if (loadedAfter === undefined || loadedAfter < allWrittenBy) return { ...item, loaded: undefined };
    const fresh = new Map([...item.loaded].filter(([stream]) => (written.get(stream) ?? 0) <= loadedAfter));
    return fresh.size === item.loaded.size ? item : { ...item, loaded: fresh };
  };
  /** Notes the streams a flush wrote: each accepted command's own (a command appends to its stream only). */
  const noteWritten = (flush: number, results: readonly BatchResult[]) => {
    if (written.size > 10_000) {
      written.clear();
      allWrittenBy = flush;
    }
    for (const result of results) if (result.ok) written.set(result.stream, flush);
  };

  const settle = (waiters: readonly Waiter[], results: readonly BatchResult[]) => {
    for (const [i, w] of waiters.entries()) w.resolve(results[i]!);
  };

  async function flush(waiters: Waiter[]): Promise<void> {
    stats.flushes++;
    stats.commands += waiters.length;
    stats.largest = Math.max(stats.largest, waiters.length);
    const number = ++started;
    try {
      const outcome = await dispatchBatch(store, waiters.map(current), { chunkSize: maxItems });
      noteWritten(number, outcome.results);
      settle(waiters, outcome.results);
    } catch (error) {
      // What it wrote is not known: nothing read before it is taken as current.
      allWrittenBy = number;
      // The store being away fails the flush as a whole (each caller may retry with its
      // commandId). Anything else the store refused (a NUL in one command's metadata, an
      // idempotency conflict, …) is one command's: write them one by one, so that only the
      // offending command fails, with its own error, and the others are written.
      if (waiters.length === 1 || isTransient(error)) {
        for (const w of waiters) w.reject(error);
        return;
      }
      for (const w of waiters) {
        try {
          w.resolve((await dispatchBatch(store, [{ ...w.item, loaded: undefined }])).results[0]!);
        } catch (single) {
          w.reject(single);
        }
      }
    }
  }

  function run(): void {
    scheduled = false;
    if (running || queue.length === 0) return;
    const waiters = queue.slice(0, maxItems);
    queue = queue.slice(waiters.length);
    running = flush(waiters).finally(() => {
      finished = started;
      running = null;
      // Whatever arrived during the flush goes next, together.
      if (queue.length > 0) run();
    });
  }

  function schedule(): void {
    if (scheduled || running) return;
    scheduled = true;
    if (lingerMs > 0) setTimeout(run, lingerMs);
    else setImmediate(run);
  }

  // Commands queued or being written, by commandId: a second request with the same id waits
  // for the first and answers its result (same command) or is refused (another command).
  const inFlight = new Map<string, { fingerprint: string; result: Promise<BatchResult> }>();

  return {
    stats,
    // Every flush up to `finished` ended before the mark; a read after it sees their writes.
    mark: () => finished,
    submit(given: BatchItem, loadedAfter?: number) {
      const id = given.envelope.commandId;
      const fingerprint =
        given.parsed && given.fingerprint !== undefined ? given.fingerprint : fingerprintOf(given.command);
      const item: BatchItem = given.parsed ? { ...given, fingerprint } : given;
      const pending = inFlight.get(id);
      if (pending) {
        if (pending.fingerprint !== fingerprint) {
          return Promise.resolve({ ok: false, error: commandIdReused(id) });
        }
        return pending.result.then((r) => (r.ok ? { ...r, duplicate: true } : r));
      }
      const result = new Promise<BatchResult>((resolve, reject) => {
        queue.push({ item, loadedAfter, resolve, reject });
        schedule();
      });
      inFlight.set(id, { fingerprint, result });
      result.then(
        () => inFlight.delete(id),
        () => inFlight.delete(id),
      );
      return result;
    },
    async drain() {
      while (running || queue.length > 0 || scheduled) {
        if (running) await running;
        else await new Promise((r) => setImmediate(r));
      }
    },
  };
}

const committers = new WeakMap<EventStore, GroupCommitter>();

/** The group committer of a store (one per store and process). */
export function groupCommitterFor(store: EventStore): GroupCommitter {
  let committer = committers.get(store);
  if (!committer) {
    committer = createGroupCommitter(store);
    committers.set(store, committer);
  }
  return committer;
}
