import { activityEvents } from './activity/events.ts';
import { careerEvents } from './career/events.ts';
import { type EventDefinition, type EventOf, parseWith } from './core/catalog.ts';
import { DomainError } from './core/errors.ts';
import { mentoringEvents } from './mentoring/events.ts';
import { policyEvents } from './policy/events.ts';
import { promotionEvents } from './promotion/events.ts';
import { salesEvents } from './sales/events.ts';
import { targetEvents } from './targets/events.ts';
import { trainingEvents } from './training/events.ts';

/** Every event type of Track Record. */
export const allEvents = [
  ...careerEvents,
  ...salesEvents,
  ...activityEvents,
  ...trainingEvents,
  ...mentoringEvents,
  ...targetEvents,
  ...promotionEvents,
  ...policyEvents,
] as const;

/** The union of every domain event, derived from the schemas: the one source of truth. */
export type DomainEvent = EventOf<typeof allEvents>;
export type DomainEventType = DomainEvent['type'];

const byType: ReadonlyMap<string, EventDefinition> = new Map(allEvents.map((d) => [d.type, d]));

export function eventDefinition(type: string): EventDefinition {
  const definition = byType.get(type);
  if (!definition) throw new DomainError('VALIDATION', `unknown event type "${type}"`, { type });
  return definition;
}

/** Upcasts and validates a stored event into the current `DomainEvent` union. */
export function parseEvent(type: string, schemaVersion: number, data: unknown): DomainEvent {
  // The definition found by `type` validated `data`, so the pair is a member of the union.
  return { type, data: parseWith(eventDefinition(type), schemaVersion, data) } as DomainEvent;
}

/** The schema version new events of a type are written with. */
export function currentVersion(type: DomainEventType): number {
  return eventDefinition(type).version;
}
