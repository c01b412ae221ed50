import { v7 } from 'uuid';

/**
 * A new event id: a UUIDv7, whose leading bits are a millisecond timestamp. Writers should
 * use it (any UUID is accepted): time-ordered ids land at the right edge of the unique index
 * on event ids instead of on random pages, which keeps appends fast as the store grows.
 */
export function newEventId(): string {
  return v7();
}
