import type pg from 'pg';
import type { SubscribeToAllOptions, Subscription, SubscriptionBatch } from '../port.ts';
import { MAX_READ_PAGE } from '../port.ts';
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
 * Backpressure: this is a pull-based async generator. A page is read only when the consumer
 * asks for the next batch, so at most one page (`maxBatchSize` events) is ever held for a
 * consumer, however slow it is.
 */
export function subscribeToAll(deps: SubscribeDeps, options: SubscribeToAllOptions = {}): Subscription {
  const maxBatchSize = Math.min(options.maxBatchSize ?? 1000, MAX_READ_PAGE);
  const signal = options.signal;
  async function* batches(): AsyncGenerator<SubscriptionBatch> {
    let after = options.after ?? 0n;
    let live = false;
    while (!signal?.aborted) {
      const seen = deps.notifier.sequence;
      await deps.notifier.listen();
      const page = await readAll(deps.pool, { after, maxCount: maxBatchSize });
      if (signal?.aborted) return;
      if (page.events.length > 0) {
        after = page.nextAfter;
        if (page.isEnd) live = true;
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
  }
  return { [Symbol.asyncIterator]: batches };
}
