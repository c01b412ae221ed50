import { expect, it } from 'vitest';
import {
  businessTimeFields,
  businessTimeOf,
  currentVersion,
  type DomainEvent,
  isEventType,
  parseEvent,
} from './catalog.ts';
import { timeMs } from './core/calendar.ts';
import type { ExamplesOf } from './core/spec.ts';

/**
 * Test support for each module's events.unit.spec.ts (not exported from the package): every
 * event type of the module has an example (the `ExamplesOf` type makes a missing one a
 * compile error); each example parses at the current version to itself, survives the JSON
 * round trip of the store, an empty payload is refused with the type, version and path, and
 * the business-time field its type declares (if any) holds a valid date.
 */
export function itParsesEveryExample<E extends DomainEvent>(examples: ExamplesOf<E>): void {
  const cases = Object.entries(examples);
  it.each(cases)(
    '%s: the example parses at the current version, also after a JSON round trip',
    (type, data) => {
      if (!isEventType(type)) throw new Error(`${type} is not in the event catalog`);
      const version = currentVersion(type);
      expect(parseEvent(type, version, data)).toEqual({ type, data });
      expect(parseEvent(type, version, JSON.parse(JSON.stringify(data)))).toEqual({ type, data });
    },
  );
  it.each(cases)('%s: an empty payload is refused, naming the type, version and fields', (type) => {
    if (!isEventType(type)) throw new Error(`${type} is not in the event catalog`);
    const version = currentVersion(type);
    expect(() => parseEvent(type, version, {})).toThrow(new RegExp(`^${type} v${version}: \\w+: `));
  });
  it.each(cases)('%s: the declared business-time field holds a valid date', (type, data) => {
    if (!isEventType(type)) throw new Error(`${type} is not in the event catalog`);
    const field = businessTimeFields[type];
    const time = businessTimeOf(type, data);
    if (field === null) {
      expect(time).toBeUndefined();
    } else {
      expect(time).toBe((data as Record<string, unknown>)[field]);
      expect(timeMs(time as string)).not.toBeNull();
    }
  });
}
