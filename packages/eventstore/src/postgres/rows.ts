import type { DataEvent, EventMetadata, JsonObject, RecordedEvent } from '../port.ts';

/** The recorded time as epoch milliseconds, read back by {@link recordedAtOf}. */
const RECORDED_AT_MS = "date_part('epoch', recorded_at) * 1000 AS recorded_at_ms";

/** Column list shared by every read, in the order {@link toRecordedEvent} expects. */
export const EVENT_COLUMNS =
  // The recorded time travels as epoch milliseconds: building a Date from a number is far
  // cheaper than parsing PostgreSQL's timestamp text, which matters when catching up on $all.
  // `date_part` computes in float8; `extract` in numeric, which cost the server about a
  // quarter of its time per row on a `$all` catch-up (see recordedAtOf for the rounding).
  'global_position, stream_id, stream_revision, event_id, event_type, schema_version, data, metadata,' +
  ` ${RECORDED_AT_MS}`;

/** A row read with `rowMode: 'array'` (int8 arrives as text, jsonb parsed). */
export type EventRow = [string, string, string, string, string, number, JsonObject, EventMetadata, number];

/**
 * The recorded time is whole microseconds; as float8 epoch milliseconds it is off by at most
 * about 0.25 µs (two roundings near 2^40), so adding half a microsecond before truncating
 * gives exactly the millisecond that exact (numeric) arithmetic gives.
 */
const recordedAtOf = (ms: number): Date => new Date(Math.floor(ms + 0.0005));

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
    recordedAt: recordedAtOf(row[8]),
  };
}

/** Column list of `readAllData`, in the order {@link toDataEvent} expects. */
export const DATA_COLUMNS = `global_position, event_type, schema_version, data, ${RECORDED_AT_MS}`;

/** A row of {@link DATA_COLUMNS} read with `rowMode: 'array'`. */
export type DataRow = [string, string, number, JsonObject, number];

/** As {@link toRecordedEvent}, for the columns a fold reads. */
export function toDataEvent(row: DataRow): DataEvent {
  return {
    position: BigInt(row[0]),
    type: row[1],
    schemaVersion: row[2],
    data: row[3],
    recordedAt: recordedAtOf(row[4]),
  };
}
