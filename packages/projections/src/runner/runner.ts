import type { EventStore } from '@trackrecord/eventstore';
import type { Kysely } from 'kysely';
import { applyBatch } from './apply.ts';
import { CheckpointMovedError, readCheckpoint } from './checkpoints.ts';
import {
  aborted,
  HANDLER_ATTEMPTS,
  messageOf,
  ProjectionHandlerError,
  type ProjectionStuck,
  recordFailure,
  resolveFailures,
} from './failures.ts';
import { acquireLease, sleep } from './lease.ts';
import type { AnyProjection } from './projection.ts';
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
  /**
   * Set when a handler threw on an event: the projection stopped just before it (the others
   * go on), the failure is in `projections.projection_failures`, and a restart tries again.
   */
  readonly stuck?: ProjectionStuck | undefined;
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
    private readonly projection: AnyProjection<DB>,
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

  /**
   * Runs until `signal` aborts, and returns promptly then whatever a handler is doing (its
   * transaction is abandoned, hence rolled back). A handler error stops this projection at the
   * event (see {@link ProjectionHandlerError}); anything a retry may fix is retried with backoff.
   */
  async run(signal: AbortSignal): Promise<void> {
    await Promise.race([this.loop(signal), aborted(signal)]);
  }

  private async loop(signal: AbortSignal): Promise<void> {
    let backoffMs = 500;
    // A handler error is tried again twice (it may have been a passing fault); the third time
    // at the same event, the projection stops there.
    let failures = 0;
    let failedAt: bigint | undefined;
    while (!signal.aborted) {
      const lease = await acquireLease(this.connectionString, this.projection.name, {
        retryMs: this.options.leaseRetryMs ?? 2000,
        signal,
      });
      if (!lease) return;
      this.update({ leader: true });
      const leading = AbortSignal.any([signal, lease.signal]);
      try {
        await this.lead(leading);
        backoffMs = 500;
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ProjectionHandlerError) {
          failures = failedAt === error.event.position ? failures + 1 : 1;
          failedAt = error.event.position;
          if (failures >= HANDLER_ATTEMPTS) {
            await this.stop(error, leading);
            continue;
          }
        }
        const message = messageOf(error);
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

  /**
   * Stops at a handler error: records it, raises the operator alert (log line, `/readyz`,
   * `/metrics`) and holds the lease without applying anything until the process stops or loses
   * the lease.
   */
  private async stop(failure: ProjectionHandlerError, leading: AbortSignal): Promise<void> {
    const checkpoint = await readCheckpoint(this.db, this.projection.name).catch(() => undefined);
    // The projection's name, whether the error arose live or in a rebuild.
    const named =
      failure.projection === this.projection.name
        ? failure
        : new ProjectionHandlerError(this.projection.name, failure.event, failure.cause);
    await recordFailure(this.db, named).catch((e: unknown) =>
      this.log(`projection ${this.projection.name}: could not record its failure: ${messageOf(e)}`),
    );
    this.update({
      caughtUp: false,
      lastError: named.reason,
      stuck: { ...named.event, error: named.reason, since: new Date() },
      ...(checkpoint ? { position: checkpoint.position } : {}),
    });
    this.log(
      `ALERT projection ${this.projection.name} is stuck at ${named.event.eventType} ${named.event.eventId} (position ${named.event.position}, stream ${named.event.streamId}): ${named.reason}; the other projections and the API go on, this one waits for a fix and a restart`,
    );
    await aborted(leading);
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
    // Failures this projection has moved past (a fixed handler, a rebuild) are resolved.
    let open = await resolveFailures(this.db, this.projection.name, position);
    this.update({ position, lastError: undefined, stuck: undefined });
    while (!signal.aborted) {
      try {
        for await (const batch of this.store.subscribeToAll({
          after: position,
          maxBatchSize: this.batchSize,
          signal,
        })) {
          try {
            position = await applyBatch(
              this.db,
              this.projection,
              this.projection.name,
              LIVE_SCHEMA,
              position,
              batch.events,
            );
          } catch (error) {
            if (!(error instanceof ProjectionHandlerError)) throw error;
            // Apply what comes before the event that failed, so the projection stops just before it.
            const failedAt = error.event.position;
            const before = batch.events.filter((e) => e.position < failedAt);
            if (before.length > 0) {
              position = await applyBatch(
                this.db,
                this.projection,
                this.projection.name,
                LIVE_SCHEMA,
                position,
                before,
              );
              this.update({ position });
            }
            throw error;
          }
          this.update({ position, caughtUp: batch.caughtUp || this.state.caughtUp, lastError: undefined });
          if (open) open = await resolveFailures(this.db, this.projection.name, position);
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
