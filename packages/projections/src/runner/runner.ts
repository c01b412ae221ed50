import type { EventStore } from '@trackrecord/eventstore';
import type { Kysely } from 'kysely';
import { applyBatch } from './apply.ts';
import { CheckpointMovedError, readCheckpoint } from './checkpoints.ts';
import { acquireLease, sleep } from './lease.ts';
import type { Projection } from './projection.ts';
import { LIVE_SCHEMA, type RebuildProgress, rebuildProjection } from './rebuild.ts';

export interface RunnerOptions {
  /**
   * Most events per transaction (default 5,000; live, a batch holds what has arrived). When given,
   * also the batch size of the rebuild a code-version change starts (else the rebuild default).
   */
  readonly batchSize?: number;
  /** How often a standby tries to become leader (default 2 s). */
  readonly leaseRetryMs?: number;
  readonly log?: (line: string) => void;
  readonly onRebuildProgress?: (progress: RebuildProgress) => void;
}

export interface RunnerStatus {
  readonly projection: string;
  readonly leader: boolean;
  readonly position: bigint;
  /** True once the runner reached the head of `$all` and is following it live. */
  readonly caughtUp: boolean;
  readonly lastError: string | undefined;
}

/**
 * Keeps one projection up to date: wins the projection's lease (or waits as a standby),
 * rebuilds when it finds no checkpoint or one written by another code version, then follows
 * `$all` from the checkpoint, applying each batch and its checkpoint in one transaction.
 * A failing batch is retried with backoff from the last committed checkpoint.
 */
export class ProjectionRunner<DB> {
  private state: RunnerStatus;
  private readonly batchSize: number;
  private readonly log: (line: string) => void;

  constructor(
    private readonly store: EventStore,
    private readonly db: Kysely<DB>,
    private readonly connectionString: string,
    private readonly projection: Projection<DB>,
    private readonly options: RunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 5_000;
    this.log = options.log ?? (() => {});
    this.state = {
      projection: projection.name,
      leader: false,
      position: 0n,
      caughtUp: false,
      lastError: undefined,
    };
  }

  get status(): RunnerStatus {
    return this.state;
  }

  /** Runs until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    let backoffMs = 500;
    while (!signal.aborted) {
      const lease = await acquireLease(this.connectionString, this.projection.name, {
        retryMs: this.options.leaseRetryMs ?? 2000,
        signal,
      });
      if (!lease) return;
      this.update({ leader: true });
      try {
        await this.lead(AbortSignal.any([signal, lease.signal]));
        backoffMs = 500;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.update({ lastError: message, caughtUp: false });
        this.log(`projection ${this.projection.name} failed, retrying in ${backoffMs} ms: ${message}`);
        await sleep(backoffMs, signal);
        backoffMs = Math.min(backoffMs * 2, 30_000);
      } finally {
        this.update({ leader: false });
        await lease.release();
      }
    }
  }

  private async lead(signal: AbortSignal): Promise<void> {
    let checkpoint = await readCheckpoint(this.db, this.projection.name);
    if (!checkpoint || checkpoint.codeVersion !== this.projection.version) {
      this.log(
        checkpoint
          ? `projection ${this.projection.name}: code version ${checkpoint.codeVersion} -> ${this.projection.version}, rebuilding`
          : `projection ${this.projection.name}: no checkpoint yet, building`,
      );
      await rebuildProjection(this.store, this.db, this.projection, {
        signal,
        // A runner told its batch size rebuilds in batches of that size too (else the rebuild's
        // default: batches of 20,000 events).
        ...(this.options.batchSize !== undefined ? { batchEvents: this.options.batchSize } : {}),
        ...(this.options.onRebuildProgress ? { onProgress: this.options.onRebuildProgress } : {}),
      });
      checkpoint = await readCheckpoint(this.db, this.projection.name);
    }
    let position = checkpoint?.position ?? 0n;
    this.update({ position, lastError: undefined });
    while (!signal.aborted) {
      try {
        for await (const batch of this.store.subscribeToAll({
          after: position,
          maxBatchSize: this.batchSize,
          signal,
        })) {
          position = await applyBatch(
            this.db,
            this.projection,
            this.projection.name,
            LIVE_SCHEMA,
            position,
            batch.events,
          );
          this.update({ position, caughtUp: batch.caughtUp || this.state.caughtUp, lastError: undefined });
        }
      } catch (error) {
        if (!(error instanceof CheckpointMovedError)) throw error;
        // A rebuild swapped new tables in; carry on from where it left them.
        const moved = await readCheckpoint(this.db, this.projection.name);
        if (!moved || moved.codeVersion !== this.projection.version) {
          throw new Error(
            `projection ${this.projection.name} was taken over by code version ${moved?.codeVersion ?? 'none'}`,
          );
        }
        position = moved.position;
        this.update({ position });
      }
    }
  }

  private update(patch: Partial<RunnerStatus>): void {
    this.state = { ...this.state, ...patch };
  }
}
