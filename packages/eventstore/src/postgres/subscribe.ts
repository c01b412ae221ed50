import type pg from 'pg';
import type { AllPage, SubscribeToAllOptions, Subscription, SubscriptionBatch } from '../port.ts';
import { DEFAULT_SUBSCRIBE_PAGE, MAX_READ_PAGE } from '../port.ts';
import type { AppendNotifier } from './notifier.ts';
import { readAll } from './readAll.ts';

export interface SubscribeDeps {
  readonly pool: pg.Pool;
  readonly notifier: AppendNotifier;
  /** Longest a live subscriber waits before re-reading when no notification came. */
  readonly pollIntervalMs: number;
}

/**
 * Catch-up subscription to `$all`: reads pages after the checkpoint until it reaches the
 * head, then waits for appends (LISTEN/NOTIFY, with polling as the safety net).
 *
 * Backpressure: this is a pull-based async generator. While catching up it reads at most one
 * page ahead of the batch the consumer holds (the read of page n+1 overlaps the consumer's
 * work on page n), and reads nothing more until the consumer asks: however slow the
 * consumer, at most two pages (`2 × maxBatchSize` events) are held for it.
 */
export function subscribeToAll(deps: SubscribeDeps, options: SubscribeToAllOptions = {}): Subscription {
  const maxBatchSize = Math.min(options.maxBatchSize ?? DEFAULT_SUBSCRIBE_PAGE, MAX_READ_PAGE);
  const signal = options.signal;
  const read = (after: bigint) => readAll(deps.pool, { after, maxCount: maxBatchSize });
  async function* batches(): AsyncGenerator<SubscriptionBatch> {
    let after = options.after ?? 0n;
    let live = false;
    let ahead: Promise<AllPage> | undefined;
    try {
      while (!signal?.aborted) {
        const seen = deps.notifier.sequence;
        await deps.notifier.listen();
        const page = await (ahead ?? read(after));
        ahead = undefined;
        if (signal?.aborted) return;
        if (page.events.length > 0) {
          after = page.nextAfter;
          if (page.isEnd) live = true;
          else {
            ahead = read(after);
            // It may fail while the consumer still works on this page (the server out of
            // connections): handled here so it is not an unhandled rejection that ends the
            // process; awaiting it above still surfaces the error to the consumer, who retries.
            ahead.catch(() => {});
          }
          yield { events: page.events, caughtUp: page.isEnd };
          continue;
        }
        if (!live) {
          live = true;
          yield { events: [], caughtUp: true };
          continue;
        }
        await deps.notifier.wait(seen, deps.pollIntervalMs, signal);
      }
    } finally {
      // A read still in flight when the consumer stops must not surface as an unhandled rejection.
      ahead?.catch(() => {});
    }
  }
  return { [Symbol.asyncIterator]: batches };
}
