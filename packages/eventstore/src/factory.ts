import { EventStoreDBEventStore, type EventStoreDBEventStoreOptions } from './esdb/store.ts';
import type { EventStore } from './port.ts';
import { PostgresEventStore } from './postgres/store.ts';

export interface EventStoreSelection {
  /** `EVENTSTORE_URL`: an `esdb://…` / `esdb+discover://…` connection string selects EventStoreDB. */
  readonly eventStoreUrl?: string | undefined;
  /** PostgreSQL, where events live when no `eventStoreUrl` is given. */
  readonly databaseUrl: string;
  /** Pool size of the PostgreSQL store (default 10). */
  readonly poolSize?: number;
  /** Reconnection and watchdog lines of EventStoreDB subscriptions. */
  readonly log?: (line: string) => void;
  /** Fine-tuning of the EventStoreDB adapter (tests). */
  readonly eventStoreDB?: Omit<EventStoreDBEventStoreOptions, 'connectionString'>;
}

export interface SelectedEventStore {
  readonly store: EventStore;
  readonly kind: 'eventstoredb' | 'postgres';
}

const ESDB_SCHEMES = ['esdb:', 'esdb+discover:'];

/**
 * The event store the environment asks for: EventStoreDB when `eventStoreUrl` is set, else
 * the PostgreSQL store in `databaseUrl` (whose schema `migrateEventStore` must have created).
 */
export function createEventStore(selection: EventStoreSelection): SelectedEventStore {
  const url = selection.eventStoreUrl?.trim();
  if (url) {
    const scheme = url.slice(0, url.indexOf('//'));
    if (!ESDB_SCHEMES.includes(scheme)) {
      throw new Error(
        `EVENTSTORE_URL must be an EventStoreDB connection string (esdb://host:2113?tls=false or esdb+discover://…), got "${scheme}//…"`,
      );
    }
    const store = new EventStoreDBEventStore({
      ...selection.eventStoreDB,
      ...(selection.log ? { log: selection.log } : {}),
      connectionString: url,
    });
    return { store, kind: 'eventstoredb' };
  }
  const store = new PostgresEventStore({
    connectionString: selection.databaseUrl,
    ...(selection.poolSize ? { poolSize: selection.poolSize } : {}),
  });
  return { store, kind: 'postgres' };
}
