import {
  applyFactsEvent,
  type DomainEvent,
  emptyFactsState,
  eventDefinition,
  FACTS_EVENT_TYPES,
  type FactsState,
} from '@trackrecord/domain';
import { type AllPage, type EventStore, MAX_READ_PAGE, type RecordedEvent } from '@trackrecord/eventstore';

/**
 * Reading the event store for the auditors' views: the events the domain's fold reads
 * (`FACTS_EVENT_TYPES`), in global order, upcast to their current schema version, through the
 * port only (`readAll`), so it works on every adapter.
 */

/** A fold input with what the bitemporal view needs: when the store recorded it. */
export interface HistoryEvent {
  readonly position: bigint;
  readonly recordedAt: Date;
  readonly event: DomainEvent;
}

const FACT_TYPES: ReadonlySet<string> = new Set(FACTS_EVENT_TYPES);

/**
 * Every fact event with a position in (`after`, `upTo`], page by page. `upTo` undefined reads
 * to the head as of the last page. The next page is read while the caller folds the current
 * one (reading and folding take about as long each).
 */
export async function* factEvents(
  store: EventStore,
  options: { after?: bigint; upTo?: bigint; alsoTypes?: readonly string[] } = {},
): AsyncGenerator<HistoryEvent[]> {
  const types = options.alsoTypes ? new Set([...FACT_TYPES, ...options.alsoTypes]) : FACT_TYPES;
  const upTo = options.upTo;
  const start = options.after ?? 0n;
  if (upTo !== undefined && start >= upTo) return;
  let next: Promise<AllPage> | null = store.readAll({ after: start, maxCount: MAX_READ_PAGE });
  while (next) {
    const page: AllPage = await next;
    const reachedEnd =
      page.isEnd || page.events.length === 0 || (upTo !== undefined && page.nextAfter >= upTo);
    next = reachedEnd ? null : store.readAll({ after: page.nextAfter, maxCount: MAX_READ_PAGE });
    const out: HistoryEvent[] = [];
    for (const r of page.events) {
      if (upTo !== undefined && r.position > upTo) break;
      if (types.has(r.type)) out.push(toHistory(r));
    }
    if (out.length > 0) yield out;
  }
}

/**
 * A stored event as the fold reads it: upcast to the current schema version. Not validated
 * again: every event was validated against its schema before it was appended (command bus,
 * import, webhooks all go through the deciders), and re-validating 400,000 events would double
 * the replay (`parseEvent` is kept for the few events read outside the fold).
 */
export const toHistory = (r: RecordedEvent): HistoryEvent => ({
  position: r.position,
  recordedAt: r.recordedAt,
  event: { type: r.type, data: eventDefinition(r.type).upcast(r.schemaVersion, r.data) } as DomainEvent,
});

/** A fold state at a position, with how many events it folded. */
export interface FoldAt {
  readonly state: FactsState;
  readonly position: bigint;
  readonly events: number;
}

/**
 * Folds of `$all` up to a position, continued from the nearest earlier snapshot instead of
 * from the start: the history up to a position never changes (append-only), so a snapshot is
 * valid forever. A handful are kept, the least recently used dropped first. The states handed
 * out are the snapshots themselves: callers read them and never mutate them (a fold continued
 * from a snapshot works on a deep copy, `structuredClone`).
 */
export class FoldCache {
  private snapshots: FoldAt[] = [];
  constructor(
    private readonly store: EventStore,
    private readonly keep = 4,
  ) {}

  /** The fold of every fact event at or before `position` (at most the head). Read-only. */
  async at(wanted: bigint): Promise<FoldAt> {
    // Never beyond the head: a snapshot must not miss events appended after it was taken.
    const head = await this.store.headPosition();
    const position = wanted < head ? wanted : head;
    const base = this.snapshots
      .filter((s) => s.position <= position)
      .reduce<FoldAt | undefined>((best, s) => (!best || s.position > best.position ? s : best), undefined);
    if (base && base.position === position) {
      this.touch(base);
      return base;
    }
    const state = base ? structuredClone(base.state) : emptyFactsState();
    let events = base?.events ?? 0;
    for await (const page of factEvents(this.store, { after: base?.position ?? 0n, upTo: position })) {
      for (const e of page) applyFactsEvent(state, e);
      events += page.length;
    }
    const result: FoldAt = { state, position, events };
    this.snapshots.push(result);
    if (this.snapshots.length > this.keep) this.snapshots.shift();
    return result;
  }

  private touch(s: FoldAt) {
    this.snapshots = [...this.snapshots.filter((x) => x !== s), s];
  }
}

const caches = new WeakMap<EventStore, FoldCache>();
/** One fold cache per store (per process). */
export function foldCacheFor(store: EventStore): FoldCache {
  let cache = caches.get(store);
  if (!cache) {
    cache = new FoldCache(store);
    caches.set(store, cache);
  }
  return cache;
}
