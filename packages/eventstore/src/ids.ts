import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

// Random bytes for 256 ids at a time: `v7()` asks the system's generator (through Web
// Crypto) for 16 bytes on every call, which cost about 9 µs per id — most of the time a writer
// spends preparing a 100-event append. One call per 256 ids costs a fraction of that.
const pool = new Uint8Array(16 * 256);
let next = pool.length;
// Time-ordered and strictly increasing within this process, as `v7()` keeps them: the same
// millisecond continues the sequence (RFC 9562 §6.2, method 1).
let lastMs = Number.NEGATIVE_INFINITY;
let seq = 0;

/**
 * A new event id: a UUIDv7, whose leading bits are a millisecond timestamp. Writers should
 * use it (any UUID is accepted): time-ordered ids land at the right edge of the unique index
 * on event ids instead of on random pages, which keeps appends fast as the store grows.
 * Ids made by one process sort in the order they were made.
 */
export function newEventId(): string {
  if (next + 16 > pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  const random = pool.subarray(next, next + 16);
  next += 16;
  const now = Date.now();
  if (now > lastMs) {
    // A new millisecond starts the counter at random (31 bits, as `v7()` does).
    seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
    lastMs = now;
  } else {
    seq = (seq + 1) | 0;
    if (seq === 0) lastMs++;
  }
  return v7({ random, msecs: lastMs, seq });
}
