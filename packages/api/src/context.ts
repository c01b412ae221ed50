import type { EventStore } from '@trackrecord/eventstore';
import type { Kysely } from 'kysely';

/** What every resolver may use; built once per request. */
export interface Context {
  readonly store: EventStore;
  readonly db: Kysely<unknown>;
}
