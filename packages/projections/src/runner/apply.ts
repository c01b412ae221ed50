import type { RecordedEvent } from '@trackrecord/eventstore';
import type { Kysely } from 'kysely';
import { advanceCheckpoint, CheckpointMovedError } from './checkpoints.ts';
import { applyNamingFailures } from './failures.ts';
import { type AnyProjection, relevantEvents } from './projection.ts';

/**
 * Applies one batch and moves the checkpoint in one transaction: either both happen or
 * neither, so a crash at any point neither loses nor doubles an effect.
 */
export async function applyBatch<DB>(
  db: Kysely<DB>,
  projection: AnyProjection<DB>,
  checkpointName: string,
  schema: string,
  from: bigint,
  events: readonly RecordedEvent[],
): Promise<bigint> {
  const last = events[events.length - 1];
  if (!last) return from;
  if (relevantEvents(projection, events).length === 0) {
    // Nothing to write but the checkpoint: one statement, atomic by itself, one round trip
    // instead of BEGIN, UPDATE, COMMIT.
    if (!(await advanceCheckpoint(db, checkpointName, from, last.position))) {
      throw new CheckpointMovedError(checkpointName, from);
    }
    return last.position;
  }
  return db
    .transaction()
    .execute((trx) => applyInTransaction(trx, projection, checkpointName, schema, from, events));
}

/** The body of {@link applyBatch}, for callers that already hold a transaction. */
export async function applyInTransaction<DB>(
  trx: Kysely<DB>,
  projection: AnyProjection<DB>,
  checkpointName: string,
  schema: string,
  from: bigint,
  events: readonly RecordedEvent[],
): Promise<bigint> {
  const last = events[events.length - 1];
  if (!last) return from;
  if (!(await advanceCheckpoint(trx, checkpointName, from, last.position))) {
    throw new CheckpointMovedError(checkpointName, from);
  }
  const relevant = relevantEvents(projection, events);
  if (relevant.length > 0) {
    // A handler error names its event (ProjectionHandlerError): the runner stops there.
    const bound = trx.withSchema(schema);
    await applyNamingFailures(trx, checkpointName, relevant, (some) => projection.apply(bound, some));
  }
  return last.position;
}
