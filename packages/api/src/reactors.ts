import { DomainError } from '@trackrecord/domain';
import type { EventStore } from '@trackrecord/eventstore';
import {
  type Database,
  type Dispatch,
  type DispatchMany,
  Reactor,
  type ReactorOptions,
  reactorRules,
} from '@trackrecord/projections';
import type { Kysely } from 'kysely';
import { dispatchBatch } from './commands/batch.ts';

/**
 * The command pipeline as the reactors' `dispatchMany`: a rule's reactions as one batch of
 * commands (`dispatchBatch`, not atomic: each refused or written on its own, decided in order;
 * the same validation and deciders as the API). A reaction's meta is the command's envelope
 * (ids and times deterministic in the trigger).
 */
export function busDispatchMany(store: EventStore): DispatchMany {
  return async (items) => {
    const outcome = await dispatchBatch(
      store,
      items.map(({ command, meta }) => ({
        command: { type: command.type, data: command.data },
        envelope: meta,
      })),
    );
    return outcome.results.map((r) =>
      r.ok
        ? { duplicate: r.duplicate, events: r.events }
        : // A reaction's command id names the reaction (this alert, for this person and month). A
          // replay from an earlier checkpoint may read later read models and word the same
          // reaction differently (another evidence position, more weeks behind): it already happened.
          r.error.details.rule === 'command_id_reused'
          ? { duplicate: true, events: [] }
          : { refused: r.error },
    );
  };
}

/** The command bus as the reactors' `dispatch`: one reaction, a batch of one; a refusal is thrown. */
export function busDispatch(store: EventStore): Dispatch {
  const many = busDispatchMany(store);
  return async (command, meta) => {
    // The bus validates the data against the command's schema before anything is decided.
    if (typeof command.type !== 'string') throw new DomainError('VALIDATION', 'a command needs a type');
    const [result] = await many([{ command, meta }]);
    if (!result) throw new Error(`no result for reaction ${meta.commandId}`);
    if ('refused' in result) throw result.refused;
    return result;
  };
}

/** The platform's reactor (`pnpm start` runs one leader of it), wired to the command bus. */
export function createReactor(
  store: EventStore,
  db: Kysely<Database>,
  connectionString: string,
  options: ReactorOptions = {},
): Reactor {
  return new Reactor(store, db, connectionString, 'platform', reactorRules, busDispatch(store), {
    dispatchMany: busDispatchMany(store),
    ...options,
  });
}
