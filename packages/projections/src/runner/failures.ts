import type { RecordedEvent } from '@trackrecord/eventstore';
import { type Kysely, sql } from 'kysely';
import { CHECKPOINT_CHANNEL } from './checkpoints.ts';

/** How often a handler may fail at the same event before its projection (or reactor) stops there. */
export const HANDLER_ATTEMPTS = 3;

/** The event a handler threw on, as operators see it. */
export interface FailedEvent {
  readonly position: bigint;
  readonly eventId: string;
  readonly eventType: string;
  readonly streamId: string;
}

/** A projection (or reactor) stopped at an event its handler cannot take. */
export interface ProjectionStuck extends FailedEvent {
  readonly error: string;
  readonly since: Date;
}

/**
 * A handler threw on one event (not the database being away): retrying changes nothing, so the
 * projection stops at it instead of retrying forever, and operators are told which and why.
 */
export class ProjectionHandlerError extends Error {
  override readonly name = 'ProjectionHandlerError';
  readonly event: FailedEvent;
  constructor(
    readonly projection: string,
    event: RecordedEvent | FailedEvent,
    cause: unknown,
  ) {
    const failed = failedEvent(event);
    super(
      `${projection}: handler failed on ${failed.eventType} at position ${failed.position}: ${messageOf(cause)}`,
      { cause },
    );
    this.event = failed;
  }
  /** The handler's own message. */
  get reason(): string {
    return messageOf(this.cause);
  }
}

function failedEvent(event: RecordedEvent | FailedEvent): FailedEvent {
  return 'eventId' in event
    ? event
    : { position: event.position, eventId: event.id, eventType: event.type, streamId: event.streamId };
}

export const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);

/**
 * Errors that a retry may fix: the connection went away, the server is shutting down or out of
 * resources, a serialisation failure or deadlock, a lock timeout. Anything else a handler
 * throws (a RangeError, an event that does not parse, a constraint violation) happens again
 * on every retry.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof ProjectionHandlerError) return false;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (
      /^(08|53|57|58|40)/.test(code) ||
      code === '55P03' ||
      code === '25P02' ||
      code === 'STORE_UNAVAILABLE'
    )
      return true;
    if (/^E[A-Z]+$/.test(code)) return true; // ECONNRESET, ECONNREFUSED, ETIMEDOUT, …
  }
  const message = messageOf(error);
  return /Connection terminated|connection (?:error|closed|lost|refused|reset)|timeout|ECONN|Client has encountered a connection error|pool (?:is )?(?:ended|destroyed)|Cannot use a pool after/i.test(
    message,
  );
}

/**
 * Runs `apply` on a batch so that a handler error names its event: on a non-transient error
 * the batch is rolled back to a savepoint and applied one event at a time; the first event that
 * throws is reported as a {@link ProjectionHandlerError}. (Projections give the same rows
 * whatever the batch cut, so one event at a time is a valid way to apply them.) If every
 * event passes alone, the batch stays applied that way.
 */
export async function applyNamingFailures<DB, E extends RecordedEvent>(
  trx: Kysely<DB>,
  name: string,
  events: readonly E[],
  apply: (events: readonly E[]) => Promise<void>,
): Promise<void> {
  if (events.length === 1) {
    try {
      await apply(events);
    } catch (error) {
      if (isTransient(error)) throw error;
      throw new ProjectionHandlerError(name, events[0] as RecordedEvent, error);
    }
    return;
  }
  await sql`SAVEPOINT projection_batch`.execute(trx);
  try {
    await apply(events);
    return;
  } catch (error) {
    if (isTransient(error)) throw error;
  }
  await sql`ROLLBACK TO SAVEPOINT projection_batch`.execute(trx);
  for (const event of events) {
    try {
      await apply([event]);
    } catch (error) {
      if (isTransient(error)) throw error;
      throw new ProjectionHandlerError(name, event, error);
    }
  }
}

/** Records (or counts again) the failure; the projection's name is its checkpoint's name. */
export async function recordFailure<DB>(db: Kysely<DB>, error: ProjectionHandlerError): Promise<void> {
  const e = error.event;
  await sql`
    INSERT INTO projections.projection_failures (projection, position, event_id, event_type, stream_id, error)
    VALUES (${error.projection}, ${e.position.toString()}, ${e.eventId}, ${e.eventType}, ${e.streamId}, ${error.reason.slice(0, 4000)})
    ON CONFLICT (projection, position) DO UPDATE SET
      attempts = projections.projection_failures.attempts + 1, error = EXCLUDED.error,
      last_at = now(), resolved_at = NULL`.execute(db);
  // The API's read-your-writes watermark leaves a stuck read model out (see ReadModelWatermark).
  await sql`SELECT pg_notify(${CHECKPOINT_CHANNEL}, ${`${error.projection} stuck`})`.execute(db);
}

/** Marks the failures of `projection` at or before `position` resolved; true when there are still open ones after it. */
export async function resolveFailures<DB>(
  db: Kysely<DB>,
  projection: string,
  position: bigint,
): Promise<boolean> {
  const { rows } = await sql<{ open: number }>`
    WITH resolved AS (
      UPDATE projections.projection_failures SET resolved_at = now()
       WHERE projection = ${projection} AND position <= ${position.toString()} AND resolved_at IS NULL
    )
    SELECT count(*)::int AS open FROM projections.projection_failures
     WHERE projection = ${projection} AND position > ${position.toString()} AND resolved_at IS NULL`.execute(
    db,
  );
  return (rows[0]?.open ?? 0) > 0;
}

export interface ProjectionFailureRow extends ProjectionStuck {
  readonly projection: string;
  readonly attempts: number;
  readonly lastAt: Date;
  readonly resolvedAt: Date | null;
}

/** Failures for operators, open ones first, newest first. */
export async function projectionFailures<DB>(
  db: Kysely<DB>,
  options: { open?: boolean; limit?: number } = {},
): Promise<ProjectionFailureRow[]> {
  const { rows } = await sql<{
    projection: string;
    position: string;
    event_id: string;
    event_type: string;
    stream_id: string;
    error: string;
    attempts: number;
    first_at: Date;
    last_at: Date;
    resolved_at: Date | null;
  }>`
    SELECT * FROM projections.projection_failures
     WHERE ${options.open ? sql`resolved_at IS NULL` : sql`true`}
     ORDER BY resolved_at IS NOT NULL, last_at DESC
     LIMIT ${options.limit ?? 100}`.execute(db);
  return rows.map((r) => ({
    projection: r.projection,
    position: BigInt(r.position),
    eventId: r.event_id,
    eventType: r.event_type,
    streamId: r.stream_id,
    error: r.error,
    since: r.first_at,
    attempts: r.attempts,
    lastAt: r.last_at,
    resolvedAt: r.resolved_at,
  }));
}

/** Resolves when `signal` aborts. */
export function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
