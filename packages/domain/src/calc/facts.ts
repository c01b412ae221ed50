import { z } from 'zod';

const fen = z.number().int().nonnegative();
const count = z.number().nonnegative();

/**
 * The plain facts of one person over one period, as a projection would collect them from the
 * events (CRM sales, ERP payments, LMS, OA, HR). Every KPI is computed from these alone.
 * Amounts are integer fen (1 yuan = 100 fen).
 */
export const PersonPeriodFactsSchema = z.object({
  personId: z.string().min(1),
  /** First day of the period, ISO date (YYYY-MM-DD). */
  periodStart: z.string(),
  /** Last day of the period, ISO date, inclusive. */
  periodEnd: z.string(),
  /** Length of the period in weeks (a month ≈ 4.345, a quarter 13); turns counts into rates. */
  weeks: z.number().positive(),
  /** Sales closed in the period (fen). */
  salesAmount: fen,
  /** Number of deals closed in the period. */
  deals: count,
  /** The period's sales target (fen); 0 when no target was set. */
  target: fen,
  /**
   * Payments collected (回款, "collection") against the sales closed in the period, as of the
   * period's end (fen). Collection rate (回款率) = collected ÷ closed.
   */
  collectedAmount: fen,
  /** Sales closed with key-account customers (fen). */
  keyAccountSalesAmount: fen,
  /** Gross margin earned on the period's sales (fen). */
  grossMarginAmount: z.number().int(),
  /** Expenses recorded in the period (fen). */
  expenses: fen,
  /** Days from opportunity to close, one entry per deal where known. */
  salesCycleDays: z.array(z.number().nonnegative()),
  followUps: count,
  /** Collaboration credits: times the person was credited with helping a colleague close. */
  collaborationCredits: count,
  newCustomers: count,
  customersRetained: count,
  customersChurned: count,
  /** Customer feedback ratings, 1–5. */
  customerRatings: z.array(z.number().min(1).max(5)),
  /** 360 feedback ratings from manager, peers and customers, 1–5. */
  feedback360Ratings: z.array(z.number().min(1).max(5)),
  demos: count,
  validOpportunities: count,
  workingDays: count,
  daysPresent: count,
  lateArrivals: count,
  earlyLeaves: count,
});
export type PersonPeriodFacts = z.infer<typeof PersonPeriodFactsSchema>;

/** Weeks per month used to turn a period into monthly rates (52 ÷ 12). */
export const WEEKS_PER_MONTH = 52 / 12;

/** A facts record with everything zero, to spread over in tests and builders. */
export function emptyFacts(
  personId: string,
  periodStart: string,
  periodEnd: string,
  weeks: number,
): PersonPeriodFacts {
  return {
    personId,
    periodStart,
    periodEnd,
    weeks,
    salesAmount: 0,
    deals: 0,
    target: 0,
    collectedAmount: 0,
    keyAccountSalesAmount: 0,
    grossMarginAmount: 0,
    expenses: 0,
    salesCycleDays: [],
    followUps: 0,
    collaborationCredits: 0,
    newCustomers: 0,
    customersRetained: 0,
    customersChurned: 0,
    customerRatings: [],
    feedback360Ratings: [],
    demos: 0,
    validOpportunities: 0,
    workingDays: 0,
    daysPresent: 0,
    lateArrivals: 0,
    earlyLeaves: 0,
  };
}
