import { type DomainEvent, parseEvent } from '@trackrecord/domain';
import type { RecordedEvent } from '@trackrecord/eventstore';

const parsed = new WeakMap<RecordedEvent, DomainEvent>();

/**
 * `parseEvent` (upcast + schema validation) of a recorded event, once per event object: a
 * rebuild hands the same page to every projection, so each event is validated once instead of
 * once per read model. Projections should read their events through this.
 */
export function parseRecorded(recorded: RecordedEvent): DomainEvent {
  let event = parsed.get(recorded);
  if (!event) {
    event = parseEvent(recorded.type, recorded.schemaVersion, recorded.data);
    parsed.set(recorded, event);
  }
  return event;
}
