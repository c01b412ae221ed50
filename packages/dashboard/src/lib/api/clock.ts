/**
 * The product's clock, as the API tells it (`Query.clock`): the wall clock, or the
 * `TRACKRECORD_NOW` override the server runs on. Every command the dashboard sends stamps its
 * `at` with {@link productNow}, and "today" and "this month" come from it, never from the
 * browser's own clock: with the product's clock overridden, a browser date would make business
 * time jump.
 *
 * The API is asked once per session (and again after ten minutes); in between the moment is
 * the browser's monotonic time plus the offset measured at the answer (half the round trip).
 * Until the first answer, and against an API without `Query.clock`, the browser's clock stands in.
 */
import { hasField, query } from './client.ts';
import { graphql } from './graphql.ts';
import { productNow, setClockOffset } from './now.ts';

export { productNow };

const CLOCK = graphql(`
  query ProductClock {
    clock {
      now
      overridden
    }
  }
`);
const RESYNC_MS = 10 * 60_000;

let overridden = false;
let syncedAt = Number.NEGATIVE_INFINITY;
let pending: Promise<void> | null = null;

/** Asks the API for its time (once per ten minutes; concurrent callers share the request). */
export function syncClock(): Promise<void> {
  if (performance.now() - syncedAt < RESYNC_MS) return Promise.resolve();
  pending ??= (async () => {
    try {
      if (!(await hasField('Query.clock'))) return;
      const sent = Date.now();
      const data = await query(CLOCK, {}, {});
      const received = Date.now();
      setClockOffset(Date.parse(data.clock.now) - (sent + received) / 2);
      overridden = data.clock.overridden;
      syncedAt = performance.now();
    } catch {
      // Not signed in yet, or the API is away: keep the last offset and ask again next time.
    } finally {
      pending = null;
    }
  })();
  return pending;
}

/** The product's current moment, after asking the API when it has not been asked yet. */
export async function currentTime(): Promise<Date> {
  await syncClock();
  return productNow();
}

/** `at` for a command sent now: the product's moment as an ISO date-time. */
export async function commandTime(): Promise<string> {
  return (await currentTime()).toISOString();
}

/** The product's today (UTC), YYYY-MM-DD. */
export const productToday = (): string => productNow().toISOString().slice(0, 10);

/** Whether the server's clock is overridden (`TRACKRECORD_NOW`), as last measured. */
export const clockOverridden = (): boolean => overridden;
