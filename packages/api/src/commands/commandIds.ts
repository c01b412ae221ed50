import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

// Random bytes for 256 ids at a time: one call into the system's generator per 256 ids
// instead of one per id, which cost a mutation more than its command id is worth.
const pool = new Uint8Array(16 * 256);
let next = pool.length;
// Time-ordered and strictly increasing within this process, as `v7()` keeps them: the same
// millisecond continues the sequence (RFC 9562 §6.2, method 1).
let lastMs = Number.NEGATIVE_INFINITY;
let seq = 0;

/** A new command id: a UUIDv7 (time first), as `v7()` makes them, from pooled randomness. */
export function newCommandId(): string {
  if (next + 16 > pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  const random = pool.slice(next, next + 16);
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
