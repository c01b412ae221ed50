import type { DomainEvent } from '../catalog.ts';
import {
  type CommissionPlan,
  commissionPeriodKey,
  commissionPlanInForce,
  DEFAULT_COMMISSION_PLAN_IN_FORCE,
  type PlanInForce,
  paymentCommission,
  refundClawback,
} from '../policy/commission.ts';

/**
 * What-if of a draft commission plan over the whole history of payments collected (回款): every
 * payment paid under the plans in force, then again with the draft as one more version, and
 * the difference in cost. The payments are paid as the commission ledger pays them once every
 * plan is known:
 *
 * - each payment under the plan in force at its business date (`commissionPlanInForce`; the
 *   demo plan before any is published);
 * - tiers counted on what the person collected earlier in that plan's period (calendar month or
 *   quarter) in the order payments were recorded, whatever their dates, reversed sales and
 *   refunds included (a payment stays in the ledger);
 * - a payment earns round(cumulative after) − round(cumulative before) (`paymentCommission`);
 * - a payment of a reversed sale earns nothing;
 * - a refund claws back what the payment earned in proportion: round(earned × refunded ÷ amount).
 *
 * Pure: the history is folded from events by `applyCommissionHistoryEvent`.
 */

/** A payment as the history holds it, in recorded order. Amounts in fen. */
export type CommissionHistoryPayment = {
  readonly paymentId: string;
  readonly saleId: string;
  readonly employeeId: string;
  readonly amount: number;
  /** Business time of the collection (`YYYY-MM-DD…`). */
  readonly collectedAt: string;
};

/** A person's branch from a business date on (hire, then transfers). */
export type BranchSpell = { readonly from: string; readonly branchId: string };

/** What the commission what-if reads of the history, folded in `$all` order. */
export type CommissionHistory = {
  /** Every payment collected, in recorded order (a payment id counts once). */
  payments: CommissionHistoryPayment[];
  /** Fen paid back per payment id, all refunds summed. */
  refunded: Record<string, number>;
  /** Ids of the sales reversed. */
  reversedSales: Record<string, true>;
  /** Per person, their branches by the business date each applies from, in date order. */
  branches: Record<string, BranchSpell[]>;
  /** Every commission plan version published, in recorded order (the demo plan not included). */
  plans: PlanInForce[];
  /** Events folded. */
  events: number;
};

export const emptyCommissionHistory = (): CommissionHistory => ({
  payments: [],
  refunded: {},
  reversedSales: {},
  branches: {},
  plans: [],
  events: 0,
});

/** The event types `applyCommissionHistoryEvent` reads; the others leave the history unchanged. */
export const COMMISSION_HISTORY_EVENT_TYPES = [
  'PaymentCollected',
  'PaymentRefunded',
  'SaleReversed',
  'CommissionPlanPublished',
  'EmployeeHired',
  'EmployeeTransferred',
] as const;

const paymentIds = new WeakMap<CommissionHistory, Set<string>>();
const idsOf = (history: CommissionHistory): Set<string> => {
  let ids = paymentIds.get(history);
  if (!ids) {
    ids = new Set(history.payments.map((p) => p.paymentId));
    paymentIds.set(history, ids);
  }
  return ids;
};

function addSpell(history: CommissionHistory, employeeId: string, spell: BranchSpell): void {
  const spells = history.branches[employeeId] ?? [];
  // After every spell from the same date or earlier: of two the same day, the later recorded wins.
  let i = spells.length;
  while (i > 0 && spells[i - 1]!.from > spell.from) i--;
  spells.splice(i, 0, spell);
  history.branches[employeeId] = spells;
}

/**
 * Folds one event (in `$all` order) into the history, mutating it. `publishedOn` is the date
 * (`YYYY-MM-DD`) a `CommissionPlanPublished` event was published, its version's effective date
 * when the plan gives none; `position` orders two versions effective the same day.
 */
export function applyCommissionHistoryEvent(
  history: CommissionHistory,
  e: { readonly position: bigint; readonly event: DomainEvent; readonly publishedOn?: string },
): void {
  const event = e.event;
  switch (event.type) {
    case 'PaymentCollected': {
      const d = event.data;
      const ids = idsOf(history);
      if (ids.has(d.paymentId)) break;
      ids.add(d.paymentId);
      history.payments.push({
        paymentId: d.paymentId,
        saleId: d.saleId,
        employeeId: d.employeeId,
        amount: d.amount,
        collectedAt: d.collectedAt,
      });
      break;
    }
    case 'PaymentRefunded':
      history.refunded[event.data.paymentId] =
        (history.refunded[event.data.paymentId] ?? 0) + event.data.amount;
      break;
    case 'SaleReversed':
      history.reversedSales[event.data.saleId] = true;
      break;
    case 'CommissionPlanPublished': {
      const plan = event.data.plan;
      const effectiveFrom = plan.effectiveFrom ?? e.publishedOn?.slice(0, 10);
      if (!effectiveFrom)
        throw new Error(
          `CommissionPlanPublished at ${e.position}: publishedOn is required when the plan has no effectiveFrom`,
        );
      history.plans.push({ plan, effectiveFrom, position: e.position });
      break;
    }
    case 'EmployeeHired':
      addSpell(history, event.data.employeeId, {
        from: event.data.hiredAt.slice(0, 10),
        branchId: event.data.branchId,
      });
      break;
    case 'EmployeeTransferred':
      addSpell(history, event.data.employeeId, {
        from: event.data.effectiveAt.slice(0, 10),
        branchId: event.data.toBranchId,
      });
      break;
    default:
      return;
  }
  history.events++;
}

/** Folds events (in `$all` order) into a new history. */
export function commissionHistoryFromEvents(
  events: Iterable<{ readonly position: bigint; readonly event: DomainEvent; readonly publishedOn?: string }>,
): CommissionHistory {
  const history = emptyCommissionHistory();
  for (const e of events) applyCommissionHistoryEvent(history, e);
  return history;
}

/** A person's branch at business date `date`: the spell in force then, else their first; null when unknown. */
export function branchAt(history: CommissionHistory, employeeId: string, date: string): string | null {
  const spells = history.branches[employeeId];
  if (!spells || spells.length === 0) return null;
  const day = date.slice(0, 10);
  let branch = spells[0]!.branchId;
  for (const s of spells) if (s.from <= day) branch = s.branchId;
  return branch;
}

/** A payment ready to be paid: what it is, plus what happened to it since. Amounts in fen. */
export type CommissionPayment = CommissionHistoryPayment & {
  /** Fen paid back to the customer (at most `amount`). */
  readonly refunded: number;
  /** The sale was reversed: the payment earns nothing. */
  readonly saleReversed: boolean;
  /** The person's branch at the payment's business date; null when unknown. */
  readonly branchId: string | null;
};

/** The payments of a history, in recorded order, with their refunds, reversals and branches. */
export function commissionPayments(history: CommissionHistory): CommissionPayment[] {
  return history.payments.map((p) => ({
    ...p,
    refunded: Math.min(p.amount, history.refunded[p.paymentId] ?? 0),
    saleReversed: history.reversedSales[p.saleId] === true,
    branchId: branchAt(history, p.employeeId, p.collectedAt),
  }));
}

/** What one payment earns under a set of plans. Amounts in fen. */
export type PaidPayment = {
  readonly payment: CommissionPayment;
  /** The version it is paid under. */
  readonly plan: CommissionPlan;
  /** Collected by the person earlier (recorded order) in that plan's period. */
  readonly collectedBefore: number;
  /** round(cumulative after) − round(cumulative before), before refunds and reversals. */
  readonly earned: number;
  /** What it costs: nothing on a reversed sale, else `earned` less the refunded share. */
  readonly commission: number;
};

/**
 * Every payment paid under `plans` (the published versions; the demo plan applies before the
 * first), in recorded order, as the commission ledger pays them: see the top of this file.
 */
export function payCommissions(
  payments: readonly CommissionPayment[],
  plans: readonly PlanInForce[],
): PaidPayment[] {
  /** Collected so far per period kind, person and period. */
  const collected = new Map<string, number>();
  const periodKey = (p: CommissionPayment, period: CommissionPlan['period']) =>
    `${period}\u0000${p.employeeId}\u0000${commissionPeriodKey(p.collectedAt, period)}`;
  return payments.map((payment) => {
    const { plan } = commissionPlanInForce(plans, payment.collectedAt) ?? DEFAULT_COMMISSION_PLAN_IN_FORCE;
    const collectedBefore = collected.get(periodKey(payment, plan.period)) ?? 0;
    for (const period of ['month', 'quarter'] as const) {
      const k = periodKey(payment, period);
      collected.set(k, (collected.get(k) ?? 0) + payment.amount);
    }
    const earned = paymentCommission(collectedBefore, payment.amount, plan);
    const commission = payment.saleReversed
      ? 0
      : earned - refundClawback(earned, payment.refunded, payment.amount);
    return { payment, plan, collectedBefore, earned, commission };
  });
}

/** Cost under the plans in force and under the draft, in fen. */
export type CommissionCost = {
  /** Commission under the plans in force. */
  readonly inForce: number;
  /** Commission with the draft as a new version. */
  readonly draft: number;
  /** `draft` − `inForce`. */
  readonly difference: number;
  /** Payments counted. */
  readonly payments: number;
};

export type BranchMonthCost = CommissionCost & {
  /** The branch of the person at the payment date; null when unknown. */
  readonly branchId: string | null;
  /** Month of the payments' business dates, `YYYY-MM`. */
  readonly month: string;
};

export type PersonCost = CommissionCost & { readonly employeeId: string };

export type CommissionWhatIf = CommissionCost & {
  /** The business date the draft applies from (`0000-01-01`: the beginning of history). */
  readonly draftFrom: string;
  /** Payments whose commission differs under the draft. */
  readonly paymentsChanged: number;
  /** Per branch and month, by branch (unknown last) then month. */
  readonly byBranchMonth: BranchMonthCost[];
  /** People paid more under the draft, most first (at most `extremes`). */
  readonly gains: PersonCost[];
  /** People paid less under the draft, most first (at most `extremes`). */
  readonly losses: PersonCost[];
};

/** The beginning of history: a draft without an effective date applies to every payment. */
export const BEGINNING_OF_HISTORY = '0000-01-01';

/**
 * The cost of a draft commission plan over `payments` (recorded order): paid under the plans in
 * force (`plansInForce`, the published versions), then with `draft` as a new version effective
 * from its `effectiveFrom` (the beginning of history when absent) that pays every payment dated
 * from then on: it wins over the versions effective the same day or later. Per branch and month
 * (the person's branch at the payment date) and, per person, the `extremes` largest gains and
 * losses.
 */
export function commissionWhatIf(
  payments: readonly CommissionPayment[],
  plansInForce: readonly PlanInForce[],
  draft: CommissionPlan,
  options: { extremes?: number } = {},
): CommissionWhatIf {
  const extremes = options.extremes ?? 5;
  const draftFrom = draft.effectiveFrom ?? BEGINNING_OF_HISTORY;
  let last = 0n; // the latest publication's position (bigint: no Math.max)
  for (const p of plansInForce) if (p.position > last) last = p.position;
  const before = payCommissions(payments, plansInForce);
  // The versions effective before the draft's date still pay what is dated before it.
  const after = payCommissions(payments, [
    ...plansInForce.filter((p) => p.effectiveFrom < draftFrom),
    { plan: draft, effectiveFrom: draftFrom, position: last + 1n },
  ]);
  const total = { inForce: 0, draft: 0, difference: 0, payments: 0 };
  const branches = new Map<string, BranchMonthCost & { inForce: number; draft: number; payments: number }>();
  const people = new Map<string, { employeeId: string; inForce: number; draft: number; payments: number }>();
  let paymentsChanged = 0;
  const add = (c: { inForce: number; draft: number; payments: number }, was: number, now: number) => {
    c.inForce += was;
    c.draft += now;
    c.payments += 1;
  };
  before.forEach((b, i) => {
    const was = b.commission;
    const now = after[i]!.commission;
    const p = b.payment;
    if (was !== now) paymentsChanged++;
    add(total, was, now);
    const month = p.collectedAt.slice(0, 7);
    const bk = `${p.branchId ?? ''}\u0000${month}`;
    let branch = branches.get(bk);
    if (!branch) {
      branch = { branchId: p.branchId, month, inForce: 0, draft: 0, difference: 0, payments: 0 };
      branches.set(bk, branch);
    }
    add(branch, was, now);
    let person = people.get(p.employeeId);
    if (!person) {
      person = { employeeId: p.employeeId, inForce: 0, draft: 0, payments: 0 };
      people.set(p.employeeId, person);
    }
    add(person, was, now);
  });
  const withDifference = <T extends { inForce: number; draft: number }>(c: T) => ({
    ...c,
    difference: c.draft - c.inForce,
  });
  const byBranchMonth = [...branches.values()].map(withDifference).sort((a, b) => {
    if (a.branchId !== b.branchId) {
      if (a.branchId === null) return 1;
      if (b.branchId === null) return -1;
      return a.branchId < b.branchId ? -1 : 1;
    }
    return a.month < b.month ? -1 : a.month > b.month ? 1 : 0;
  });
  const perPerson = [...people.values()].map(withDifference);
  const byId = (a: PersonCost, b: PersonCost) => (a.employeeId < b.employeeId ? -1 : 1);
  return {
    ...withDifference(total),
    draftFrom,
    paymentsChanged,
    byBranchMonth,
    gains: perPerson
      .filter((p) => p.difference > 0)
      .sort((a, b) => b.difference - a.difference || byId(a, b))
      .slice(0, extremes),
    losses: perPerson
      .filter((p) => p.difference < 0)
      .sort((a, b) => a.difference - b.difference || byId(a, b))
      .slice(0, extremes),
  };
}
