import type { DomainEvent } from '../catalog.ts';
import {
  dateOf,
  daysInMonth,
  lastMonthEndedBy,
  mondayWeeks,
  monthEnd,
  monthOfDate,
  monthStart,
  weekOf,
} from '../core/calendar.ts';
import type { PolicyRef } from '../policy/common.ts';
import type { CourseId } from '../policy/courses.ts';
import type { Ladder, LevelId, TrackId } from '../policy/ladder.ts';
import type { RetentionModel } from '../policy/retention.ts';
import { DEFAULT_SCORING_POLICY, type ScoringPolicy } from '../policy/scoring.ts';

import {
  type Activity,
  activityOf,
  addRating,
  addSummedFact,
  type CashMovement,
  cashOf,
  collectedChange,
  countSale as countSaleFacts,
  grossMarginAmount,
  paidByMonthEnd,
} from './factDeltas.ts';
import { emptyFacts, type PersonPeriodFacts } from './facts.ts';
import {
  newRetentionTrack,
  type RetentionTrack,
  trackFollowUp,
  trackSale,
  trackTarget,
} from './retentionFeatures.ts';

/**
 * The single definition of "the inputs" of scores, eligibility and retention risk: a pure fold
 * from domain events (in global order, with their positions) to a state that holds
 *
 * - `PersonPeriodFacts` per person per calendar month (by each fact's business time),
 * - what a person's candidate record and retention features rest on, as of the fold's clock
 *   (the latest business date seen),
 *
 * and the policies in force (published in the stream, else the demo defaults). The state is
 * plain JSON, so a projection can store it between batches and continue the same fold: the
 * read models and the agreement test compute from the very same code. What the state says (a
 * score, a candidate record, a retention risk) is read from it by `factsReaders.ts`.
 *
 * Definitions (where the calc types leave a choice):
 * - **Collected**, gross margin and what each activity adds: see `factDeltas.ts`.
 * - **Scoring policy of a period**: the one in force at the last event that changed the
 *   period's facts; a period is re-scored under a new policy only when its facts change again.
 * - **Branch variants**: a scoring policy or ladder published for a branch (`branchId`) is in
 *   force for that branch's people instead of the headquarters default, until withdrawn. A
 *   period is judged by the variant of the branch the person belonged to on its first day (the
 *   hire branch when hired during it); eligibility by the branch held at the evaluated month's
 *   end. A transfer re-stamps the months from its effective date on.
 * - **Evaluated period** of eligibility: the latest calendar month that has ended by the clock
 *   (the clock's month when the clock is its last day).
 * - **Mentee deals**: deals a person closes while on probation with a mentor are credited to
 *   that mentor (a reversal takes the credit back).
 * - **Retention week**: weeks are counted from Monday 1970-01-05 (`weekOf`).
 */

/** Where a policy in force came from: published in the event stream, or the demo default. */
export type PolicySource = 'published' | 'default';

/** Global position of an event, as a decimal string (JSON-safe). */
export type Position = string;

/** An event of the store as the fold needs it. */
export type PositionedEvent = { readonly position: bigint | string; readonly event: DomainEvent };

export type MonthFold = {
  facts: PersonPeriodFacts;
  /** Individual target of the month (TargetSet / approved adjustment), fen. */
  targetIndividual: number | null;
  /** The person's share of a team target split, fen. */
  targetShare: number | null;
  /** Scoring policy in force at the last event that changed the facts. */
  policy: PolicyRef;
  policySource: PolicySource;
  /** The branch whose variant `policy` is; null for the headquarters default. */
  policyBranchId: string | null;
  /** Position of the last event that changed the facts. */
  position: Position;
};

export type PersonFold = {
  personId: string;
  /** False for facts about a person whose hire is not (yet) in the stream. */
  hired: boolean;
  active: boolean;
  teamId: string | null;
  track: TrackId | null;
  /** Levels by the date they took effect, oldest first. */
  levels: { from: string; level: LevelId }[];
  /** Branches by the date the person joined them (hire, transfers), oldest first. */
  branches: { from: string; branchId: string }[];
  hiredAt: string | null;
  onProbation: boolean;
  mentorId: string | null;
  completedCourses: CourseId[];
  menteeClosedDeals: number;
  months: Record<string, MonthFold>;
  retention: RetentionTrack | null;
  /** Position of the last event that changed this record. */
  position: Position;
  /** Position of the last event that changed an input of this person's eligibility. */
  eligibilityPosition: Position;
};

export type SaleFold = {
  employeeId: string;
  teamId: string | null;
  month: string;
  week: number;
  amount: number;
  grossMarginRate: number;
  keyAccount: boolean;
  newCustomer: boolean;
  cycleDays: number;
  reversed: boolean;
  /**
   * Payments less refunds dated on or before the end of the sale's month (fen), before capping
   * (`factDeltas.ts`).
   */
  paidByPeriodEnd: number;
  /** The mentor credited with this deal, if any. */
  mentorId: string | null;
};

export type TeamFold = {
  months: Record<string, number>;
  position: Position;
  /** Position of the last change to a month up to the evaluated one (team sales growth). */
  eligibilityPosition: Position;
};

export type InForce<P> = { doc: P; position: Position } | null;

export type GlobalFold = {
  /** Latest business date (YYYY-MM-DD) seen in any fact; null before the first. */
  clock: string | null;
  /** Position of the event that last moved the evaluated month, or the week, of the clock. */
  evaluatedMonthPosition: Position;
  weekPosition: Position;
  scoring: InForce<ScoringPolicy>;
  /** Every scoring policy version published, by `id@version`, to score old periods. */
  scoringVersions: Record<string, ScoringPolicy>;
  ladder: InForce<Ladder>;
  retentionModel: InForce<RetentionModel>;
  /** Branch variants in force, by branch id: a scoring policy, a ladder (absent: the default). */
  branchScoring: Record<string, { doc: ScoringPolicy; position: Position }>;
  branchLadder: Record<string, { doc: Ladder; position: Position }>;
  /** Position of the last publication or withdrawal of a branch's variant, by branch id. */
  branchPosition: Record<string, Position>;
};

export type FactsState = {
  global: GlobalFold;
  people: Record<string, PersonFold>;
  sales: Record<string, SaleFold>;
  teams: Record<string, TeamFold>;
};

/** What an event changed, for a projection that recomputes only that. */
export type Touched = {
  /** `personId` → months whose facts (or policy stamp) changed. */
  months: Map<string, Set<string>>;
  people: Set<string>;
  teams: Set<string>;
  sales: Set<string>;
  /** People an input of whose eligibility changed. */
  eligibility: Set<string>;
  /** Teams whose sales up to the evaluated month changed: their members' eligibility. */
  eligibilityTeams: Set<string>;
  /** The evaluated month, a ladder or a scoring policy changed: every eligibility. */
  allEligibility: boolean;
  /** A branch's variant was published or withdrawn: the eligibility of that branch's people. */
  branchEligibility: Set<string>;
  /** The week or the retention model changed: every retention risk. */
  allRetention: boolean;
  /** Retention models published, with their positions. */
  retentionModels: { model: RetentionModel; position: Position }[];
};

export const newTouched = (): Touched => ({
  months: new Map(),
  people: new Set(),
  teams: new Set(),
  sales: new Set(),
  eligibility: new Set(),
  eligibilityTeams: new Set(),
  allEligibility: false,
  branchEligibility: new Set(),
  allRetention: false,
  retentionModels: [],
});

export const emptyFactsState = (): FactsState => ({
  global: {
    clock: null,
    evaluatedMonthPosition: '0',
    weekPosition: '0',
    scoring: null,
    scoringVersions: {},
    ladder: null,
    retentionModel: null,
    branchScoring: {},
    branchLadder: {},
    branchPosition: {},
  },
  people: {},
  sales: {},
  teams: {},
});

/** The evaluated month of eligibility: the latest calendar month ended by the clock. */
export const evaluatedMonth: (clock: string) => string = lastMonthEndedBy;

/**
 * The scoring policy in force for a branch's people: the branch's variant, else the last
 * headquarters default published, else the demo default. `branchId` null: headquarters.
 */
export const scoringInForce = (
  g: GlobalFold,
  branchId: string | null = null,
): { policy: ScoringPolicy; source: PolicySource; branchId: string | null } => {
  const variant = branchId === null ? undefined : g.branchScoring[branchId];
  if (variant) return { policy: variant.doc, source: 'published', branchId };
  return g.scoring
    ? { policy: g.scoring.doc, source: 'published', branchId: null }
    : { policy: DEFAULT_SCORING_POLICY, source: 'default', branchId: null };
};

/** The branch a person belonged to on `date` (their first branch when they joined after it). */
export function branchOn(p: PersonFold, date: string): string | null {
  let branch: string | null = p.branches[0]?.branchId ?? null;
  for (const b of p.branches) if (b.from <= date) branch = b.branchId;
  return branch;
}

/** Stamps a month with the scoring policy in force for the branch it belongs to. */
function stampPolicy(g: GlobalFold, p: PersonFold, m: string, mf: MonthFold): void {
  const { policy, source, branchId } = scoringInForce(g, branchOn(p, monthStart(m)));
  mf.policy = { id: policy.id, version: policy.version };
  mf.policySource = source;
  mf.policyBranchId = branchId;
}

function person(state: FactsState, personId: string, position: Position, touched: Touched): PersonFold {
  let p = state.people[personId];
  if (!p) {
    p = {
      personId,
      hired: false,
      active: false,
      teamId: null,
      track: null,
      levels: [],
      branches: [],
      hiredAt: null,
      onProbation: false,
      mentorId: null,
      completedCourses: [],
      menteeClosedDeals: 0,
      months: {},
      retention: null,
      position,
      eligibilityPosition: position,
    };
    state.people[personId] = p;
  }
  p.position = position;
  touched.people.add(personId);
  return p;
}

function month(state: FactsState, p: PersonFold, m: string, position: Position, touched: Touched): MonthFold {
  let mf = p.months[m];
  if (!mf) {
    const end = monthEnd(m);
    mf = {
      facts: emptyFacts(p.personId, monthStart(m), end, daysInMonth(m) / 7),
      targetIndividual: null,
      targetShare: null,
      policy: { id: '', version: 0 },
      policySource: 'default',
      policyBranchId: null,
      position,
    };
    p.months[m] = mf;
  }
  stampPolicy(state.global, p, m, mf);
  mf.position = position;
  if (isEvaluated(state, m)) eligibilityChanged(p, position, touched);
  let set = touched.months.get(p.personId);
  if (!set) {
    set = new Set();
    touched.months.set(p.personId, set);
  }
  set.add(m);
  return mf;
}

/** True when month `m` is the evaluated month or before it (an input of eligibility). */
function isEvaluated(state: FactsState, m: string): boolean {
  return state.global.clock !== null && m <= evaluatedMonth(state.global.clock);
}

function eligibilityChanged(p: PersonFold, position: Position, t: Touched) {
  p.eligibilityPosition = position;
  t.eligibility.add(p.personId);
}

function addTeamSales(
  state: FactsState,
  s: SaleFold,
  sign: 1 | -1,
  amount: number,
  position: Position,
  t: Touched,
) {
  if (!s.teamId) return;
  let team = state.teams[s.teamId];
  if (!team) {
    team = { months: {}, position, eligibilityPosition: position };
    state.teams[s.teamId] = team;
  }
  team.months[s.month] = (team.months[s.month] ?? 0) + sign * amount;
  team.position = position;
  t.teams.add(s.teamId);
  if (isEvaluated(state, s.month)) {
    team.eligibilityPosition = position;
    t.eligibilityTeams.add(s.teamId);
  }
}

/** Adds (sign 1) or removes (sign −1) a sale's whole contribution to its month. */
function countSale(state: FactsState, s: SaleFold, sign: 1 | -1, position: Position, t: Touched) {
  const p = person(state, s.employeeId, position, t);
  const f = month(state, p, s.month, position, t).facts;
  countSaleFacts(
    {
      amount: s.amount,
      grossMargin: grossMarginAmount(s.amount, s.grossMarginRate),
      newCustomer: s.newCustomer,
    },
    s.paidByPeriodEnd,
    sign,
    (fact, value) => addSummedFact(f, fact, value),
  );
  if (s.keyAccount) f.keyAccountSalesAmount += sign * s.amount;
  if (sign === 1) f.salesCycleDays.push(s.cycleDays);
  else {
    const i = f.salesCycleDays.indexOf(s.cycleDays);
    if (i >= 0) f.salesCycleDays.splice(i, 1);
  }
  addTeamSales(state, s, sign, s.amount, position, t);
  if (p.retention) trackSale(p.retention, s.week, sign * s.amount);
  if (s.mentorId) {
    const mentor = person(state, s.mentorId, position, t);
    mentor.menteeClosedDeals += sign;
    eligibilityChanged(mentor, position, t);
  }
}

function setTarget(state: FactsState, p: PersonFold, m: string, position: Position, t: Touched) {
  const mf = month(state, p, m, position, t);
  mf.facts.target = mf.targetIndividual ?? mf.targetShare ?? 0;
  if (p.retention) {
    const { week, count } = mondayWeeks(m);
    if (count > 0) trackTarget(p.retention, week, mf.facts.target, count);
  }
}

/**
 * The business time an event moves the fold's clock to (the clock is the latest of them): a
 * sale's close, a payment's or refund's date, an activity's, an attendance record's and a pulse
 * answer's; undefined for every other event (corrections, reviews, policies move no clock). Read
 * by the fold and by any read model that must know the evaluated month at a position.
 */
export function clockTimeOf(event: DomainEvent): string | undefined {
  switch (event.type) {
    case 'SaleClosed':
      return event.data.closedAt;
    case 'AttendanceRecorded':
    case 'SatisfactionPulseAnswered':
      return event.data.at;
    default:
      return cashOf(event)?.at ?? activityOf(event)?.at;
  }
}

/** Moves the clock; marks every eligibility / risk when the evaluated month / week changes. */
function advanceClock(state: FactsState, event: DomainEvent, position: Position, t: Touched) {
  const time = clockTimeOf(event);
  if (time === undefined) return;
  const date = dateOf(time);
  const g = state.global;
  if (g.clock !== null && date <= g.clock) return;
  const before = g.clock;
  g.clock = date;
  if (before === null || evaluatedMonth(before) !== evaluatedMonth(date)) {
    g.evaluatedMonthPosition = position;
    t.allEligibility = true;
  }
  if (before === null || weekOf(before) !== weekOf(date)) {
    g.weekPosition = position;
    t.allRetention = true;
  }
}

/**
 * Applies one event to the state (mutating it, for speed) and records what it changed in
 * `touched`. Events must come in global order. Events the inputs do not depend on are ignored.
 */
export function applyFactsEvent(
  state: FactsState,
  positioned: PositionedEvent,
  touched: Touched = newTouched(),
): void {
  const position: Position = positioned.position.toString();
  const event = positioned.event;
  const t = touched;
  switch (event.type) {
    case 'EmployeeHired': {
      const d = event.data;
      const p = person(state, d.employeeId, position, t);
      p.hired = true;
      p.active = true;
      p.teamId = d.teamId;
      p.track = d.track as TrackId;
      p.levels = [{ from: dateOf(d.hiredAt), level: d.level as LevelId }];
      p.branches = [{ from: dateOf(d.hiredAt), branchId: d.branchId }];
      p.hiredAt = dateOf(d.hiredAt);
      p.onProbation = d.probationEnd !== null;
      p.retention = newRetentionTrack(weekOf(d.hiredAt), d.recruitingFit);
      eligibilityChanged(p, position, t);
      if (d.teamId) t.teams.add(d.teamId);
      break;
    }
    case 'EmployeeTransferred': {
      const p = person(state, event.data.employeeId, position, t);
      if (p.teamId) t.teams.add(p.teamId);
      p.teamId = event.data.toTeamId;
      t.teams.add(event.data.toTeamId);
      eligibilityChanged(p, position, t);
      // The months from the transfer on belong to the new branch: judged by its variant.
      const from = dateOf(event.data.effectiveAt);
      p.branches.push({ from, branchId: event.data.toBranchId });
      p.branches.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
      for (const [m, mf] of Object.entries(p.months)) {
        if (monthStart(m) < from) continue;
        const before = `${mf.policy.id}@${mf.policy.version}@${mf.policySource}`;
        stampPolicy(state.global, p, m, mf);
        if (`${mf.policy.id}@${mf.policy.version}@${mf.policySource}` === before) continue;
        mf.position = position;
        mark(t, p.personId, m);
      }
      break;
    }
    case 'RankChanged': {
      const d = event.data;
      const p = person(state, d.employeeId, position, t);
      p.levels.push({ from: dateOf(d.effectiveAt), level: d.toLevel as LevelId });
      p.levels.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
      p.track = d.track as TrackId;
      if (d.reason === 'promotion' && p.retention) p.retention.eligibleSinceWeek = null;
      eligibilityChanged(p, position, t);
      // The rank of the months from the change on is another: re-score them.
      for (const [m, mf] of Object.entries(p.months)) {
        if (monthStart(m) < dateOf(d.effectiveAt)) continue;
        mf.position = position;
        mark(t, p.personId, m);
      }
      break;
    }
    case 'ProbationPassed':
    case 'ProbationFailed':
      person(state, event.data.employeeId, position, t).onProbation = false;
      break;
    case 'EmployeeLeft': {
      const p = person(state, event.data.employeeId, position, t);
      p.active = false;
      eligibilityChanged(p, position, t);
      break;
    }
    case 'SaleClosed': {
      const d = event.data;
      if (state.sales[d.saleId]) break; // counted once
      advanceClock(state, event, position, t);
      const p = person(state, d.employeeId, position, t);
      const sale: SaleFold = {
        employeeId: d.employeeId,
        teamId: p.teamId,
        month: monthOfDate(d.closedAt),
        week: weekOf(d.closedAt),
        amount: d.amount,
        grossMarginRate: d.grossMargin,
        keyAccount: d.customerType === 'key_account',
        newCustomer: d.newCustomer,
        cycleDays: d.cycleDays,
        reversed: false,
        paidByPeriodEnd: 0,
        mentorId: p.onProbation && p.mentorId ? p.mentorId : null,
      };
      state.sales[d.saleId] = sale;
      t.sales.add(d.saleId);
      countSale(state, sale, 1, position, t);
      break;
    }
    case 'SaleReversed': {
      const sale = state.sales[event.data.saleId];
      if (!sale || sale.reversed) break;
      countSale(state, sale, -1, position, t);
      sale.reversed = true;
      t.sales.add(event.data.saleId);
      break;
    }
    case 'SaleCorrected': {
      const sale = state.sales[event.data.saleId];
      if (!sale) break;
      if (!sale.reversed) countSale(state, sale, -1, position, t);
      sale.amount = event.data.amount;
      sale.grossMarginRate = event.data.grossMargin;
      if (!sale.reversed) countSale(state, sale, 1, position, t);
      t.sales.add(event.data.saleId);
      break;
    }
    case 'PaymentCollected':
    case 'PaymentRefunded': {
      // A refund is cash going back: it counts toward the sale's month as a payment does, dated
      // by the month's end, with its amount negated (`cashOf`); a later one changes nothing there.
      const c = cashOf(event) as CashMovement;
      advanceClock(state, event, position, t);
      const sale = state.sales[c.saleId];
      if (!sale || !paidByMonthEnd(c.at, sale.month)) break;
      const change = collectedChange(sale, sale.paidByPeriodEnd, c.cash);
      sale.paidByPeriodEnd += c.cash;
      t.sales.add(c.saleId);
      if (sale.reversed) break;
      const p = person(state, sale.employeeId, position, t);
      month(state, p, sale.month, position, t).facts.collectedAmount += change;
      break;
    }
    case 'OpportunityCreated':
    case 'DemoGiven':
    case 'CustomerFollowUpLogged':
    case 'CustomerRetained':
    case 'CustomerChurned':
    case 'CustomerFeedbackGiven':
    case 'ExpenseRecorded':
    case 'CollaborationCredited':
    case 'Feedback360Given': {
      const a = activityOf(event) as Activity;
      advanceClock(state, event, position, t);
      const p = person(state, a.employeeId, position, t);
      const f = month(state, p, monthOfDate(a.at), position, t).facts;
      if (a.kind === 'summed') addSummedFact(f, a.fact, a.value);
      else addRating(f, a.fact, a.value);
      // What the retention features read of activities besides the facts.
      if (p.retention && event.type === 'CustomerFollowUpLogged') trackFollowUp(p.retention, weekOf(a.at));
      if (p.retention && event.type === 'Feedback360Given')
        p.retention.ratings.push({ week: weekOf(a.at), rating: a.value });
      break;
    }
    case 'AttendanceRecorded': {
      const d = event.data;
      advanceClock(state, event, position, t);
      const p = person(state, d.employeeId, position, t);
      const f = month(state, p, d.month, position, t).facts;
      f.workingDays = d.workingDays;
      f.daysPresent = d.daysPresent;
      f.lateArrivals = d.lateArrivals;
      f.earlyLeaves = d.earlyLeaves;
      break;
    }
    case 'SatisfactionPulseAnswered': {
      advanceClock(state, event, position, t);
      person(state, event.data.employeeId, position, t).retention?.satisfaction.push(event.data.score);
      break;
    }
    case 'CourseAssigned': {
      const p = person(state, event.data.employeeId, position, t);
      if (p.retention) p.retention.coursesAssigned++;
      break;
    }
    case 'CourseCompleted': {
      const p = person(state, event.data.employeeId, position, t);
      if (p.retention) p.retention.coursesCompleted++;
      const course = event.data.courseId as CourseId;
      if (!p.completedCourses.includes(course)) {
        p.completedCourses.push(course);
        eligibilityChanged(p, position, t);
      }
      break;
    }
    case 'MentorAssigned':
      person(state, event.data.menteeId, position, t).mentorId = event.data.mentorId;
      break;
    case 'MentorRated': {
      const p = person(state, event.data.menteeId, position, t);
      if (p.retention) p.retention.mentorRating = event.data.rating;
      break;
    }
    case 'TargetSet':
    case 'TargetAdjustmentApproved': {
      const d = event.data;
      if (d.subjectKind !== 'employee') break;
      const p = person(state, d.subjectId, position, t);
      const mf = month(state, p, d.period, position, t);
      mf.targetIndividual = event.type === 'TargetSet' ? event.data.amount : event.data.approvedAmount;
      setTarget(state, p, d.period, position, t);
      break;
    }
    case 'TeamTargetSplit':
      for (const share of event.data.shares) {
        const p = person(state, share.employeeId, position, t);
        month(state, p, event.data.period, position, t).targetShare = share.amount;
        setTarget(state, p, event.data.period, position, t);
      }
      break;
    case 'PromotionNominated': {
      const p = person(state, event.data.employeeId, position, t);
      if (p.retention && p.retention.eligibleSinceWeek === null)
        p.retention.eligibleSinceWeek = weekOf(event.data.at);
      break;
    }
    case 'ScoringPolicyPublished': {
      const { policy, branchId } = event.data;
      state.global.scoringVersions[`${policy.id}@${policy.version}`] = policy;
      if (branchId === undefined) {
        state.global.scoring = { doc: policy, position };
        t.allEligibility = true;
      } else {
        state.global.branchScoring[branchId] = { doc: policy, position };
        variantChanged(state, branchId, position, t);
      }
      break;
    }
    case 'LadderPublished': {
      const { ladder, branchId } = event.data;
      if (branchId === undefined) {
        state.global.ladder = { doc: ladder, position };
        t.allEligibility = true;
      } else {
        state.global.branchLadder[branchId] = { doc: ladder, position };
        variantChanged(state, branchId, position, t);
      }
      break;
    }
    case 'PolicyVariantWithdrawn': {
      // The branch's people fall back to the headquarters default (if this variant is the one in force).
      const { kind, branchId, policyId } = event.data;
      const g = state.global;
      if (kind === 'scoring' && g.branchScoring[branchId]?.doc.id === policyId) {
        delete g.branchScoring[branchId];
        variantChanged(state, branchId, position, t);
      }
      if (kind === 'ladder' && g.branchLadder[branchId]?.doc.id === policyId) {
        delete g.branchLadder[branchId];
        variantChanged(state, branchId, position, t);
      }
      break;
    }
    case 'RetentionModelPublished':
      state.global.retentionModel = { doc: event.data.model, position };
      t.allRetention = true;
      t.retentionModels.push({ model: event.data.model, position });
      break;
    default:
      // Every other event type (reviews, votes, course starts, mentor tasks, target requests,
      // commission plans…) is not an input of scores, eligibility or retention risk.
      break;
  }
}

/** A branch's variant changed: the eligibility of the people judged by it. */
function variantChanged(state: FactsState, branchId: string, position: Position, t: Touched) {
  state.global.branchPosition[branchId] = position;
  t.branchEligibility.add(branchId);
}

function mark(t: Touched, personId: string, m: string) {
  let set = t.months.get(personId);
  if (!set) {
    set = new Set();
    t.months.set(personId, set);
  }
  set.add(m);
}

/** The event types the fold reads; the others leave the state unchanged. */
export const FACTS_EVENT_TYPES = [
  'EmployeeHired',
  'EmployeeTransferred',
  'RankChanged',
  'ProbationPassed',
  'ProbationFailed',
  'EmployeeLeft',
  'SaleClosed',
  'SaleReversed',
  'SaleCorrected',
  'PaymentCollected',
  'PaymentRefunded',
  'OpportunityCreated',
  'DemoGiven',
  'CustomerFollowUpLogged',
  'CustomerRetained',
  'CustomerChurned',
  'CustomerFeedbackGiven',
  'ExpenseRecorded',
  'CollaborationCredited',
  'Feedback360Given',
  'AttendanceRecorded',
  'SatisfactionPulseAnswered',
  'CourseAssigned',
  'CourseCompleted',
  'MentorAssigned',
  'MentorRated',
  'TargetSet',
  'TargetAdjustmentApproved',
  'TeamTargetSplit',
  'PromotionNominated',
  'ScoringPolicyPublished',
  'LadderPublished',
  'RetentionModelPublished',
  'PolicyVariantWithdrawn',
] as const;

/** Folds events (in global order) into a new state. */
export function factsFromEvents(events: Iterable<PositionedEvent>): FactsState {
  const state = emptyFactsState();
  for (const e of events) applyFactsEvent(state, e);
  return state;
}
