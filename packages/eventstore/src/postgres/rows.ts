import type { EventMetadata, JsonObject, RecordedEvent } from '../port.ts';

/** Column list shared by every read, in the order {@link toRecordedEvent} expects. */
export const EVENT_COLUMNS =
  // The recorded time travels as epoch milliseconds: building a Date from a number is far
  // cheaper than parsing PostgreSQL's timestamp text, which matters when catching up on $all.
  'global_position, stream_id, stream_revision, event_id, event_type, schema_version, data, metadata,' +
  ' (extract(epoch FROM recorded_at) * 1000)::float8 AS recorded_at_ms';

/** A row read with `rowMode: 'array'` (int8 arrives as text, jsonb parsed). */
export type EventRow = [string, string, string, string, string, number, JsonObject, EventMetadata, number];

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    position: BigInt(row[0]),
    streamId: row[1],
    revision: BigInt(row[2]),
    id: row[3],
    type: row[4],
    schemaVersion: row[5],
    data: row[6],
    metadata: row[7],
    recordedAt: new Date(Math.floor(row[8])),
  };
}
