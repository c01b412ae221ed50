import { validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { newEventId } from './ids.ts';

describe('newEventId', () => {
  it('makes distinct UUIDv7s that sort in the order they were made, across refills of its random pool', () => {
    const ids = Array.from({ length: 2_000 }, () => newEventId());
    for (const id of ids.filter((_, i) => i % 97 === 0)) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('leads with the time it was made, in milliseconds', () => {
    const before = Date.now();
    const id = newEventId();
    const after = Date.now();
    const ms = Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    // Within one millisecond the counter may have carried into the next one.
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after + 1);
  });

  it('fills the random bits: ids made in one millisecond differ beyond the counter', () => {
    const ids = Array.from({ length: 300 }, () => newEventId().replaceAll('-', ''));
    // The last 12 hex digits (48 bits) are random bytes, not the counter.
    expect(new Set(ids.map((id) => id.slice(20))).size).toBe(ids.length);
  });
});
