import type { RecordedEvent } from '@trackrecord/eventstore';
import type { Kysely } from 'kysely';

/**
 * A read model: the tables it alone writes, in schema `read`, and how events change them.
 *
 * `apply` receives a Kysely bound to the runner's transaction and to the schema it must
 * write (`read` when live, a scratch schema during a rebuild): use unqualified table names.
 * It must be deterministic in the events: a rebuild replays them and must arrive at the
 * same rows.
 */
export interface Projection<DB = unknown> {
  readonly name: string;
  /** Bump when `apply` changes meaning: a runner that finds another version rebuilds. */
  readonly version: string;
  readonly tables: readonly string[];
  /** Event types `apply` cares about; the others still advance the checkpoint. All when omitted. */
  readonly eventTypes?: readonly string[];
  apply(db: Kysely<DB>, events: readonly RecordedEvent[], context?: ApplyContext): Promise<void>;
  /**
   * With `context.rebuilding`, `apply` may leave out rows that are a function of the state its
   * tables hold (and would be rewritten batch after batch); this writes them, once, after the
   * rebuild's last batch and before the swap, into the scratch tables. A resumed rebuild calls
   * it again, so it must replace what it writes.
   */
  finishRebuild?(db: Kysely<DB>): Promise<void>;
}

/** How `apply` is called. */
export interface ApplyContext {
  /** A batch of a rebuild's pass over `$all`, before `finishRebuild` (never the swap's tail). */
  readonly rebuilding?: boolean;
}

export function relevantEvents(
  projection: Pick<Projection, 'eventTypes'>,
  events: readonly RecordedEvent[],
): RecordedEvent[] {
  if (!projection.eventTypes) return [...events];
  const wanted = new Set(projection.eventTypes);
  return events.filter((e) => wanted.has(e.type));
}
