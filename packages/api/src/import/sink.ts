import { DomainError, parseCommand, streamOf } from '@trackrecord/domain';
import type { EventStore } from '@trackrecord/eventstore';
import { dispatch } from '../commands/bus.ts';
import { commandEventId } from '../commands/eventIds.ts';
import type { CommandEnvelope } from '../commands/handle.ts';
import { StagedEventStore } from './staging.ts';

/** One command for a sink: the command as received (validated by the sink) and its envelope. */
export interface SinkItem {
  readonly command: unknown;
  readonly envelope: Omit<CommandEnvelope<unknown>, 'command'>;
}

export type SinkResult =
  | { readonly ok: true; readonly duplicate: boolean; readonly position: bigint | null }
  | { readonly ok: false; readonly error: DomainError };

export interface SinkOptions {
  /** All or nothing: when any command is refused, none is written. */
  readonly atomic?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SinkOutcome {
  /** One result per item, in order. In an atomic call with a refusal, `ok: true` means "would be accepted". */
  readonly results: SinkResult[];
  /** `$all` position of the last event written; null when nothing was written. */
  readonly lastPosition: bigint | null;
}

/**
 * Where the importer sends its commands. The shape of the command bus's batch dispatch
 * (`dispatchBatch(store, items, options)`), so that it can be passed in directly.
 */
export type CommandSink = (items: readonly SinkItem[], options?: SinkOptions) => Promise<SinkOutcome>;

const metadataOf = (envelope: SinkItem['envelope']) => ({
  commandId: envelope.commandId,
  at: envelope.at.toISOString(),
  actor: envelope.actor,
  source: envelope.source,
  ...(envelope.correlationId ? { correlationId: envelope.correlationId } : {}),
  ...(envelope.causationId ? { causationId: envelope.causationId } : {}),
});

/** The item's command, validated with its envelope as metadata (throws a VALIDATION DomainError). */
function commandOf(item: SinkItem) {
  const input = item.command as { type?: unknown; data?: unknown } | null;
  return parseCommand({ type: String(input?.type), data: input?.data, metadata: metadataOf(item.envelope) });
}

const EMPLOYEE_FIELDS = ['employeeId', 'menteeId', 'mentorId', 'helpedEmployeeId'] as const;

/**
 * Runs every item through `dispatch` against a staged store: the real validation, contexts
 * and deciders, each command seeing the ones before it, nothing written yet. Returns the
 * staged store and a result per item (positions are filled in at commit).
 */
async function stage(
  staged: StagedEventStore,
  items: readonly SinkItem[],
  onProgress?: (done: number, total: number) => void,
): Promise<{ results: (SinkResult & { events?: number })[]; refused: number }> {
  const results: (SinkResult & { events?: number })[] = [];
  const parsed = items.map((item) => {
    try {
      return commandOf(item);
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
  });
  // Warm the cache: the streams the commands are decided on and the people they name.
  const streams = new Set<string>();
  for (const command of parsed) {
    if (command instanceof DomainError) continue;
    streams.add(streamOf(command));
    const data = command.data as Record<string, unknown>;
    for (const field of EMPLOYEE_FIELDS) {
      if (typeof data[field] === 'string') streams.add(`employee-${data[field]}`);
    }
  }
  await staged.prefetch(streams);
  let refused = 0;
  for (const [i, command] of parsed.entries()) {
    const item = items[i] as SinkItem;
    if (command instanceof DomainError) {
      results.push({ ok: false, error: command });
      refused++;
    } else {
      try {
        const handled = await dispatch(staged, command, item.envelope);
        results.push({
          ok: true,
          duplicate: handled.duplicate,
          position: null,
          events: handled.duplicate ? 0 : handled.events.length,
        });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        results.push({ ok: false, error });
        refused++;
      }
    }
    if ((i + 1) % 1000 === 0 || i + 1 === items.length) onProgress?.(i + 1, items.length);
  }
  return { results, refused };
}

/**
 * A sink over `dispatch`, until the bus has a batch dispatch. Atomic calls are decided on a
 * staged store first and written only when every command is accepted; non-atomic calls
 * dispatch one command after the other on the real store.
 */
export function createDispatchSink(store: EventStore): CommandSink {
  return async (items, options = {}) => {
    if (!options.atomic) {
      const results: SinkResult[] = [];
      let lastPosition: bigint | null = null;
      for (const [i, item] of items.entries()) {
        try {
          const handled = await dispatch(store, commandOf(item), item.envelope);
          const position = handled.result?.lastPosition ?? null;
          if (position !== null && !handled.duplicate) lastPosition = position;
          results.push({ ok: true, duplicate: handled.duplicate, position });
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          results.push({ ok: false, error });
        }
        if ((i + 1) % 100 === 0 || i + 1 === items.length) options.onProgress?.(i + 1, items.length);
      }
      return { results, lastPosition };
    }
    const staged = new StagedEventStore(store);
    const { results, refused } = await stage(staged, items, (done, total) =>
      options.onProgress?.(Math.floor(done / 2), total),
    );
    if (refused > 0)
      return { results: results.map(({ events: _, ...r }) => r as SinkResult), lastPosition: null };
    const positions = await staged.commit((written, total) =>
      options.onProgress?.(
        Math.floor(items.length / 2 + (written / Math.max(total, 1)) * (items.length / 2)),
        items.length,
      ),
    );
    let lastPosition: bigint | null = null;
    const final = results.map((result, i): SinkResult => {
      if (!result.ok || !result.events)
        return result.ok ? { ok: true, duplicate: result.duplicate, position: null } : result;
      const { envelope } = items[i] as SinkItem;
      const position =
        positions.get(commandEventId(envelope.commandId, envelope.at, result.events - 1)) ?? null;
      if (position !== null && (lastPosition === null || position > lastPosition)) lastPosition = position;
      return { ok: true, duplicate: false, position };
    });
    options.onProgress?.(items.length, items.length);
    return { results: final, lastPosition };
  };
}

/**
 * A sink that writes nothing: a dry run. Commands are decided on one staged store kept
 * across calls, so a later file sees the rows of an earlier one (payments see their sales).
 */
export function createPreviewSink(store: EventStore): CommandSink {
  const staged = new StagedEventStore(store);
  return async (items, options = {}) => {
    const { results } = await stage(staged, items, options.onProgress);
    return { results: results.map(({ events: _, ...r }) => r as SinkResult), lastPosition: null };
  };
}
