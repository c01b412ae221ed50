export * from './errors.ts';
export {
  EventStoreDBEventStore,
  type EventStoreDBEventStoreOptions,
} from './esdb/store.ts';
export type { SubscriptionTuning } from './esdb/subscribe.ts';
export { createEventStore, type EventStoreSelection, type SelectedEventStore } from './factory.ts';
export { newEventId } from './ids.ts';
export * from './port.ts';
export { migrateEventStore, runMigrations } from './postgres/migrate.ts';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/store.ts';
export {
  MAX_APPEND_BYTES,
  MAX_APPEND_EVENTS,
  MAX_EVENT_BYTES,
  MAX_NAME_LENGTH,
  type ValidAppend,
  type ValidEvent,
  validateAppend,
} from './validation.ts';
