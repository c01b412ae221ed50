import type { DomainCommand, DomainEvent } from '@trackrecord/domain';
import type { EventStore } from '@trackrecord/eventstore';
import { type CommandEnvelope, dispatchBatch } from './batch.ts';

export type { DomainCommand };

/** What one dispatched command did. */
export interface HandledCommand {
  /** Its events (for a duplicate, the ones it produced the first time). */
  readonly events: readonly DomainEvent[];
  /** Where its events are in `$all`; undefined when it produced none. */
  readonly result:
    | { readonly positions: readonly bigint[]; readonly lastPosition: bigint; readonly appended: boolean }
    | undefined;
  /** `true` when the command had been handled before and nothing new was written. */
  readonly duplicate: boolean;
}

export interface DispatchOptions {
  /**
   * The data is already the output of its type's schema (a webhook checks it to name the
   * wrong field): only the plausibility rules and the envelope are checked.
   */
  readonly dataValidated?: boolean;
}

/**
 * One command through the command pipeline: a batch of one (see `dispatchBatch`). It is
 * validated, routed, its stream and the employees' streams its decider needs are read at
 * once, it is decided (idempotent by commandId) and appended; a concurrent writer makes it
 * decide again. A refusal (validation or a domain rule) is thrown as the DomainError.
 */
export async function dispatch(
  store: EventStore,
  command: DomainCommand | { readonly type: string; readonly data: unknown },
  envelope: CommandEnvelope,
  options: DispatchOptions = {},
): Promise<HandledCommand> {
  const outcome = await dispatchBatch(
    store,
    [{ command: { type: command.type, data: command.data }, envelope }],
    {
      dataValidated: options.dataValidated === true,
    },
  );
  const handled = outcome.results[0]!;
  if (!handled.ok) throw handled.error;
  const { events, duplicate, positions } = handled;
  const lastPosition = positions[positions.length - 1];
  return {
    events,
    duplicate,
    result: lastPosition === undefined ? undefined : { positions, lastPosition, appended: !duplicate },
  };
}
