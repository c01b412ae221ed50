import { newEventId } from '@trackrecord/eventstore';

/**
 * A new command id: a UUIDv7 (time first) from the store's pooled randomness, so ids made in
 * this process sort in the order they were made, whether they name a command or an event.
 */
export function newCommandId(): string {
  return newEventId();
}
