import {
  applyFactsEvent,
  type DomainEvent,
  emptyFactsState,
  FACTS_EVENT_TYPES,
  type FactsState,
  parseEvent,
} from '@trackrecord/domain';
import { type EventStore, MAX_READ_PAGE, type RecordedEvent } from '@trackrecord/eventstore';

/**
 * Reading the event store for the auditors' views: the events the domain's fold reads
 * (`FACTS_EVENT_TYPES`), in global order, upcast and validated by `parseEvent`, through the
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
 * to the head as of the last page.
 */
export async function* factEvents(
  store: EventStore,
  options: { after?: bigint; upTo?: bigint; alsoTypes?: readonly string[] } = {},
): AsyncGenerator<HistoryEvent[]> {
  const types = options.alsoTypes ? new Set([...FACT_TYPES, ...options.alsoTypes]) : FACT_TYPES;
  let after = options.after ?? 0n;
  const upTo = options.upTo;
  for (;;) {
    if (upTo !== undefined && after >= upTo) return;
    const page = await store.readAll({ after, maxCount: MAX_READ_PAGE });
    const out: HistoryEvent[] = [];
    let done = page.isEnd || page.events.length === 0;
    for (const r of page.events) {
      if (upTo !== undefined && r.position > upTo) {
        done = true;
        break;
      }
      if (types.has(r.type)) out.push(toHistory(r));
    }
    if (out.length > 0) yield out;
    if (done) return;
    after = page.nextAfter;
  }
}

export const toHistory = (r: RecordedEvent): HistoryEvent => ({
  position: r.position,
  recordedAt: r.recordedAt,
  event: parseEvent(r.type, r.schemaVersion, r.data),
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
