export * from './errors.ts';
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
