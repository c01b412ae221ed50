import type pg from 'pg';
import { IdempotencyConflictError, WrongExpectedRevisionError } from '../errors.ts';
import type { AppendOptions, AppendResult, NewEvent } from '../port.ts';
import { validateAppend } from '../validation.ts';

const APPEND_SQL =
  'SELECT out_position, out_revision, out_appended FROM eventstore.append_to_stream($1, $2, $3::jsonb)';

/**
 * Appends `events` atomically in one round trip: validation happens first, in the shared
 * validator, then a single call of `eventstore.append_to_stream` (see its migration for
 * how ordering is kept) checks idempotency and the expected revision and inserts.
 */
export async function appendToStream(
  pool: pg.Pool,
  streamId: string,
  events: readonly NewEvent[],
  options?: AppendOptions,
): Promise<AppendResult> {
  const append = validateAppend(streamId, events, options);
  // The JSON of each event was serialised once by the validator; splice it in as is.
  const payload = `[${append.events
    .map(
      (e) =>
        `{"id":"${e.id}","type":${JSON.stringify(e.type)},"v":${e.schemaVersion},"data":${e.dataJson},"meta":${e.metadataJson}}`,
    )
    .join(',')}]`;
  const expected = typeof append.expected === 'bigint' ? append.expected.toString() : append.expected;
  let rows: [string, string, boolean][];
  try {
    const result = await pool.query<[string, string, boolean]>({
      name: 'eventstore.append',
      text: APPEND_SQL,
      values: [append.streamId, expected, payload],
      rowMode: 'array',
    });
    rows = result.rows;
  } catch (error) {
    throw mapAppendError(
      error,
      append.streamId,
      expected,
      append.events.map((e) => e.id),
    );
  }
  const positions = rows.map((r) => BigInt(r[0]));
  const last = rows[rows.length - 1];
  if (!last) throw new Error(`append to "${streamId}" returned no rows`);
  return {
    positions,
    lastPosition: BigInt(last[0]),
    nextExpectedRevision: BigInt(last[1]),
    appended: last[2],
  };
}

function mapAppendError(error: unknown, streamId: string, expected: string, ids: string[]): unknown {
  const pgError = error as { code?: string; detail?: string; message?: string };
  if (pgError.code === 'TR409') {
    const actual = pgError.detail === 'none' || pgError.detail === undefined ? null : BigInt(pgError.detail);
    return new WrongExpectedRevisionError(streamId, expected, actual);
  }
  if (pgError.code === 'TR422') {
    const stored = safeJsonArray(pgError.detail);
    return new IdempotencyConflictError(
      streamId,
      stored.length > 0 ? stored : ids,
      pgError.message ?? 'conflict',
    );
  }
  return error;
}

function safeJsonArray(text: string | undefined): string[] {
  if (!text) return [];
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.map(String) : [];
}
