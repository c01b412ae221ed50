import {
  applyFactsEvent,
  type DomainEvent,
  dateOf,
  businessTimeOf as declaredBusinessTime,
  emptyFactsState,
  eventDefinition,
  FACTS_EVENT_TYPES,
  type FactsState,
} from '@trackrecord/domain';
import {
  type DataEvent,
  type DataPage,
  type EventStore,
  MAX_READ_PAGE,
  readAllDataOf,
} from '@trackrecord/eventstore';
import { EVENT_OF_KIND, type PolicyKind } from './policies.ts';
import {
  type AuditRunning,
  copyFactsState,
  emptyRunning,
  encodeFold,
  type FoldSnapshots,
  type FoldWindow,
} from './snapshots.ts';

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
  // No more than the positions up to `upTo` can hold (positions grow by at least one per event).
  const count = (after: bigint) =>
    upTo === undefined || upTo - after >= BigInt(MAX_READ_PAGE) ? MAX_READ_PAGE : Number(upTo - after);
  // Without the columns a fold never reads (stream, revision, id, metadata), where the store can.
  let next: Promise<DataPage> | null = readAllDataOf(store, { after: start, maxCount: count(start) });
  while (next) {
    const page: DataPage = await next;
    const reachedEnd =
      page.isEnd || page.events.length === 0 || (upTo !== undefined && page.nextAfter >= upTo);
    next = reachedEnd
      ? null
      : readAllDataOf(store, { after: page.nextAfter, maxCount: count(page.nextAfter) });
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
export const toHistory = (r: DataEvent): HistoryEvent => ({
  position: r.position,
  recordedAt: r.recordedAt,
  event: { type: r.type, data: eventDefinition(r.type).upcast(r.schemaVersion, r.data) } as DomainEvent,
});

/** A fold in progress: the domain's state and the audit's running values beside it. */
export interface AuditFold {
  readonly state: FactsState;
  readonly running: AuditRunning;
}

const CORRECTIONS = new Set(['SaleReversed', 'SaleCorrected']);
/**
 * The business time an event states, if any (the catalog's field), except for corrections:
 * they are handled apart, and their time does not move the audit's business clock.
 */
function businessTimeOf(event: DomainEvent): string | undefined {
  return CORRECTIONS.has(event.type) ? undefined : declaredBusinessTime(event.type, event.data);
}
const PUBLISHED: Record<string, PolicyKind> = {
  ScoringPolicyPublished: 'scoring',
  LadderPublished: 'ladder',
  CommissionPlanPublished: 'commission',
  RetentionModelPublished: 'retention',
};
/** Read beside the fact events: the bitemporal view lists the commission plan in force. */
export const ALSO_READ = ['CommissionPlanPublished'] as const;

/**
 * Folds one event (a fact event or a commission plan publication) unless `window` leaves it
 * out; true when folded. Inside a window an event counts when recorded by `at` and, with a
 * business date, when it happened by then (its own business time, else the latest business
 * date recorded before it), or when it reverses or corrects a sale (whenever recorded).
 */
export function foldEvent(fold: AuditFold, e: HistoryEvent, window?: FoldWindow): boolean {
  const r = fold.running;
  if (window && e.recordedAt > window.at) return false;
  const event = e.event;
  const stated = businessTimeOf(event);
  if (stated && dateOf(stated) > r.businessClock) r.businessClock = dateOf(stated);
  if (window && window.businessDate !== null && !CORRECTIONS.has(event.type)) {
    const when = stated ? dateOf(stated) : r.businessClock;
    if (when > window.businessDate) return false;
  }
  const position = e.position.toString();
  r.allEvents++;
  r.lastPosition = position;
  const recorded = e.recordedAt.toISOString();
  if (r.maxRecordedAt === null || recorded > r.maxRecordedAt) r.maxRecordedAt = recorded;
  if (event.type === 'EmployeeHired') r.branches[event.data.employeeId] = event.data.branchId;
  if (event.type === 'EmployeeTransferred') r.branches[event.data.employeeId] = event.data.toBranchId;
  const kind = PUBLISHED[event.type];
  if (kind) {
    const doc = Object.values(event.data)[0] as { id: string; version: number; name?: string };
    const branchId = (event.data as { branchId?: string }).branchId ?? null;
    const inForce = {
      id: doc.id,
      kind: EVENT_OF_KIND[kind],
      // A retention model has no name of its own: its id names it (as in the policies read model).
      name: doc.name ?? doc.id,
      version: doc.version,
      publishedAt: recorded,
      document: doc,
      position,
      branchId,
    };
    // A branch's variant is in force for that branch's people only (beside the default).
    if (branchId === null) r.policies[kind] = inForce;
    else r.variants[`${kind}:${branchId}`] = inForce;
  }
  if (event.type === 'PolicyVariantWithdrawn') {
    const key = `${event.data.kind}:${event.data.branchId}`;
    if (r.variants[key]?.id === event.data.policyId) delete r.variants[key];
  }
  if (event.type !== 'CommissionPlanPublished') {
    r.factEvents++;
    applyFactsEvent(fold.state, e);
  }
  return true;
}

/**
 * Folds the events in (`after`, `upTo`] into `fold` (mutating it), inside `window` when given.
 * With `snapshots`, stores a snapshot at each boundary while the fold is still the fold of
 * every event so far (no event left out by the window).
 */
export async function foldOn(
  store: EventStore,
  fold: AuditFold,
  options: { after: bigint; upTo?: bigint; window?: FoldWindow; snapshots?: FoldSnapshots | null },
): Promise<void> {
  const snapshots = options.snapshots ?? null;
  let whole = true;
  const monthOf = () => fold.state.global.clock?.slice(0, 7) ?? '';
  let month = monthOf();
  let since = 0;
  for await (const page of factEvents(store, {
    after: options.after,
    ...(options.upTo !== undefined ? { upTo: options.upTo } : {}),
    alsoTypes: ALSO_READ,
  })) {
    for (const e of page) {
      if (!foldEvent(fold, e, options.window)) whole = false;
      else since++;
      if (!snapshots || !whole) continue;
      const now = monthOf();
      if (now !== month || since >= snapshots.every) {
        month = now;
        since = 0;
        snapshots.save(e.position, { ...fold.running }, encodeFold(fold.state, fold.running));
        // Compressing and writing go on while the fold does; a few at a time at most.
        await snapshots.backlog(2);
      }
    }
  }
}

/** A fold state at a position, with how many events it folded. */
export interface FoldAt extends AuditFold {
  readonly position: bigint;
  readonly events: number;
}

/**
 * Folds of `$all` up to a position, continued from the nearest earlier snapshot instead of
 * from the start: the history up to a position never changes (append-only), so a snapshot is
 * valid forever. A handful are kept in memory, the least recently used dropped first; with a
 * snapshot store (`FoldSnapshots`), the nearest stored snapshot is used when it is nearer,
 * and the fold stores new ones as it passes their boundaries. The states handed out are the
 * cached ones themselves: callers read them and never mutate them (a fold continued from a
 * cached one works on a deep copy, `copyFactsState`).
 */
export class FoldCache {
  private snapshots: FoldAt[] = [];
  constructor(
    private readonly store: EventStore,
    private readonly keep = 4,
  ) {}

  /** The fold of every fact event at or before `position` (at most the head). Read-only. */
  async at(wanted: bigint, stored: FoldSnapshots | null = null): Promise<FoldAt> {
    // Never beyond the head: a snapshot must not miss events appended after it was taken.
    const head = await this.store.headPosition();
    const position = wanted < head ? wanted : head;
    const base = this.nearest(position);
    if (base && base.position === position) {
      this.touch(base);
      return base;
    }
    const loaded = stored ? await stored.nearest(position, base ? { after: base.position } : {}) : null;
    const fold: AuditFold = loaded
      ? { state: loaded.state, running: loaded.running }
      : base
        ? { state: copyFactsState(base.state), running: structuredClone(base.running) }
        : { state: emptyFactsState(), running: emptyRunning() };
    const from = loaded?.position ?? base?.position ?? 0n;
    await foldOn(this.store, fold, { after: from, upTo: position, snapshots: stored });
    const result: FoldAt = { ...fold, position, events: fold.running.factEvents };
    this.snapshots.push(result);
    if (this.snapshots.length > this.keep) this.snapshots.shift();
    return result;
  }

  /** The cached fold nearest at or before `position`. */
  nearest(position: bigint, window?: FoldWindow): FoldAt | undefined {
    return this.snapshots
      .filter((s) => s.position <= position && (!window || inside(s.running, window)))
      .reduce<FoldAt | undefined>((best, s) => (!best || s.position > best.position ? s : best), undefined);
  }

  private touch(s: FoldAt) {
    this.snapshots = [...this.snapshots.filter((x) => x !== s), s];
  }
}

/** True when every event folded into a fold with these running values lies inside `window`. */
export const inside = (r: AuditRunning, window: FoldWindow): boolean =>
  (r.maxRecordedAt === null || new Date(r.maxRecordedAt) <= window.at) &&
  (window.businessDate === null || r.businessClock <= window.businessDate);

/**
 * Brings the stored snapshots up to the head, and the head's fold into this process's cache:
 * what the first audit query would otherwise do. `pnpm start` runs it in the background once
 * the read models and reactors have caught up; a store whose snapshots are current folds only
 * the events after the last one.
 */
export async function warmFoldSnapshots(
  store: EventStore,
  snapshots: FoldSnapshots,
): Promise<{ stored: number; position: bigint; ms: number }> {
  const started = performance.now();
  const before = snapshots.written;
  const fold = await foldCacheFor(store).at(await store.headPosition(), snapshots);
  await snapshots.flush();
  if (snapshots.errors.length > 0) throw snapshots.errors[0];
  return { stored: snapshots.written - before, position: fold.position, ms: performance.now() - started };
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
