import {
  type AllStreamSubscription,
  CancelledError,
  DeadlineExceededError,
  type EventStoreDBClient,
  excludeSystemEvents,
  NotLeaderError,
  START,
  TimeoutError,
  UnavailableError,
} from '@eventstore/db-client';
import type { RecordedEvent, SubscribeToAllOptions, Subscription, SubscriptionBatch } from '../port.ts';
import { MAX_READ_PAGE } from '../port.ts';
import { isSystemEventType, toRecordedEvent } from './encoding.ts';
import { toEsdbPosition } from './position.ts';

export interface SubscriptionTuning {
  /**
   * Watchdog: a subscription that received nothing (no event, no checkpoint) for this long
   * while the consumer waits, although `$all` holds events after the last delivered one, is
   * checked once more after the same time and then resubscribed (default 30,000 ms).
   */
  readonly stallTimeoutMs?: number;
  /** First reconnection delay; doubles per failed attempt up to `maxBackoffMs` (default 200 ms). */
  readonly minBackoffMs?: number;
  /** Longest reconnection delay (default 10,000 ms). */
  readonly maxBackoffMs?: number;
  /** Reconnections and watchdog decisions, one line each (default: silent). */
  readonly log?: (line: string) => void;
}

export interface SubscribeDeps {
  readonly client: EventStoreDBClient;
  /** Position of the last non-system event: the mark a catching-up subscriber must reach. */
  readonly headPosition: () => Promise<bigint>;
  readonly tuning: SubscriptionTuning;
}

/** Errors after which the subscription is opened again from the last delivered position. */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof UnavailableError || // the node went away, or no connection could be made
    error instanceof CancelledError || // the server cancelled the call, e.g. while shutting down
    error instanceof NotLeaderError || // the leader changed; the client reconnects to the new one
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError
  );
}

/**
 * Catch-up subscription to `$all` (server-side filter: no system events) that turns live.
 *
 * - Resumes strictly after `options.after` (EventStoreDB's `fromPosition` is exclusive for
 *   subscriptions; events at or before the last delivered position are dropped anyway, so a
 *   resubscription can never repeat one).
 * - Pull-based with a bounded buffer: the client subscription is a Node `Readable` in object
 *   mode whose `highWaterMark` is `maxBatchSize`. Batches are taken from its buffer only when
 *   the consumer asks; while the consumer is busy the buffer fills, the stream stops reading
 *   from gRPC, and HTTP/2 flow control stops the server. At most about two batches (the
 *   transform's two sides) plus the HTTP/2 window are held for a slow consumer.
 * - Caught up: the first time the last delivered position reaches the head of `$all` as read
 *   when the subscription started (or the head was already behind the checkpoint), a batch
 *   with `caughtUp: true` is delivered, even if empty; every later batch says `true` too. This
 *   does not depend on the server's `CaughtUp` message, which only 23.10+ sends.
 * - Reconnection: on UNAVAILABLE, CANCELLED, not-leader, deadline and timeout errors, or when
 *   the server ends the call, it resubscribes from the last delivered position after a
 *   backoff (doubling, with jitter, reset by the next delivered event). Other errors end the
 *   iteration by throwing.
 * - Watchdog: see {@link SubscriptionTuning.stallTimeoutMs}.
 */
export function subscribeToAll(deps: SubscribeDeps, options: SubscribeToAllOptions = {}): Subscription {
  const maxBatchSize = Math.max(1, Math.min(options.maxBatchSize ?? 1000, MAX_READ_PAGE));
  const signal = options.signal;
  const stallTimeoutMs = deps.tuning.stallTimeoutMs ?? 30_000;
  const minBackoffMs = deps.tuning.minBackoffMs ?? 200;
  const maxBackoffMs = deps.tuning.maxBackoffMs ?? 10_000;
  const log = deps.tuning.log ?? (() => {});

  async function* batches(): AsyncGenerator<SubscriptionBatch> {
    let after = options.after ?? 0n;
    let caughtUp = false;
    let target: bigint | undefined;
    let live: LiveSubscription | undefined;
    let failures = 0;
    let suspectStall = false;

    const retry = async (reason: string) => {
      live?.close();
      live = undefined;
      const delay = Math.min(maxBackoffMs, minBackoffMs * 2 ** Math.min(failures, 20));
      const jittered = Math.round(delay * (0.5 + Math.random() / 2));
      failures++;
      log(
        `$all subscription: ${reason}; resubscribing after position ${after} in ${jittered} ms (attempt ${failures})`,
      );
      await sleep(jittered, signal);
    };

    try {
      while (!signal?.aborted) {
        try {
          target ??= await deps.headPosition();
          live ??= new LiveSubscription(deps.client, after, maxBatchSize);
        } catch (error) {
          if (!isTransient(error)) throw error;
          await retry(describe(error));
          continue;
        }

        const events = live.drain(maxBatchSize, after);
        if (events.length > 0) {
          after = events.at(-1)!.position;
          failures = 0;
          suspectStall = false;
          caughtUp ||= after >= target;
          yield { events, caughtUp };
          continue;
        }
        if (!caughtUp && after >= target) {
          caughtUp = true;
          yield { events: [], caughtUp };
          continue;
        }
        if (live.failure) {
          if (!isTransient(live.failure)) throw live.failure;
          await retry(describe(live.failure));
          continue;
        }
        if (live.ended) {
          await retry('the server ended the subscription');
          continue;
        }

        const woken = await live.wait(stallTimeoutMs, signal);
        if (woken || signal?.aborted) continue;
        if (Date.now() - live.lastActivity < stallTimeoutMs) continue;
        // Quiet for a whole period: idle, or silently stalled? Only the server's head can tell.
        let head: bigint;
        try {
          head = await deps.headPosition();
        } catch (error) {
          if (!isTransient(error)) throw error;
          await retry(describe(error));
          continue;
        }
        if (head <= after) {
          suspectStall = false;
        } else if (!suspectStall) {
          suspectStall = true; // events exist that we have not seen; give it one more period
        } else {
          suspectStall = false;
          log(
            `$all subscription: nothing received for ${2 * stallTimeoutMs} ms although the head is at ${head}; watchdog resubscribes`,
          );
          live.close();
          live = undefined;
        }
      }
    } finally {
      live?.close();
    }
  }
  return { [Symbol.asyncIterator]: batches };
}

/** One client subscription and what happened to it. */
class LiveSubscription {
  private readonly stream: AllStreamSubscription;
  failure: unknown;
  ended = false;
  /** Last time the server sent an event or a checkpoint (or the subscription was opened). */
  lastActivity = Date.now();
  private signalled = false;
  private wake: (() => void) | undefined;

  constructor(client: EventStoreDBClient, after: bigint, highWaterMark: number) {
    this.stream = client.subscribeToAll(
      {
        fromPosition: after > 0n ? toEsdbPosition(after) : START,
        filter: excludeSystemEvents({ checkpointReached: () => this.touch() }),
      },
      { highWaterMark },
    );
    this.stream.on('readable', () => this.notify());
    this.stream.on('confirmation', () => this.touch());
    this.stream.on('error', (error: unknown) => {
      this.failure ??= error;
      this.notify();
    });
    this.stream.on('end', () => {
      this.ended = true;
      this.notify();
    });
    this.stream.on('close', () => {
      this.ended = true;
      this.notify();
    });
  }

  /** Takes up to `max` buffered events after `after`, without waiting. */
  drain(max: number, after: bigint): RecordedEvent[] {
    const events: RecordedEvent[] = [];
    let last = after;
    while (events.length < max) {
      const resolved = this.stream.read();
      if (resolved === null) break;
      this.lastActivity = Date.now();
      const event = toRecordedEvent(resolved);
      if (!event || isSystemEventType(event.type) || event.position <= last) continue;
      last = event.position;
      events.push(event);
    }
    return events;
  }

  /** Resolves `true` when something happened, `false` after `ms` of silence (or on abort). */
  wait(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
    if (this.signalled) {
      this.signalled = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const finish = (woken: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.wake = undefined;
        this.signalled = false;
        resolve(woken);
      };
      const onAbort = () => finish(false);
      const timer = setTimeout(() => finish(false), ms);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.wake = () => finish(true);
    });
  }

  close(): void {
    this.stream.removeAllListeners();
    this.stream.on('error', () => {}); // late errors of a cancelled call are expected
    // Let whatever is still buffered flow away: gRPC reports the end of a call only after its
    // messages were read, and the client's dispose() waits for that end.
    this.stream.resume();
    void this.stream.unsubscribe().catch(() => {});
  }

  private touch(): void {
    this.lastActivity = Date.now();
  }

  private notify(): void {
    if (this.wake) this.wake();
    else this.signalled = true;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
