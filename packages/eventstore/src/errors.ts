/**
 * The event store's error family. Every error has a stable `code`, a message that names
 * what is wrong, and structured `details`; the API maps codes to GraphQL results once.
 */
export type EventStoreErrorCode =
  | 'WRONG_EXPECTED_REVISION'
  | 'IDEMPOTENCY_CONFLICT'
  | 'INVALID_APPEND'
  | 'INVALID_READ'
  | 'STORE_UNAVAILABLE';

export class EventStoreError extends Error {
  override readonly name: string = 'EventStoreError';
  constructor(
    readonly code: EventStoreErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The stream was not in the state the writer expected: someone else wrote first. */
export class WrongExpectedRevisionError extends EventStoreError {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly streamId: string,
    readonly expected: string,
    /** `null` when the stream does not exist. */
    readonly actual: bigint | null,
  ) {
    super(
      'WRONG_EXPECTED_REVISION',
      `stream "${streamId}": expected ${describeExpected(expected)}, but ${
        actual === null ? 'the stream does not exist' : `its last revision is ${actual}`
      }`,
      { streamId, expected, actual: actual === null ? null : actual.toString() },
    );
  }
}

/** Some of the event ids were stored before, but not as exactly this append to this stream. */
export class IdempotencyConflictError extends EventStoreError {
  override readonly name = 'IdempotencyConflictError';
  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
    reason: string,
  ) {
    super('IDEMPOTENCY_CONFLICT', `stream "${streamId}": ${reason}`, { streamId, eventIds });
  }
}

/** The append itself is malformed; nothing was written. */
export class InvalidAppendError extends EventStoreError {
  override readonly name = 'InvalidAppendError';
  constructor(
    readonly problems: readonly string[],
    streamId: unknown,
  ) {
    super(
      'INVALID_APPEND',
      `invalid append to stream ${JSON.stringify(String(streamId))}: ${problems.join('; ')}`,
      { problems, streamId: String(streamId) },
    );
  }
}

export class InvalidReadError extends EventStoreError {
  override readonly name = 'InvalidReadError';
  constructor(problem: string) {
    super('INVALID_READ', problem, { problem });
  }
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'any':
      return 'any revision';
    case 'no_stream':
      return 'no stream';
    case 'stream_exists':
      return 'an existing stream';
    default:
      return `revision ${expected}`;
  }
}
