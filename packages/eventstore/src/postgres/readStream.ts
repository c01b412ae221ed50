import type pg from 'pg';
import type { ReadStreamOptions, RecordedEvent } from '../port.ts';
import { validateReadStream, validateReadStreams } from '../validation.ts';
import { EVENT_COLUMNS, type EventRow, toRecordedEvent } from './rows.ts';

const FORWARD = `SELECT ${EVENT_COLUMNS} FROM eventstore.events
  WHERE stream_id = $1 AND stream_revision >= $2 ORDER BY stream_revision ASC LIMIT $3`;
const BACKWARD = `SELECT ${EVENT_COLUMNS} FROM eventstore.events
  WHERE stream_id = $1 AND stream_revision <= $2 ORDER BY stream_revision DESC LIMIT $3`;

/** Reads one stream through the (stream_id, stream_revision) unique index. */
export async function readStream(
  pool: pg.Pool,
  streamId: string,
  options?: ReadStreamOptions,
): Promise<RecordedEvent[]> {
  validateReadStream(streamId, options);
  const backward = options?.direction === 'backward';
  const from = options?.fromRevision ?? (backward ? BigInt(Number.MAX_SAFE_INTEGER) : 0n);
  const { rows } = await pool.query<EventRow>({
    name: backward ? 'eventstore.readStreamBackward' : 'eventstore.readStreamForward',
    text: backward ? BACKWARD : FORWARD,
    values: [streamId, from.toString(), options?.maxCount ?? null],
    rowMode: 'array',
  });
  return rows.map(toRecordedEvent);
}

const MANY = `SELECT ${EVENT_COLUMNS} FROM eventstore.events
  WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, stream_revision`;

/** Reads whole streams at once through the same index; absent streams map to `[]`. */
export async function readStreams(
  pool: pg.Pool,
  streamIds: readonly string[],
): Promise<Map<string, RecordedEvent[]>> {
  const ids = validateReadStreams(streamIds);
  const result = new Map<string, RecordedEvent[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return result;
  const { rows } = await pool.query<EventRow>({
    name: 'eventstore.readStreams',
    text: MANY,
    values: [ids],
    rowMode: 'array',
  });
  for (const row of rows) {
    const event = toRecordedEvent(row);
    result.get(event.streamId)?.push(event);
  }
  return result;
}
