import { describe, expect, it } from 'vitest';
import { sameJson } from './bulk.ts';

describe('sameJson: a stored jsonb value against a computed one', () => {
  it('ignores key order, as jsonb does not keep it', () => {
    expect(sameJson({ a: 1, bb: [1, { c: 'x', d: null }] }, { bb: [1, { d: null, c: 'x' }], a: 1 })).toBe(
      true,
    );
  });

  it('counts a key whose value is undefined as absent, as JSON does', () => {
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson({ a: 1, b: null }, { a: 1 })).toBe(false);
  });

  it('finds any difference of value, type, length or key', () => {
    expect(sameJson({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameJson({ a: 1 }, { a: '1' })).toBe(false);
    expect(sameJson([1, 2], [1, 2, 3])).toBe(false);
    expect(sameJson([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameJson({ a: 1 }, { b: 1 })).toBe(false);
    expect(sameJson({ a: { b: [0.1 + 0.2] } }, { a: { b: [0.3] } })).toBe(false);
    expect(sameJson(null, {})).toBe(false);
  });

  it('agrees with a JSON round trip of the same value', () => {
    const value = { score: 0.1 + 0.2, kpis: { sales: null, margin: 1e-7 }, list: ['元', 'a'] };
    expect(sameJson(JSON.parse(JSON.stringify(value)), value)).toBe(true);
  });
});
