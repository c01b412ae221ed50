import type pg from 'pg';
import type { ReadStreamOptions, RecordedEvent } from '../port.ts';
import { validateReadStream } from '../validation.ts';
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
