import { CHECKPOINT_CHANNEL, type Database, projections } from '@trackrecord/projections';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';

/** The most a query may wait for the read models (read-your-writes). */
export const MAX_WAIT_MS = 5_000;

export interface WaitOutcome {
  /** Whether every read model reached the position before the deadline. */
  readonly reached: boolean;
  /** The lowest checkpoint of the read models when the wait ended. */
  readonly position: bigint;
  readonly waitedMs: number;
}

/**
 * Knows how far the read models are: the lowest checkpoint of the live projections, kept up
 * to date by the runners' `NOTIFY` on every checkpoint move (one LISTEN connection per API
 * process), re-read from `projections.checkpoints` when a notification may have been missed
 * (at most every `refreshMs` while someone waits). Waiting costs no query per request.
 */
export class ReadModelWatermark {
  private readonly checkpoints = new Map<string, bigint>();
  /**
   * Read models stopped at an event their handler cannot take (`projections.projection_failures`):
   * left out of the watermark, so that one stuck read model does not hold every
   * read-your-writes query for the whole wait. Their lag shows in `/readyz` and `projectionLag`.
   */
  private readonly stuck = new Set<string>();
  private listener: pg.Client | undefined;
  private waiters = new Set<() => void>();
  private lastRefresh = 0;
  private closed = false;
  /** Per refresh under way: the notifications received while it reads the checkpoints, in order. */
  private readonly duringRefresh = new Set<[name: string, position: string][]>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly connectionString: string | undefined,
    private readonly refreshMs = 250,
  ) {}

  /** Starts listening (best effort: without it waits fall back to re-reading every `refreshMs`). */
  async start(): Promise<void> {
    await this.refresh();
    if (!this.connectionString || this.closed) return;
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', (message) => {
      const [name, position] = (message.payload ?? '').split(' ');
      if (!name || !position || name.endsWith('@rebuild')) return;
      // Kept in arrival order while a refresh reads the table, to be applied again on top of
      // what it read (see refresh()).
      for (const received of this.duringRefresh) received.push([name, position]);
      if (position === 'stuck') {
        this.stuck.add(name);
        for (const wake of [...this.waiters]) wake();
      } else this.set(name, BigInt(position));
    });
    client.on('error', () => {
      if (this.listener === client) this.listener = undefined;
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHECKPOINT_CHANNEL}`);
      this.listener = client;
    } catch {
      await client.end().catch(() => {});
    }
  }

  /**
   * The lowest checkpoint of the read models. A registered read model without a checkpoint
   * yet (its first build still running) counts as 0: nothing may be read from it.
   */
  get position(): bigint {
    let min: bigint | undefined;
    for (const { name } of projections) {
      if (this.stuck.has(name)) continue;
      const p = this.checkpoints.get(name) ?? 0n;
      if (min === undefined || p < min) min = p;
    }
    return min ?? 0n;
  }

  private set(name: string, position: bigint): void {
    const known = this.checkpoints.get(name);
    // A blue/green swap may move a checkpoint; a later notification or refresh tells the truth.
    if (known === undefined || position !== known) this.checkpoints.set(name, position);
    // It moved: it is no longer stopped where it failed.
    if (known !== undefined && position > known) this.stuck.delete(name);
    for (const wake of [...this.waiters]) wake();
  }

  /**
   * Re-reads every checkpoint and the stuck read models. A notification that arrives while the
   * statement runs may be newer than the row it read (the runner committed after the
   * statement's snapshot): it is applied again on top, in the order received, so a refresh
   * never takes the watermark back to a position already announced, which would leave a
   * waiter asleep until the next refresh.
   */
  private async refresh(): Promise<void> {
    this.lastRefresh = Date.now();
    const received: [string, string][] = [];
    this.duringRefresh.add(received);
    try {
      const [{ rows }, failed] = await Promise.all([
        sql<{ name: string; position: string }>`
          SELECT name, position FROM projections.checkpoints WHERE name NOT LIKE '%@rebuild'`.execute(
          this.db,
        ),
        sql<{ projection: string }>`
          SELECT DISTINCT projection FROM projections.projection_failures WHERE resolved_at IS NULL`.execute(
          this.db,
        ),
      ]);
      this.checkpoints.clear();
      for (const row of rows) this.checkpoints.set(row.name, BigInt(row.position));
      this.stuck.clear();
      for (const row of failed.rows) this.stuck.add(row.projection);
      for (const [name, position] of received) {
        if (position === 'stuck') this.stuck.add(name);
        else this.set(name, BigInt(position));
      }
    } finally {
      this.duringRefresh.delete(received);
    }
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves once every read model has applied `position`, or after `timeoutMs` (capped at 5 s). */
  async waitFor(position: bigint, timeoutMs = MAX_WAIT_MS): Promise<WaitOutcome> {
    const started = Date.now();
    const deadline = started + Math.min(Math.max(timeoutMs, 0), MAX_WAIT_MS);
    const done = (reached: boolean) => ({ reached, position: this.position, waitedMs: Date.now() - started });
    if (this.position >= position) return done(true);
    if (!this.listener || Date.now() - this.lastRefresh > this.refreshMs) await this.refresh();
    while (this.position < position) {
      const left = deadline - Date.now();
      if (left <= 0 || this.closed) return done(false);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, this.refreshMs));
        this.waiters.add(wake);
      });
      if (this.position < position && Date.now() - this.lastRefresh >= this.refreshMs) await this.refresh();
    }
    return done(true);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of [...this.waiters]) wake();
    const client = this.listener;
    this.listener = undefined;
    await client?.end().catch(() => {});
  }
}
