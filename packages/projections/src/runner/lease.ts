import pg from 'pg';

export interface Lease {
  /** Aborted when the lease is lost (its connection dropped). */
  readonly signal: AbortSignal;
  release(): Promise<void>;
}

/**
 * Leadership of one projection: a session-level advisory lock held on a dedicated
 * connection. Exactly one runner per projection applies events; the others wait as standbys
 * and take over when the leader's connection goes away (process exit, crash, network loss).
 * Resolves to `undefined` when `signal` aborts before the lease is won.
 */
export async function acquireLease(
  connectionString: string,
  key: string,
  options: { retryMs: number; signal: AbortSignal },
): Promise<Lease | undefined> {
  while (!options.signal.aborted) {
    const client = new pg.Client({ connectionString });
    const lost = new AbortController();
    client.on('error', () => lost.abort());
    client.on('end', () => lost.abort());
    try {
      await client.connect();
      const { rows } = await client.query<{ won: boolean }>(
        "SELECT pg_try_advisory_lock(hashtext('trackrecord.projection.' || $1)) AS won",
        [key],
      );
      if (rows[0]?.won) {
        return {
          signal: lost.signal,
          release: async () => {
            // Ending the session releases the lock.
            await client.end().catch(() => {});
          },
        };
      }
    } catch {
      // The database is unreachable: retry like a lost race.
    }
    await client.end().catch(() => {});
    await sleep(options.retryMs, options.signal);
  }
  return undefined;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
