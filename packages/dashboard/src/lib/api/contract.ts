import { gql } from '@urql/core';
import type { PendingQuery } from './pendingQuery.ts';

/**
 * Documents for the fields agreed in this session's API contract (/work/contract/CONTRACT.graphql),
 * named exactly as the contract names them. Each lists the `Query`/`Person` fields it needs:
 * while the API in front of the dashboard lacks them, `optionalQuery` resolves to null and the
 * section says what it will show, never made-up figures.
 */

export type Light = 'red' | 'yellow' | 'green';
export type RiskBand = 'low' | 'medium' | 'high';

export interface LineageFlag {
  kind: string;
  ref: string;
  saleId: string;
  reason: string | null;
  amountBefore: number | null;
  amountAfter: number | null;
  flaggedAt: string;
  position: string;
  employeeId: string;
  /** The correction event's type (a reversal or an amount correction). */
  correction: string;
  /** Where the corrected sale was first recorded, and the position the flagged figure was read at. */
  fromPosition: string;
  beforePosition: string;
}
const LINEAGE = `kind ref saleId reason amountBefore amountAfter flaggedAt position employeeId correction fromPosition beforePosition`;

export interface PromotionVote {
  voterId: string;
  vote: string;
  comment: string | null;
  at: string;
}
export interface PromotionDecision {
  id: string;
  outcome: string;
  rationale: string | null;
  decidedBy: string | null;
  decidedAt: string;
  evidencePosition: string;
  policyVersions: { id: string; version: number }[];
  /** The score and verdict the decision rests on (all null before PromotionDecided v2). */
  evidence: { score: number | null; scoreMonth: string | null; eligible: boolean | null };
  /** Set when the decision went against the eligibility verdict or the majority of the votes. */
  override: DecisionOverride | null;
}
export interface DecisionOverride {
  code: string;
  text: string;
  /** eligibility and/or majority */
  against: string[];
}
/** Why a committee may decide against the verdict or the majority (the domain's list). */
export const OVERRIDE_CODES = [
  'exceptional_contribution',
  'evidence_outdated',
  'conduct_or_compliance',
  'business_need',
  'other',
] as const;
export interface PromotionReview {
  id: string;
  employeeId: string;
  person: { id: string; name: string; nameEn?: string | null; branchId: string; level: string } | null;
  fromLevel: string;
  toLevel: string;
  track: string | null;
  state: 'nominated' | 'open' | 'decided' | string;
  nominatedAt: string | null;
  nominatedBy: string | null;
  reason: string | null;
  nominationScore: number | null;
  committee: string[];
  quorum: number | null;
  openedAt: string | null;
  votes: PromotionVote[];
  votesCast: number;
  approvals: number;
  rejections: number;
  abstentions: number;
  /** The viewer sits on this open review's committee and has not voted yet. */
  mayVote: boolean;
  /** Open with at least `quorum` votes: it may be decided. */
  quorumReached: boolean;
  decision: PromotionDecision | null;
  lineageFlags: LineageFlag[];
}
const REVIEW = `
  id employeeId fromLevel toLevel track state nominatedAt nominatedBy reason nominationScore
  person { id name nameEn branchId level }
  committee quorum openedAt
  votes { voterId vote comment at }
  votesCast approvals rejections abstentions mayVote quorumReached
  decision {
    id outcome rationale decidedBy decidedAt evidencePosition policyVersions { id version }
    evidence { score scoreMonth eligible }
    override { code text against }
  }
  lineageFlags { ${LINEAGE} }
`;

export interface Feedback360 {
  at: string;
  from: string;
  fromId: string | null;
  rating: number;
  comment: string | null;
}
export interface Mentoring {
  mentorId: string | null;
  mentor: { id: string; name: string } | null;
  weeks: { weekStart: string; state: string; due: number; done: number; missing: string[] }[];
  ratings: { at: string; mentorId: string; rating: number }[];
  overdueWeeks: number;
}
export interface CourseRecommendation {
  courseId: string;
  titleZh: string;
  titleEn: string;
  reasonZh: string;
  reasonEn: string;
  kpi: string | null;
}

/** The one-stop review's sections from the contract, for one person. */
export interface PersonContract {
  feedback360?: Feedback360[];
  mentoring?: Mentoring | null;
  recommendations?: CourseRecommendation[];
  reviews?: PromotionReview[];
  lineageFlags?: LineageFlag[];
}
export const PERSON_FEEDBACK: PendingQuery = {
  needs: ['Person.feedback360'],
  document: gql`
    query PersonFeedback($id: String!) {
      person(id: $id) {
        id
        feedback360(first: 50) { at from fromId rating comment }
      }
    }
  `,
};
export const PERSON_MENTORING: PendingQuery = {
  needs: ['Person.mentoring'],
  document: gql`
    query PersonMentoring($id: String!) {
      person(id: $id) {
        id
        mentoring {
          mentorId
          mentor { id name }
          weeks { weekStart state due done missing }
          ratings { at mentorId rating }
          overdueWeeks
        }
      }
    }
  `,
};
export const PERSON_RECOMMENDATIONS: PendingQuery = {
  needs: ['Person.recommendations'],
  document: gql`
    query PersonRecommendations($id: String!) {
      person(id: $id) {
        id
        recommendations { courseId titleZh titleEn reasonZh reasonEn kpi }
      }
    }
  `,
};
export const PERSON_REVIEWS: PendingQuery = {
  needs: ['Person.reviews', 'Person.lineageFlags'],
  document: gql`
    query PersonReviews($id: String!) {
      person(id: $id) {
        id
        reviews { ${REVIEW} }
        lineageFlags { ${LINEAGE} }
      }
    }
  `,
};
export const REVIEW_BY_ID: PendingQuery = {
  needs: ['Query.review'],
  document: gql`
    query Review($id: String!) {
      review(id: $id) { ${REVIEW} }
    }
  `,
};
/** The same, only once every read model has applied `position` (read-your-writes). */
export const REVIEW_AFTER: PendingQuery = {
  needs: ['Query.review'],
  document: gql`
    query ReviewAfter($id: String!, $position: Position!) @waitFor(position: $position) {
      review(id: $id) { ${REVIEW} }
    }
  `,
};
export const REVIEWS: PendingQuery = {
  needs: ['Query.reviews'],
  document: gql`
    query Reviews($state: String, $first: Int) {
      reviews(state: $state, first: $first) { ${REVIEW} }
    }
  `,
};
/** A page of reviews (`reviewPage`): with how many match in all and the next page's cursor. */
export interface ReviewPage {
  nodes: PromotionReview[];
  total: number;
  next: string | null;
}
export const REVIEW_PAGE: PendingQuery = {
  needs: ['Query.reviewPage'],
  document: gql`
    query ReviewPage(
      $state: String
      $awaitingMyVote: Boolean
      $search: String
      $overridden: Boolean
      $order: String
      $first: Int
      $after: String
    ) {
      reviewPage(
        state: $state
        awaitingMyVote: $awaitingMyVote
        search: $search
        overridden: $overridden
        order: $order
        first: $first
        after: $after
      ) {
        total
        next
        nodes { ${REVIEW} }
      }
    }
  `,
};
/** Decided reviews for the audit picker, a page at a time, searchable. */
export const DECISION_PAGE: PendingQuery = {
  needs: ['Query.reviewPage'],
  document: gql`
    query DecisionPage($search: String, $first: Int, $after: String) {
      reviewPage(order: "decided", search: $search, first: $first, after: $after) {
        total
        next
        nodes {
          id employeeId fromLevel toLevel
          person { id name nameEn }
          decision { id outcome decidedAt override { code } }
        }
      }
    }
  `,
};
export const DECISIONS: PendingQuery = {
  needs: ['Query.decisions'],
  document: gql`
    query Decisions($first: Int) {
      decisions(first: $first) { ${REVIEW} }
    }
  `,
};

/* ---------------------------------- analytics ---------------------------------- */

export const TREND_METRICS = [
  'SALES',
  'COLLECTED',
  'GROSS_MARGIN',
  'DEALS',
  'FOLLOW_UPS',
  'NEW_CUSTOMERS',
  'COLLECTION_RATE',
] as const;
export type TrendMetric = (typeof TREND_METRICS)[number];
export const TREND_GROUPS = ['COMPANY', 'BRANCH', 'TEAM', 'PERSON', 'PRODUCT_LINE', 'CUSTOMER_TYPE'] as const;
export type TrendGroup = (typeof TREND_GROUPS)[number];
export interface TrendSeries {
  key: string;
  label: string;
  points: { month: string; value: number }[];
  forecast: { month: string; value: number; lower: number; upper: number }[];
  method: string;
}
export const TREND: PendingQuery = {
  needs: ['Query.trend'],
  document: gql`
    query Trend($metric: TrendMetric!, $months: MonthRange!, $groupBy: TrendGroup, $horizon: Int, $top: Int) {
      trend(metric: $metric, months: $months, groupBy: $groupBy, horizon: $horizon, top: $top) {
        key
        label
        points { month value }
        forecast { month value lower upper }
        method
      }
    }
  `,
};

export interface ModelQuality {
  modelId: string;
  version: number;
  publishedAt: string | null;
  /** Null when the held-out set had only one class. */
  auc: number | null;
  precision: number | null;
  recall: number | null;
  threshold: number;
  positiveRate: number | null;
  calibration: unknown;
  horizonWeeks: number;
  trainRows: number | null;
  testRows: number | null;
}
export interface FairnessRow {
  branchId: string;
  people: number;
  flagged: number;
  flaggedRate: number;
  left: number;
  precision: number | null;
  recall: number | null;
}
export const MODEL_QUALITY: PendingQuery = {
  needs: ['Query.modelQuality', 'Query.fairness'],
  document: gql`
    query ModelQuality {
      modelQuality { modelId version publishedAt auc precision recall threshold positiveRate calibration { from to count meanPredicted observedRate } horizonWeeks trainRows testRows }
      fairness { branchId people flagged flaggedRate left precision recall }
    }
  `,
};
export interface CourseEffect {
  courseId: string;
  titleZh: string;
  titleEn: string;
  kpi: string;
  trainees: number;
  peers: number;
  before: number | null;
  after: number | null;
  peerBefore: number | null;
  peerAfter: number | null;
  effect: number | null;
  windowMonths: number;
  method: string;
}
export const COURSE_EFFECTS: PendingQuery = {
  needs: ['Query.courseEffects'],
  document: gql`
    query CourseEffects {
      courseEffects { courseId titleZh titleEn kpi trainees peers before after peerBefore peerAfter effect windowMonths method }
    }
  `,
};

export type PolicyKind = 'scoringPolicy' | 'ladder' | 'commissionPlan' | 'retentionModel';
export interface PolicySummary {
  id: string;
  kind: PolicyKind;
  /** The event that published this version (e.g. ScoringPolicyPublished). */
  eventType: string;
  name: string;
  version: number;
  publishedAt: string;
  publishedBy: string | null;
  position: string;
  document: Record<string, unknown>;
}
export const POLICIES: PendingQuery = {
  needs: ['Query.policies'],
  document: gql`
    query Policies {
      policies { id kind eventType name version publishedAt publishedBy position document }
    }
  `,
};

export interface TeamTarget {
  teamId: string;
  name: string | null;
  branchId: string;
  period: string;
  amount: number;
  achieved: number;
  attainment: number;
  light: Light;
  members: number;
  red: number;
  yellow: number;
  green: number;
}
export const TEAM_TARGETS: PendingQuery = {
  needs: ['Query.teamTargets'],
  document: gql`
    query TeamTargets($period: String!) {
      teamTargets(period: $period) { teamId name branchId period amount achieved attainment light members red yellow green }
    }
  `,
};
export interface TargetPlan {
  employeeId: string;
  period: string;
  baseline: number;
  coefficients: { region: number; productDifficulty: number; market: number };
  basis: { formula: string; factor: number; growth: number; currentTarget: number | null };
  amount: number;
  probability: number;
  explanation: string;
  estimate: { method: string; ownWeeks: number; priorPeers: number; priorWeight: number; weeklyMean: number };
  outcome: { amount: number; achieved: number; attainment: number; reached: boolean } | null;
  curve: { amount: number; probability: number }[];
  peers: {
    employeeId: string;
    name: string;
    level: string;
    amount: number | null;
    achieved: number | null;
  }[];
}
export const TARGET_PLAN: PendingQuery = {
  needs: ['Query.targetPlan'],
  document: gql`
    query TargetPlan($employeeId: String!, $period: String!, $amount: Fen) {
      targetPlan(employeeId: $employeeId, period: $period, amount: $amount) {
        employeeId period baseline coefficients { region productDifficulty market } basis { formula factor growth currentTarget policy { id version } rank { level factor source } history { source months monthlySales from base } probability { source weeklySales weeklyMean weeklySd achievedSoFar achievedSource weeks weeksElapsed weeksRemaining clock } } amount probability explanation
        estimate { method ownWeeks priorPeers priorWeight weeklyMean }
        outcome { amount achieved attainment reached }
        curve { amount probability }
        peers { employeeId name level amount achieved }
      }
    }
  `,
};
export interface TeamSplitPlan {
  strategy: string;
  total: number;
  sumsUp: boolean;
  shares: {
    employeeId: string;
    name: string;
    amount: number;
    weight: number;
    percent: number;
    scored: boolean;
    extreme: boolean;
    side: string | null;
  }[];
  flags: string[];
}
export const TEAM_SPLIT: PendingQuery = {
  needs: ['Query.teamSplit'],
  document: gql`
    query TeamSplit($teamId: String!, $period: String!, $amount: Fen!) {
      teamSplit(teamId: $teamId, period: $period, amount: $amount) {
        strategy total sumsUp flags
        shares { employeeId name amount weight percent scored extreme side }
      }
    }
  `,
};

/* ------------------------------------ audit ------------------------------------ */

export interface ReplayVerdict {
  eligible: boolean | null;
  score: number | null;
  scoreMonth: string | null;
  checklist: unknown;
  outcome: string | null;
}
export interface DecisionReplay {
  decisionId: string;
  reviewId: string;
  employeeId: string;
  evidencePosition: string;
  /** The position folded to (just before the decision when the evidence position is not before it). */
  replayedTo: string;
  fromLevel: string;
  toLevel: string;
  decidedAt: string;
  nominationScore: number | null;
  /** Policy id → version, as the decision recorded them, and as in force at the evidence position. */
  policyVersions: { id: string; version: number }[];
  policiesInForce: { id: string; version: number }[];
  original: ReplayVerdict;
  recomputed: ReplayVerdict;
  same: boolean;
  differences: { field: string; original: unknown; recomputed: unknown; cause: string; note: string }[];
  override: DecisionOverride | null;
  eventsReplayed: number;
  corrections: LineageFlag[];
}
const VERDICT = `eligible score scoreMonth checklist { met actual text { en zh } } outcome`;
export const DECISION_REPLAY: PendingQuery = {
  needs: ['Query.decisionReplay'],
  document: gql`
    query DecisionReplay($decisionId: String!) {
      decisionReplay(decisionId: $decisionId) {
        decisionId reviewId employeeId evidencePosition replayedTo fromLevel toLevel decidedAt nominationScore
        policyVersions { id version } policiesInForce { id version } eventsReplayed same
        original { ${VERDICT} }
        recomputed { ${VERDICT} }
        differences { field original recomputed cause note }
        override { code text against }
        corrections { ${LINEAGE} }
      }
    }
  `,
};
export interface PersonAsOf {
  employeeId: string;
  transactionTime: string;
  businessDate: string | null;
  position: string;
  level: string | null;
  status: string | null;
  branchId: string | null;
  teamId: string | null;
  score: { month: string; score: number; parts: unknown; policyId: string; policyVersion: number } | null;
  eligibility: unknown;
  retentionRisk: unknown;
  policies: Pick<PolicySummary, 'id' | 'kind' | 'eventType' | 'name' | 'version' | 'publishedAt'>[];
  events: number;
}
export const PERSON_AS_OF: PendingQuery = {
  needs: ['Query.personAsOf'],
  document: gql`
    query PersonAsOf($id: String!, $at: DateTime!, $businessDate: String) {
      personAsOf(id: $id, at: $at, businessDate: $businessDate) {
        employeeId transactionTime businessDate position level status branchId teamId
        score { month score parts { kpi name nameZh raw rawFormula normalised normalisationFormula missing weight points } policyId policyVersion }
        eligibility { evaluatedMonth verdicts { toLevel eligible } } retentionRisk { band flagged method risk weekStart } events
        policies { id kind eventType name version publishedAt }
      }
    }
  `,
};
export interface PolicySimulation {
  evaluatedPeople: number;
  becomeEligible: SimulatedChange[];
  becomeIneligible: SimulatedChange[];
  byBranch: {
    branchId: string;
    eligibleBefore: number;
    eligibleAfter: number;
    becomeEligible: number;
    becomeIneligible: number;
  }[];
  basePosition: string;
  tookMs: number;
}
export interface SimulatedChange {
  employeeId: string;
  name: string;
  branchId: string;
  toLevel: string;
  before: boolean;
  after: boolean;
  scoreBefore: number | null;
  scoreAfter: number | null;
}
const CHANGE = `employeeId name branchId toLevel before after scoreBefore scoreAfter`;
export const POLICY_SIMULATION: PendingQuery = {
  needs: ['Query.policySimulation'],
  document: gql`
    query PolicySimulation($draft: PolicyDraftInput!) {
      policySimulation(draft: $draft) {
        evaluatedPeople basePosition tookMs
        becomeEligible { ${CHANGE} }
        becomeIneligible { ${CHANGE} }
        byBranch { branchId eligibleBefore eligibleAfter becomeEligible becomeIneligible }
      }
    }
  `,
};
