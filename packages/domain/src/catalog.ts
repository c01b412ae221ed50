import type { z } from 'zod';
import { alertEvents } from './alerts/events.ts';
import { careerEvents } from './career/events.ts';
import { type CatalogOf, catalogOf, type EventDefinition, parseWith } from './core/catalog.ts';
import { DomainError } from './core/errors.ts';
import { demoSeedEvents } from './demoSeed/events.ts';
import { hrEvents } from './hr/events.ts';
import { mentoringEvents } from './mentoring/events.ts';
import { orgEvents } from './org/events.ts';
import { policyEvents } from './policy/events.ts';
import { promotionEvents } from './promotion/events.ts';
import { salesEvents } from './sales/events.ts';
import { targetEvents } from './targets/events.ts';
import { trainingEvents } from './training/events.ts';

/** Every event definition of Track Record, module by module. */
export const allEvents = [
  ...careerEvents,
  ...salesEvents,
  ...trainingEvents,
  ...mentoringEvents,
  ...hrEvents,
  ...targetEvents,
  ...promotionEvents,
  // Policy module (policy/events.ts, owned by the policy engineer): its publications.
  ...policyEvents,
  ...alertEvents,
  // Names of regions, branches and teams (org/events.ts).
  ...orgEvents,
  // Demo seed bookkeeping (demoSeed/events.ts): which simulated company a store holds.
  ...demoSeedEvents,
] as const;

/**
 * The event catalog: event type → `{ type, schema, currentVersion, upcast }`. Built from the
 * modules' lists above; a type defined twice fails when this module loads.
 */
export const eventCatalog: CatalogOf<typeof allEvents> = catalogOf(allEvents);

type Catalog = typeof eventCatalog;
export type DomainEventType = keyof Catalog;

/** Each event type with its current data, derived from the schemas. */
export type DomainEventMap = {
  [K in DomainEventType]: { readonly type: K; readonly data: z.output<Catalog[K]['schema']> };
};
/** The union of every domain event, derived from the schemas: the one source of truth. */
export type DomainEvent = DomainEventMap[DomainEventType];
/** The current data of one event type, e.g. `EventData<'SaleClosed'>`. */
export type EventData<K extends DomainEventType> = DomainEventMap[K]['data'];

export function isEventType(type: string): type is DomainEventType {
  return Object.hasOwn(eventCatalog, type);
}

export function eventDefinition(type: string): EventDefinition {
  if (!isEventType(type)) throw new DomainError('VALIDATION', `unknown event type "${type}"`, { type });
  return eventCatalog[type];
}

/**
 * Upcasts a stored event's data from its schema version to the current one and validates it.
 * Throws a VALIDATION DomainError naming the type, the stored version and each problem's path.
 */
export function parseEvent(type: string, schemaVersion: number, data: unknown): DomainEvent {
  const definition = eventDefinition(type);
  const parsed = parseWith(definition, schemaVersion, data);
  // The one assertion of the union in the domain: the definition found by `type` has just
  // validated `data`, so the pair is that type's member of DomainEvent. TypeScript cannot
  // correlate a runtime key with its entry's schema (microsoft/TypeScript#30581).
  return { type: definition.type, data: parsed } as DomainEvent;
}

/** The schema version new events of a type are written with. */
export function currentVersion(type: DomainEventType): number {
  return eventCatalog[type].currentVersion;
}
