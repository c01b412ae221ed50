import {
  type CourseId,
  emptyFacts,
  type Ladder,
  type LevelId,
  type PersonPeriodFacts,
  type ScoringPolicy,
  sigmoid,
  type TrackId,
} from '@trackrecord/domain';
import type { SimulationConfig } from './config.ts';
import type { SimFact } from './facts.ts';
import type { InterventionProgramme } from './phases/interventions.ts';
import { SIMULATED_HR, type SimulationPolicies } from './policies.ts';
import type { ProductInMemory } from './product.ts';
import type { Random } from './random.ts';

/**
 * The simulated company's state, one object every phase works on: the organisation, its
 * people with their hidden traits and 13-week windows, what falls due in later weeks
 * (payments, reversals, corrections, committee meetings), the policies in force, the random
 * streams and the facts of the week being simulated.
 */
export type World = {
  readonly config: SimulationConfig;
  readonly policies: SimulationPolicies;
  /** The history's draws: every phase draws from it in a fixed order, so a seed is one history. */
  readonly rng: Random;
  /** The organisation's own draws (the market coefficients), apart from the history's. */
  readonly org: Random;
  /** Last id handed out, per kind. */
  readonly counters: {
    person: number;
    sale: number;
    payment: number;
    opportunity: number;
    expense: number;
    request: number;
  };
  readonly teams: Team[];
  /** The current people and those departed since the last clean-up (`forgetDeparted`). */
  readonly people: Person[];
  /** The Monday of each week, ISO date (a few weeks beyond the end). */
  readonly weekDates: readonly string[];
  /** The scoring policy in force (revised once, in `revisionWeek`); the ladder never changes. */
  scoring: ScoringPolicy;
  readonly ladder: Ladder;
  /** The week HR publishes the revised policies; -1 for never. */
  readonly revisionWeek: number;
  /** Payments falling due, by week. */
  readonly pending: Map<number, Pending[]>;
  /** Sales the customer cancels, by the week it happens. */
  readonly reversalsDue: Map<number, Reversal[]>;
  /** Sales recorded wrong, by the week the correction is found. */
  readonly correctionsDue: Map<number, Correction[]>;
  /** Partial refunds of payments (goods returned), by the week they are paid back. */
  readonly refundsDue: Map<number, Refund[]>;
  /** Reviews nominated at a quarter's end: the committee meets the week after. */
  reviewsDue: OpenReview[];
  /** The week's facts so far; sorted by day and yielded at the week's end. */
  readonly out: SimFact[];
  readonly emit: (f: SimFact) => void;
  /**
   * The product in memory, taking every fact of the history as it is yielded: there when the
   * retention programme acts on its flags or promotions are judged on its verdicts; else null.
   */
  readonly product: ProductInMemory | null;
  /** The retention programme (`SimulationConfig.interventions`); null when off. */
  readonly interventions: InterventionProgramme | null;
};

export const YUAN = 100;
export const WEEKS_PER_MONTH = 52 / 12;
export const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * Hidden traits: never emitted, they drive what is emitted. Each is in 0–1 except
 * `outsideOptions` (a person's pull towards leaving, centred on 0).
 */
export type Traits = {
  /** Selling skill the person can reach; current skill grows towards it. */
  potential: number;
  diligence: number;
  /** Discipline in chasing payment (collection). */
  discipline: number;
  /** Care for existing customers (retention, satisfaction). */
  care: number;
  teamwork: number;
  /** Fit with the company and role; the hiring assessment measures it with noise. */
  fit: number;
  /** How good a mentor the person is. */
  mentorQuality: number;
  outsideOptions: number;
};

/** Fields of the 13-week window of per-week figures kept per person (a ring buffer). */
export const F = {
  sales: 0,
  deals: 1,
  collected: 2,
  target: 3,
  keyAccount: 4,
  margin: 5,
  expenses: 6,
  followUps: 7,
  collab: 8,
  newCustomers: 9,
  retained: 10,
  churned: 11,
  ratingSum: 12,
  ratingCount: 13,
  demos: 14,
  opps: 15,
  workingDays: 16,
  present: 17,
  late: 18,
  early: 19,
  fbSum: 20,
  fbCount: 21,
} as const;
export const FIELDS = 22;
export const WINDOW = 13;

type CourseState = {
  state: 'assigned' | 'started' | 'completed' | 'stalled';
  week: number;
  doneWeek: number;
};

export type Person = {
  id: string;
  n: number;
  team: Team;
  level: LevelId;
  track: TrackId;
  active: boolean;
  hiredWeek: number;
  priorExperienceWeeks: number;
  probationEndWeek: number | null;
  probationDeals: number;
  probationDealsRequired: number;
  traits: Traits;
  recruitingFit: number;
  skill: number;
  engagement: number;
  mentor: Person | null;
  /** Day index (week × 7 + day) the current mentor was assigned. */
  mentorSince: number;
  menteeCount: number;
  menteeClosedDeals: number;
  lastWeekSales: number;
  lastWeekDeals: number;
  stagnantWeeks: number;
  courses: Map<CourseId, CourseState>;
  customers: number[];
  nextCustomer: number;
  monthSales: number;
  monthlySales: number[];
  weeklyTarget: number;
  /** This month's target (fen) and its period, once set. */
  monthTarget: number;
  targetPeriod: string;
  window: Float64Array;
  eligibleSinceWeek: number | null;
  lastPromotedWeek: number | null;
  /** The week a committee last decided on them (a lead waits a quarter to put them forward again). */
  lastDecidedWeek: number | null;
  lastScore: number;
  recentAttainment: number;
  shock: number;
  /** The manager the store knows (set at hire and transfer). */
  managerId: string | null;
};

export type Team = {
  id: string;
  branchId: string;
  regionId: string;
  /** Region's and branch's market coefficients (hidden), also used as target coefficients. */
  regionCoefficient: number;
  marketCoefficient: number;
  members: Person[];
  size: number;
  weeklySales: number[];
  lead: Person | null;
  /**
   * Judged by the product: the member the lead develops for the next level (succession
   * planning, chosen at each round), who is given the next level's course and new mentees.
   */
  successor: Person | null;
};

type Pending = { person: Person; saleId: string; amount: number; day: number };
/** A partial refund of a payment: the customer returned part of the goods. */
export type Refund = { personId: string; paymentId: string; saleId: string; amount: number; day: number };
type Reversal = { person: Person; saleId: string; amount: number; day: number };
export type Correction = {
  personId: string;
  saleId: string;
  amount: number;
  grossMargin: number;
  day: number;
};

type OpenReview = {
  person: Person;
  reviewId: string;
  to: LevelId;
  track: TrackId;
  approve: boolean;
  summary: string;
  /**
   * What the committee's decision rests on: the score and verdict when nominated (judged by the
   * product: judged again when the committee decides, with the month of the score).
   */
  evidence: { score: number; scoreMonth: string | null; eligible: boolean };
  /**
   * Judged by the product: the scoring policy version its score month is scored with (as the
   * review page's basis gives it), recorded with the decision instead of the latest published.
   */
  scoredWith?: { id: string; version: number };
};

/** Seniority of a level, for choosing committee members above a candidate. */
export const LEVEL_RANK: Record<LevelId, number> = {
  sales_support: 0,
  sales_representative: 1,
  sales_supervisor: 2,
  key_account_consultant: 2,
  sales_manager: 3,
  regional_director: 4,
};

export function isoDate(start: string, days: number): string {
  const d = new Date(`${start}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The month (YYYY-MM) of a week's Monday. */
export const monthOf = (w: World, week: number) => (w.weekDates[week] as string).slice(0, 7);

export const publish = (
  w: World,
  week: number,
  policy: Extract<SimFact, { kind: 'policyPublished' }>['policy'],
  day = 0,
) => w.emit({ kind: 'policyPublished', week, day, personId: SIMULATED_HR, policy });

export const policyVersions = (w: World) => ({
  [w.scoring.id]: w.scoring.version,
  [w.ladder.id]: w.ladder.version,
});

/** The week being simulated: its place in the calendar and who is active at its start. */
export type Week = {
  readonly week: number;
  readonly newMonth: boolean;
  readonly quarterEnd: boolean;
  /** Mondays in the month starting this week (0 when no month starts). */
  readonly mondaysInMonth: number;
  readonly secondWeekOfMonth: boolean;
  readonly active: readonly Person[];
};

/** Starts a week: its calendar, the people active at its start, their window slot cleared. */
export function beginWeek(w: World, week: number): Week {
  const newMonth = week === 0 || monthOf(w, week) !== monthOf(w, week - 1);
  const quarterEnd = week > 0 && week % 13 === 12;
  const mondaysInMonth = newMonth
    ? w.weekDates.filter((d, k) => k >= week && d.slice(0, 7) === monthOf(w, week)).length || 4
    : 0;
  const secondWeekOfMonth =
    week >= 1 &&
    monthOf(w, week - 1) === monthOf(w, week) &&
    (week < 2 || monthOf(w, week - 2) !== monthOf(w, week));
  const active = w.people.filter((p) => p.active);
  // Clear this week's ring slot.
  for (const p of active) p.window.fill(0, slot(week), slot(week) + FIELDS);
  return { week, newMonth, quarterEnd, mondaysInMonth, secondWeekOfMonth, active };
}

/** A person's standing at the start of their week, read by the phases of that week. */
export type PersonWeek = {
  readonly onProbation: boolean;
  /** Engagement as a 0–1 effort factor. */
  readonly engaged: number;
  /** The active mentor's quality; null without one. */
  readonly mentorQ: number | null;
};

export const personWeek = (p: Person, week: number): PersonWeek => ({
  onProbation: p.probationEndWeek !== null && week < p.probationEndWeek,
  engaged: sigmoid(2 * p.engagement),
  mentorQ: p.mentor?.active ? p.mentor.traits.mentorQuality : null,
});

const slot = (week: number) => (week % WINDOW) * FIELDS;
export const add = (p: Person, week: number, field: number, value: number) => {
  const i = slot(week) + field;
  p.window[i] = (p.window[i] as number) + value;
};
const sumField = (p: Person, field: number) => {
  let s = 0;
  for (let k = 0; k < WINDOW; k++) s += p.window[k * FIELDS + field] as number;
  return s;
};

/** A person's figures over their window (up to 13 weeks ending with `week`), as the domain scores them. */
export const periodFacts = (w: World, p: Person, week: number): PersonPeriodFacts => {
  const weeks = Math.max(1, Math.min(WINDOW, week - p.hiredWeek + 1));
  const f = emptyFacts(
    p.id,
    w.weekDates[Math.max(0, week - weeks + 1)] as string,
    w.weekDates[week] as string,
    weeks,
  );
  const ratingCount = sumField(p, F.ratingCount);
  const fbCount = sumField(p, F.fbCount);
  return {
    ...f,
    salesAmount: sumField(p, F.sales),
    deals: sumField(p, F.deals),
    target: Math.round(sumField(p, F.target)),
    collectedAmount: Math.min(sumField(p, F.collected), sumField(p, F.sales)),
    keyAccountSalesAmount: sumField(p, F.keyAccount),
    grossMarginAmount: sumField(p, F.margin),
    expenses: sumField(p, F.expenses),
    followUps: sumField(p, F.followUps),
    collaborationCredits: sumField(p, F.collab),
    newCustomers: sumField(p, F.newCustomers),
    customersRetained: sumField(p, F.retained),
    customersChurned: sumField(p, F.churned),
    customerRatings: ratingCount > 0 ? [sumField(p, F.ratingSum) / ratingCount] : [],
    feedback360Ratings: fbCount > 0 ? [sumField(p, F.fbSum) / fbCount] : [],
    demos: sumField(p, F.demos),
    validOpportunities: sumField(p, F.opps),
    workingDays: sumField(p, F.workingDays),
    daysPresent: sumField(p, F.present),
    lateArrivals: sumField(p, F.late),
    earlyLeaves: sumField(p, F.early),
  };
};

/** Ends a week: its facts in day order (stable, so within a day in the order they happened). */
export function* endWeek(w: World): Generator<SimFact, void, undefined> {
  w.out.sort((a, b) => a.day - b.day);
  for (const f of w.out) yield f;
  w.out.length = 0;
}
