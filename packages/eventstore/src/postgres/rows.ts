import type { EventMetadata, JsonObject, RecordedEvent } from '../port.ts';

/** Column list shared by every read, in the order {@link toRecordedEvent} expects. */
export const EVENT_COLUMNS =
  'global_position, stream_id, stream_revision, event_id, event_type, schema_version, data, metadata, recorded_at';

/** A row read with `rowMode: 'array'` (int8 arrives as text, jsonb parsed, timestamptz as Date). */
export type EventRow = [string, string, string, string, string, number, JsonObject, EventMetadata, Date];

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
    recordedAt: row[8],
  };
}
