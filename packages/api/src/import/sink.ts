import type { DomainError } from '@trackrecord/domain';
import type { EventStore } from '@trackrecord/eventstore';
import { type BatchResult, type CommandEnvelope, createDryRun, dispatchBatch } from '../commands/batch.ts';

/** One command for a sink: the command as received (validated by the sink) and its envelope. */
export interface SinkItem {
  readonly command: unknown;
  readonly envelope: CommandEnvelope;
}

export type SinkResult =
  | { readonly ok: true; readonly duplicate: boolean; readonly position: bigint | null }
  | { readonly ok: false; readonly error: DomainError };

export interface SinkOptions {
  /** All or nothing: when any command is refused, none is written. */
  readonly atomic?: boolean;
  /** Indexes of items that start a new append (see `BatchOptions.boundaries`). */
  readonly boundaries?: readonly number[];
  /** Every item's data is the output of its type's schema already (see `BatchOptions.dataValidated`). */
  readonly dataValidated?: boolean;
  /** Commands done so far: first decided (`deciding`), then written (`writing`). */
  readonly onProgress?: (done: number, total: number, phase: 'deciding' | 'writing') => void;
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

/**
 * Commands per append (one transaction) when importing; decided at most 5,000 events per
 * append. A crash loses at most the append in flight: the ones before it are whole.
 */
export const IMPORT_CHUNK = 5_000;

/**
 * The command bus's batch dispatch as a sink: the same validation, routing and deciders as
 * the API, each chunk's streams loaded at once and written with one multi-stream append.
 * Atomic calls are decided completely before anything is written; each append is prepared
 * while the one before it is written (`prepareAhead`), and sent once that one committed.
 */
export function createDispatchSink(
  store: EventStore,
  { chunkSize = IMPORT_CHUNK }: { readonly chunkSize?: number } = {},
): CommandSink {
  return async (items, options = {}) => {
    const outcome = await dispatchBatch(store, items, { chunkSize, prepareAhead: true, ...options });
    return {
      results: outcome.results.map(
        (r): SinkResult => (r.ok ? { ok: true, duplicate: r.duplicate, position: r.position } : r),
      ),
      lastPosition: outcome.lastPosition,
    };
  };
}

/**
 * A sink that writes nothing: a dry run through the same batch dispatch, deciding in memory.
 * The decisions are kept across calls, so a later file sees the rows of an earlier one
 * (payments see their sales).
 */
export function createPreviewSink(store: EventStore): CommandSink {
  const dryRun = createDryRun();
  return async (items, options = {}) => {
    const outcome = await dispatchBatch(store, items, { chunkSize: IMPORT_CHUNK, ...options, dryRun });
    return { results: outcome.results.map(toSinkResult), lastPosition: null };
  };
}

const toSinkResult = (r: BatchResult): SinkResult =>
  r.ok ? { ok: true, duplicate: r.duplicate, position: r.position } : r;
