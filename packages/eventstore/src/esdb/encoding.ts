/**
 * How a port event is laid out in EventStoreDB, and back.
 *
 * - `type` is the event type, `data` the JSON body (content type `application/json`), the
 *   event id the port's id.
 * - The custom metadata is an envelope that round-trips the port's metadata exactly:
 *   `{ "schemaVersion": 2, "metadata": { …the port's metadata… }, "$correlationId": …, "$causationId": … }`.
 *   The two `$` keys copy `correlationId`/`causationId` where EventStoreDB's own tooling
 *   (the `$by_correlation_id` system projection, the UI) looks for them; they are ignored on read.
 * - `recordedAt` is the server's `created` timestamp.
 *
 * Events that another writer put into the store without the envelope read as schema version 1
 * with their whole custom metadata (when it is a JSON object) as metadata.
 */
import type { EventData, ResolvedEvent } from '@eventstore/db-client';
import { jsonEvent } from '@eventstore/db-client';
import type { EventMetadata, JsonObject, RecordedEvent } from '../port.ts';
import type { ValidEvent } from '../validation.ts';
import { fromEsdbPosition } from './position.ts';

interface Envelope {
  schemaVersion: number;
  metadata: EventMetadata;
  $correlationId?: string;
  $causationId?: string;
}

export function toEventData(event: ValidEvent): EventData {
  const envelope: Envelope = { schemaVersion: event.schemaVersion, metadata: event.metadata };
  if (typeof event.metadata.correlationId === 'string')
    envelope.$correlationId = event.metadata.correlationId;
  if (typeof event.metadata.causationId === 'string') envelope.$causationId = event.metadata.causationId;
  return jsonEvent({
    id: event.id,
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: envelope as unknown as Record<string, unknown>,
  });
}

/** Event types that start with `$` are EventStoreDB's own (and the adapter's id claims). */
export function isSystemEventType(type: string): boolean {
  return type.startsWith('$');
}

export function toRecordedEvent(resolved: ResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event) return undefined;
  const { schemaVersion, metadata } = readEnvelope(event.metadata);
  const data = event.data;
  return {
    id: event.id,
    streamId: event.streamId,
    revision: event.revision,
    position: fromEsdbPosition(event.position, event),
    type: event.type,
    schemaVersion,
    data: isPlainObject(data) ? (data as JsonObject) : { value: event.isJson ? (data as never) : null },
    metadata,
    recordedAt: event.created,
  };
}

function readEnvelope(raw: unknown): { schemaVersion: number; metadata: EventMetadata } {
  if (isPlainObject(raw)) {
    const { schemaVersion, metadata } = raw as Partial<Envelope>;
    if (Number.isInteger(schemaVersion) && (schemaVersion as number) >= 1 && isPlainObject(metadata)) {
      return { schemaVersion: schemaVersion as number, metadata: metadata as EventMetadata };
    }
    return { schemaVersion: 1, metadata: raw as EventMetadata };
  }
  return { schemaVersion: 1, metadata: {} };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}
