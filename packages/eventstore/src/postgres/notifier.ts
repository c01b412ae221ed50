import pg from 'pg';

export const CHANNEL = 'trackrecord_events';

/**
 * One LISTEN connection per store, shared by all its subscriptions. It only shortens the
 * wait of live subscribers: correctness never depends on a notification arriving, because
 * every wait also ends after the poll interval, and a subscriber re-reads `$all` then.
 */
export class AppendNotifier {
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private waiters = new Set<() => void>();
  private closed = false;
  /** Increases on every notification; lets a waiter see one that came during its read. */
  sequence = 0;

  constructor(private readonly connectionString: string) {}

  /** Makes sure the LISTEN connection is up (best effort; errors fall back to polling). */
  async listen(): Promise<void> {
    if (this.closed || this.client) return;
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    await this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', () => this.wake());
    client.on('error', () => {
      // The connection dropped: forget it, wake everyone so they re-read, reconnect lazily.
      if (this.client === client) this.client = undefined;
      this.wake();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      if (this.closed) await client.end();
      else this.client = client;
    } catch {
      await client.end().catch(() => {});
    }
  }

  /** Resolves on the next notification after `seenSequence`, after `timeoutMs`, or on abort. */
  wait(seenSequence: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.sequence !== seenSequence || this.closed || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }

  private wake(): void {
    this.sequence++;
    for (const waiter of [...this.waiters]) waiter();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake();
    const client = this.client;
    this.client = undefined;
    await this.connecting;
    await client?.end().catch(() => {});
  }
}
