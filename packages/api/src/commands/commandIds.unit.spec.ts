import { validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { newCommandId } from './commandIds.ts';

describe('newCommandId', () => {
  it('makes distinct UUIDv7s that sort in the order they were made', () => {
    const ids = Array.from({ length: 2_000 }, () => newCommandId());
    for (const id of ids.slice(0, 10)) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
