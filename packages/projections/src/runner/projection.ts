import type { DomainEvent } from '@trackrecord/domain';
import type { RecordedEvent } from '@trackrecord/eventstore';
import type { Kysely } from 'kysely';
import { parseRecorded } from './parse.ts';

/** The type names of the event catalog. */
export type EventType = DomainEvent['type'];
/** The domain event of type `T`. */
export type EventOfType<T extends EventType> = Extract<DomainEvent, { type: T }>;

/**
 * A stored event as a projection receives it: where it sits in `$all`, its metadata, and
 * `event`, the domain event upcast and validated once for every projection (read lazily, so a
 * projection that only needs the position of events it does not handle pays nothing), typed by
 * the projection's `eventTypes`.
 */
export interface Projected<E extends DomainEvent = DomainEvent> extends RecordedEvent {
  readonly event: E;
}

const projectedOf = new WeakMap<RecordedEvent, Projected>();

/** The {@link Projected} view of a stored event: one object per event, shared by every projection. */
export function projected(recorded: RecordedEvent): Projected {
  let view = projectedOf.get(recorded);
  if (!view) {
    view = { ...recorded } as Projected;
    Object.defineProperty(view, 'event', { get: () => parseRecorded(recorded), enumerable: false });
    projectedOf.set(recorded, view);
  }
  return view;
}

/**
 * A read model: the tables it alone writes, in schema `read`, and how events change them.
 *
 * `apply` receives a Kysely bound to the runner's transaction and to the schema it must
 * write (`read` when live, a scratch schema during a rebuild): use unqualified table names.
 * It must be deterministic in the events: a rebuild replays them and must arrive at the
 * same rows.
 */
export interface Projection<DB = unknown, T extends EventType = EventType> {
  readonly name: string;
  /** Bump when `apply` changes meaning: a runner that finds another version rebuilds. */
  readonly version: string;
  readonly tables: readonly string[];
  /**
   * Event types `apply` handles: it receives only those, typed; the others still advance the
   * checkpoint. All, typed as any domain event, when omitted.
   */
  readonly eventTypes?: readonly T[];
  apply(db: Kysely<DB>, events: readonly Projected<EventOfType<T>>[], context?: ApplyContext): Promise<void>;
  /**
   * With `context.rebuilding`, `apply` may leave out rows that are a function of the state its
   * tables hold (and would be rewritten batch after batch); this writes them, once, after the
   * rebuild's last batch and before the swap, into the scratch tables. A resumed rebuild calls
   * it again, so it must replace what it writes.
   */
  finishRebuild?(db: Kysely<DB>): Promise<void>;
}

/**
 * A projection whatever event types it handles: what runners, rebuilds and registries take.
 * The runner hands each projection only the events of its `eventTypes`, so its narrower
 * `apply` is sound; TypeScript cannot see that through `Extract`, hence `any` here alone.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above; the one place a projection's event types are erased.
export type AnyProjection<DB = unknown> = Projection<DB, any>;

/** How `apply` is called. */
export interface ApplyContext {
  /** A batch of a rebuild's pass over `$all`, before `finishRebuild` (never the swap's tail). */
  readonly rebuilding?: boolean;
  /**
   * With `rebuilding`: one rebuild's pass of this projection, the same object for all its
   * batches (in order, each after the one before committed, unless a batch failed). A
   * projection may keep what it computed in memory between them, keyed by it (a `WeakMap`).
   */
  readonly pass?: object;
}

/** The events of a batch a projection handles, as it receives them. */
export function relevantEvents(
  projection: { readonly eventTypes?: readonly string[] | undefined },
  events: readonly RecordedEvent[],
): Projected[] {
  if (!projection.eventTypes) return events.map(projected);
  const wanted = new Set<string>(projection.eventTypes);
  const out: Projected[] = [];
  for (const e of events) if (wanted.has(e.type)) out.push(projected(e));
  return out;
}
