import {
  applyCommissionHistoryEvent,
  COMMISSION_HISTORY_EVENT_TYPES,
  type CommissionHistory,
  type CommissionPlan,
  type CommissionWhatIf,
  commissionPayments,
  commissionWhatIf,
  emptyCommissionHistory,
} from '@trackrecord/domain';
import { type AllPage, type EventStore, MAX_READ_PAGE } from '@trackrecord/eventstore';
import { eventTime } from '@trackrecord/projections';
import { toHistory } from './history.ts';

/**
 * The commission what-if's history: payments, refunds, reversals, plan publications and the
 * branch moves, read from `$all` through the port (one pass over those event types only) and
 * folded by the domain (`applyCommissionHistoryEvent`). The fold state of the audit views
 * (`factsFold`) keeps no payment-level history, so it is read apart; `$all` is append-only, so
 * each store's history is kept in memory and later calls read only the events appended since.
 */

const TYPES: readonly string[] = COMMISSION_HISTORY_EVENT_TYPES;

interface Cached {
  history: CommissionHistory;
  position: bigint;
}
const cached = new WeakMap<EventStore, Cached>();
/** The fold in progress per store: concurrent calls wait for it instead of folding twice. */
const pending = new WeakMap<EventStore, Promise<Cached>>();

async function advance(store: EventStore, from: Cached, upTo: bigint): Promise<Cached> {
  const history = from.history;
  let after = from.position;
  while (after < upTo) {
    // Those types only: the store skips the rest (about nineteen events in twenty on the demo).
    const page: AllPage = await store.readAll({ after, maxCount: MAX_READ_PAGE, types: TYPES });
    for (const r of page.events) {
      if (r.position > upTo) break;
      const e = toHistory(r);
      applyCommissionHistoryEvent(history, {
        position: r.position,
        event: e.event,
        ...(r.type === 'CommissionPlanPublished' ? { publishedOn: eventTime(r).slice(0, 10) } : {}),
      });
      after = r.position;
    }
    if (page.isEnd || page.events.length === 0) break;
    after = page.nextAfter < upTo ? page.nextAfter : upTo;
  }
  return { history, position: upTo };
}

/** The commission history of `$all` up to the head, and the head it was read to. */
export async function commissionHistoryOf(
  store: EventStore,
): Promise<{ history: CommissionHistory; position: bigint }> {
  for (;;) {
    const running = pending.get(store);
    if (running) {
      await running.catch(() => undefined);
      continue;
    }
    const head = await store.headPosition();
    const known = cached.get(store) ?? { history: emptyCommissionHistory(), position: 0n };
    if (known.position >= head) return known;
    const next = advance(store, known, head);
    pending.set(store, next);
    try {
      const done = await next;
      cached.set(store, done);
      return done;
    } catch (error) {
      // A failed read leaves a partly folded history behind: start over next time.
      cached.delete(store);
      throw error;
    } finally {
      pending.delete(store);
    }
  }
}

/** The cost of `draft` against the plans in force over the whole history; appends nothing. */
export async function simulateCommission(
  store: EventStore,
  draft: CommissionPlan,
): Promise<CommissionWhatIf & { basePosition: bigint; paymentsRead: number }> {
  const { history, position } = await commissionHistoryOf(store);
  const outcome = commissionWhatIf(commissionPayments(history), history.plans, draft);
  return { ...outcome, basePosition: position, paymentsRead: history.payments.length };
}
