import type pg from 'pg';
import { IdempotencyConflictError, WrongExpectedRevisionError } from '../errors.ts';
import type { AppendOptions, AppendResult, NewEvent, PreparedAppends, StreamAppend } from '../port.ts';
import { type ValidAppend, validateAppend, validateAppends } from '../validation.ts';

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
  const payload = eventsJson(append);
  const expected = expectedText(append);
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

const APPEND_MANY_SQL =
  'SELECT out_index, out_position, out_revision, out_appended FROM eventstore.append_to_streams($1::jsonb)';

/**
 * Appends to several streams in one transaction and one round trip (`append_to_streams`):
 * all parts or none. The error of the first failing part names its stream.
 */
export function appendToStreams(pool: pg.Pool, appends: readonly StreamAppend[]): Promise<AppendResult[]> {
  try {
    return prepareAppends(pool, appends).send();
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * `appendToStreams` in two steps: validates the request and serialises its payload now
 * (throwing what `appendToStreams` would reject with), and sends it when `send` is called —
 * so a caller can prepare its next append while the current one is being written, and still
 * send it only after the current one committed.
 */
export function prepareAppends(pool: pg.Pool, appends: readonly StreamAppend[]): PreparedAppends {
  const valid = validateAppends(appends);
  const payload = `[${valid
    .map(
      (a) =>
        `{"stream":${JSON.stringify(a.streamId)},"expected":"${expectedText(a)}","events":${eventsJson(a)}}`,
    )
    .join(',')}]`;
  return { send: () => sendAppends(pool, valid, payload) };
}

async function sendAppends(
  pool: pg.Pool,
  valid: readonly ValidAppend[],
  payload: string,
): Promise<AppendResult[]> {
  let rows: [number, string, string, boolean][];
  try {
    const result = await pool.query<[number, string, string, boolean]>({
      name: 'eventstore.appendMany',
      text: APPEND_MANY_SQL,
      values: [payload],
      rowMode: 'array',
    });
    rows = result.rows;
  } catch (error) {
    const hint = (error as { hint?: string }).hint;
    const failed = valid.find((a) => a.streamId === hint) ?? valid[0];
    if (!failed) throw error;
    throw mapAppendError(
      error,
      failed.streamId,
      expectedText(failed),
      failed.events.map((e) => e.id),
    );
  }
  const byPart: [string, string, boolean][][] = valid.map(() => []);
  for (const [index, position, revision, appended] of rows)
    byPart[index]?.push([position, revision, appended]);
  return byPart.map((partRows, index) => {
    const last = partRows[partRows.length - 1];
    if (!last) throw new Error(`append to "${valid[index]?.streamId}" returned no rows`);
    const positions = partRows.map((r) => BigInt(r[0]));
    return {
      positions,
      lastPosition: BigInt(last[0]),
      nextExpectedRevision: BigInt(last[1]),
      appended: last[2],
    };
  });
}

/** The events as the SQL functions take them; each event's JSON was serialised once by the validator. */
function eventsJson(append: ValidAppend): string {
  return `[${append.events
    .map(
      (e) =>
        `{"id":"${e.id}","type":${JSON.stringify(e.type)},"v":${e.schemaVersion},"data":${e.dataJson},"meta":${e.metadataJson}}`,
    )
    .join(',')}]`;
}

const expectedText = (append: ValidAppend): string =>
  typeof append.expected === 'bigint' ? append.expected.toString() : append.expected;

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
