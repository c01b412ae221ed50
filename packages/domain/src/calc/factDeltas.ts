import type { DomainEvent } from '../catalog.ts';
import { dateOf, mondayOf, monthEnd } from '../core/calendar.ts';
import type { PersonPeriodFacts } from './facts.ts';

/**
 * What one event adds to a person's period facts, written once for every reader: the facts
 * fold (`applyFactsEvent`, per calendar month) and the KPI facts read model (per month and per
 * week) both apply these deltas, each to its own representation.
 *
 * - A **summed fact** is a count or sum (`deals`, `expenses`…): a delta adds to it.
 * - A **rated fact** is a series of ratings (customer feedback, 360 feedback): a delta is one
 *   more rating. The facts keep the ratings; a counter keeps their sum and count.
 * - The **KPI counters** are the additive view of a period's facts: the summed facts and each
 *   rated fact's sum and count ({@link kpiCountersOf}). Counters of periods add up.
 *
 * Definitions:
 * - A sale counts in the period of its close (`closedAt`), a reversal takes it back there, a
 *   correction replaces it there.
 * - **Collected** (回款, `collectedAmount`): payments dated on or before the end of the sale's
 *   period count toward it, at most the sale's amount; a reversed sale's collection counts no
 *   more. A refund (`PaymentRefunded`) is cash going back: dated on or before the end of the
 *   sale's period, it takes its amount off what was paid by then (through the same
 *   {@link collectedChange}, with a negative amount); dated later, it leaves the closed period
 *   as it was, as a late payment does ({@link cashOf}, {@link paidByMonthEnd},
 *   {@link paidByWeekEnd}). The cash received in a period (`collected_in_period` of the read
 *   models) is the payments less the refunds dated in it.
 * - **Gross margin** of a sale: its amount × its gross margin fraction, rounded to the fen.
 * - An activity counts in the period of its business time (`at`).
 */

/** Summed facts: the counter's name, and the field of {@link PersonPeriodFacts} it adds to. */
const SUMMED = {
  salesAmount: 'salesAmount',
  deals: 'deals',
  grossMargin: 'grossMarginAmount',
  collected: 'collectedAmount',
  newCustomers: 'newCustomers',
  followUps: 'followUps',
  demos: 'demos',
  opportunities: 'validOpportunities',
  customersRetained: 'customersRetained',
  customersChurned: 'customersChurned',
  collaborationCredits: 'collaborationCredits',
  expenses: 'expenses',
} as const satisfies Record<string, keyof PersonPeriodFacts>;
export type SummedFact = keyof typeof SUMMED;

/** Rated facts: the counters' stem, and the ratings of {@link PersonPeriodFacts} they extend. */
const RATED = {
  feedbackRating: 'customerRatings',
  rating360: 'feedback360Ratings',
} as const satisfies Record<string, keyof PersonPeriodFacts>;
export type RatedFact = keyof typeof RATED;

/** Every KPI counter of a person's period (month or week), in the order read models list them. */
export const KPI_COUNTERS = [
  'salesAmount',
  'deals',
  'grossMargin',
  'collected',
  'followUps',
  'demos',
  'opportunities',
  'newCustomers',
  'customersRetained',
  'customersChurned',
  'feedbackRatingSum',
  'feedbackRatingCount',
  'collaborationCredits',
  'rating360Sum',
  'rating360Count',
  'expenses',
] as const satisfies readonly (SummedFact | `${RatedFact}${'Sum' | 'Count'}`)[];
export type KpiCounter = (typeof KPI_COUNTERS)[number];
// Every summed fact and every rated fact's sum and count is a counter (the list is complete).
type Missing = Exclude<SummedFact | `${RatedFact}${'Sum' | 'Count'}`, KpiCounter>;
const complete: [Missing] extends [never] ? true : Missing = true;
void complete;

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** The KPI counters of a period's facts. */
export function kpiCountersOf(f: PersonPeriodFacts): Record<KpiCounter, number> {
  return {
    salesAmount: f.salesAmount,
    deals: f.deals,
    grossMargin: f.grossMarginAmount,
    collected: f.collectedAmount,
    followUps: f.followUps,
    demos: f.demos,
    opportunities: f.validOpportunities,
    newCustomers: f.newCustomers,
    customersRetained: f.customersRetained,
    customersChurned: f.customersChurned,
    feedbackRatingSum: sum(f.customerRatings),
    feedbackRatingCount: f.customerRatings.length,
    collaborationCredits: f.collaborationCredits,
    rating360Sum: sum(f.feedback360Ratings),
    rating360Count: f.feedback360Ratings.length,
    expenses: f.expenses,
  };
}

/** Adds `value` to a summed fact of `f`. */
export function addSummedFact(f: PersonPeriodFacts, fact: SummedFact, value: number): void {
  f[SUMMED[fact]] += value;
}

/** Adds one rating to a rated fact of `f`. */
export function addRating(f: PersonPeriodFacts, fact: RatedFact, rating: number): void {
  f[RATED[fact]].push(rating);
}

/** Gross margin amount (fen) of a sale: amount × gross margin fraction, rounded. */
export const grossMarginAmount = (amount: number, grossMargin: number): number =>
  Math.round(amount * grossMargin);

/** What the counters need to know of a sale. */
export interface CountedSale {
  /** Amount (fen), as last corrected. */
  readonly amount: number;
  /** Gross margin amount (fen), as last corrected ({@link grossMarginAmount}). */
  readonly grossMargin: number;
  readonly newCustomer: boolean;
}

/**
 * Adds (sign 1) or removes (sign −1) a sale's contribution to the summed facts of its period,
 * `paidByPeriodEnd` being the payments (uncapped) counted toward that period so far.
 */
export function countSale(
  sale: CountedSale,
  paidByPeriodEnd: number,
  sign: 1 | -1,
  add: (fact: SummedFact, value: number) => void,
): void {
  add('salesAmount', sign * sale.amount);
  add('deals', sign);
  add('grossMargin', sign * sale.grossMargin);
  add('collected', sign * collectedOf(paidByPeriodEnd, sale.amount));
  if (sale.newCustomer) add('newCustomers', sign);
}

/**
 * A sale's collection: the payments counted toward its period less the refunds counted toward
 * it, at most its amount and never below nothing (a refund dated before the payment it pays
 * back cannot take more than was paid by then).
 */
const collectedOf = (paid: number, amount: number): number => Math.max(0, Math.min(paid, amount));

/**
 * The change of a sale's collection when cash counted toward its period moves: `cash` is a
 * payment's amount, or a refund's amount negated ({@link cashOf}); the caller adds it to
 * `paidBefore`. A reversed sale's collection is not counted, so it is 0.
 */
export const collectedChange = (
  sale: { readonly amount: number; readonly reversed: boolean },
  paidBefore: number,
  cash: number,
): number =>
  sale.reversed ? 0 : collectedOf(paidBefore + cash, sale.amount) - collectedOf(paidBefore, sale.amount);

/**
 * Whether a payment or a refund dated `at` counts toward the collection of a sale of
 * `saleMonth`: dated on or before the month's last day. A later one leaves the month as it was.
 */
export const paidByMonthEnd = (at: string, saleMonth: string): boolean => dateOf(at) <= monthEnd(saleMonth);

/**
 * Whether a payment or a refund dated `at` counts toward the weekly collection of a sale of the
 * week starting Monday `saleWeek` (`YYYY-MM-DD`, UTC): dated on or before that week's Sunday.
 */
export const paidByWeekEnd = (at: string, saleWeek: string): boolean => mondayOf(at) <= saleWeek;

/** Cash moved on a sale: a payment collected (positive) or paid back to the customer (negative). */
export type CashMovement = {
  readonly saleId: string;
  readonly employeeId: string;
  /** Fen: the payment's amount, or the refund's amount negated. */
  readonly cash: number;
  /** Business time: `collectedAt` or `refundedAt`. */
  readonly at: string;
};

/** The events that move a sale's cash (every one {@link cashOf} reads). */
export const CASH_EVENT_TYPES = ['PaymentCollected', 'PaymentRefunded'] as const;

/** The cash a payment or a refund moves on its sale; null for any other event. */
export function cashOf(event: DomainEvent): CashMovement | null {
  switch (event.type) {
    case 'PaymentCollected': {
      const { saleId, employeeId, amount, collectedAt } = event.data;
      return { saleId, employeeId, cash: amount, at: collectedAt };
    }
    case 'PaymentRefunded': {
      const { saleId, employeeId, amount, refundedAt } = event.data;
      return { saleId, employeeId, cash: -amount, at: refundedAt };
    }
    default:
      return null;
  }
}

/** What an activity event adds to its person's period (of its business time `at`). */
export type Activity = {
  readonly employeeId: string;
  readonly at: string;
} & (
  | { readonly kind: 'summed'; readonly fact: SummedFact; readonly value: number }
  | { readonly kind: 'rated'; readonly fact: RatedFact; readonly value: number }
);

/** The activity events (every one {@link activityOf} reads). */
export const ACTIVITY_EVENT_TYPES = [
  'OpportunityCreated',
  'DemoGiven',
  'CustomerFollowUpLogged',
  'CustomerRetained',
  'CustomerChurned',
  'CustomerFeedbackGiven',
  'ExpenseRecorded',
  'CollaborationCredited',
  'Feedback360Given',
] as const;

type ActivityData = { readonly employeeId: string; readonly at: string };
// Module-level (not closures inside `activityOf`): the fold calls it for most events, and a
// closure made per call costs its allocation, and under tsx a name given at run time.
const summed = ({ employeeId, at }: ActivityData, fact: SummedFact, value = 1): Activity => ({
  employeeId,
  at,
  kind: 'summed',
  fact,
  value,
});
const rated = ({ employeeId, at }: ActivityData, fact: RatedFact, value: number): Activity => ({
  employeeId,
  at,
  kind: 'rated',
  fact,
  value,
});

/** What an activity event adds to its person's facts; null for any other event. */
export function activityOf(event: DomainEvent): Activity | null {
  switch (event.type) {
    case 'OpportunityCreated':
      return summed(event.data, 'opportunities');
    case 'DemoGiven':
      return summed(event.data, 'demos');
    case 'CustomerFollowUpLogged':
      return summed(event.data, 'followUps');
    case 'CustomerRetained':
      return summed(event.data, 'customersRetained');
    case 'CustomerChurned':
      return summed(event.data, 'customersChurned');
    case 'ExpenseRecorded':
      return summed(event.data, 'expenses', event.data.amount);
    case 'CollaborationCredited':
      return summed(event.data, 'collaborationCredits');
    case 'CustomerFeedbackGiven':
      return rated(event.data, 'feedbackRating', event.data.rating);
    case 'Feedback360Given':
      return rated(event.data, 'rating360', event.data.rating);
    default:
      return null;
  }
}
