import { gql } from '@urql/core';
import { productNow } from './now.ts';

/** Data the API serves today (packages/api/schema.graphql). */

export interface Team {
  id: string;
  activeCount: number;
  departedCount: number;
}
export interface Branch {
  id: string;
  teams: Team[];
}
export const ORGANISATION = gql`
  query Organisation {
    organisation {
      id
      teams {
        id
        activeCount
        departedCount
      }
    }
  }
`;

export interface PersonRow {
  id: string;
  name: string;
  branchId: string;
  teamId: string;
  regionId: string;
  level: string;
  track: string;
  status: string;
  probation: string;
  hiredAt: string;
  leftAt: string | null;
}
export interface PeopleFilter {
  branchId?: string;
  teamId?: string;
  level?: string;
  track?: string;
  probation?: string;
  status?: string;
  /** Contract filters (served once the API has the overview fields). */
  riskBand?: string;
  eligible?: boolean;
  light?: string;
  search?: string;
}
export interface PeoplePage {
  people: {
    edges: { cursor: string; node: PersonRow }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
export const PEOPLE = gql`
  query People($first: Int!, $after: String, $filter: PeopleFilter) {
    people(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          id
          name
          branchId
          teamId
          regionId
          level
          track
          status
          probation
          hiredAt
          leftAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export interface PersonDetail extends PersonRow {
  /** The romanised name for English pages; null when none was recorded. */
  nameEn: string | null;
  manager: { id: string; name: string; nameEn: string | null } | null;
}
export const PERSON = gql`
  query Person($id: String!) {
    person(id: $id) {
      id
      name
      nameEn
      branchId
      teamId
      regionId
      level
      track
      status
      probation
      hiredAt
      leftAt
      manager {
        id
        name
        nameEn
      }
    }
  }
`;

export interface SystemState {
  headPosition: string;
  projectionLag: {
    projection: string;
    position: string;
    head: string;
    eventsBehind: string;
    msBehind: number;
  }[];
}
export const SYSTEM = gql`
  query System {
    headPosition
    projectionLag {
      projection
      position
      head
      eventsBehind
      msBehind
    }
  }
`;

/** Calendar months, both ends included (YYYY-MM), as the API's `MonthRange`. */
export interface MonthRange {
  from: string;
  to: string;
}

/** The `n` calendar months up to and including the current one (UTC, by the product's clock). */
export function lastMonths(n: number, now = productNow()): MonthRange {
  const month = (d: Date) => d.toISOString().slice(0, 7);
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (n - 1), 1));
  return { from: month(from), to: month(now) };
}

/** The current calendar month (UTC, by the product's clock), YYYY-MM. */
export function currentMonth(now = productNow()): string {
  return now.toISOString().slice(0, 7);
}

/** KPI facts of one person per month (amounts in fen). */
export interface KpiMonth {
  month: string;
  salesAmount: number;
  grossMargin: number;
  collected: number;
  collectionRate: number | null;
  deals: number;
  followUps: number;
  demos: number;
  opportunities: number;
  newCustomers: number;
}
export const PERSON_KPI = gql`
  query PersonKpi($id: String!, $months: MonthRange!) {
    person(id: $id) {
      id
      kpis(months: $months) {
        month
        salesAmount
        grossMargin
        collected
        collectionRate
        deals
        followUps
        demos
        opportunities
        newCustomers
      }
    }
  }
`;

/** Commission of one person for one month (fen), earned on payments collected. */
export interface CommissionMonth {
  month: string;
  commission: number;
  collected: number;
  payments: number;
  reversedCommission: number;
}
/** The commission of up to six months at once (`$m0`…`$m5`). */
export const COMMISSION_MONTHS = 6;
export const PERSON_COMMISSION = gql`
  fragment CommissionFields on CommissionMonth {
    month
    commission
    collected
    payments
    reversedCommission
  }
  query PersonCommission($id: String!, $m0: String!, $m1: String!, $m2: String!, $m3: String!, $m4: String!, $m5: String!) {
    person(id: $id) {
      id
      c0: commission(month: $m0) { ...CommissionFields }
      c1: commission(month: $m1) { ...CommissionFields }
      c2: commission(month: $m2) { ...CommissionFields }
      c3: commission(month: $m3) { ...CommissionFields }
      c4: commission(month: $m4) { ...CommissionFields }
      c5: commission(month: $m5) { ...CommissionFields }
    }
  }
`;

export interface CommissionLine {
  paymentId: string;
  saleId: string;
  collected: number;
  collectedAt: string;
  commission: number;
  rate: number;
  saleReversed: boolean;
  position: string;
}
export const COMMISSION_LEDGER = gql`
  query CommissionLedger($id: String!, $month: String!) {
    commissionLedger(employeeId: $id, month: $month) {
      paymentId
      saleId
      collected
      collectedAt
      commission
      rate
      saleReversed
      position
    }
  }
`;

export interface TimelineEvent {
  id: string;
  position: string;
  type: string;
  recordedAt: string;
  /** When it happened in the business (the time the event states); null for platform events. */
  businessTime: string | null;
  source: string | null;
  actor: string | null;
  streamId: string;
  data: Record<string, unknown>;
}
export const PERSON_TIMELINE = gql`
  query PersonTimeline($id: String!, $first: Int) {
    person(id: $id) {
      id
      timeline(first: $first) {
        id
        position
        type
        recordedAt
        businessTime
        source
        actor
        streamId
        data
      }
    }
  }
`;

/** One weighted KPI of a score (ScoreMonth.parts). */
export interface ScorePart {
  kpi: string;
  name: string;
  nameZh: string;
  raw: number | null;
  rawFormula: string;
  normalised: number;
  normalisationFormula: string;
  missing: boolean;
  weight: number;
  points: number;
}
export interface ScoreMonth {
  month: string;
  score: number;
  rank: string;
  formula: string;
  parts: ScorePart[];
  missing: string[];
  policyId: string;
  policyVersion: number;
  policySource: string;
  position: string;
}
export interface Check {
  met: boolean;
  actual: number | null;
  text: { en: string; zh: string };
  task: { en: string; zh: string } | null;
  requirement: {
    kind: string;
    min: number | null;
    kpi: string | null;
    courseId: string | null;
    closedDeals: number | null;
    months: number | null;
  };
}
export interface EligibilityVerdict {
  fromLevel: string;
  toLevel: string;
  track: string;
  eligible: boolean;
  met: number;
  required: number;
  checklist: Check[];
  gaps: Check[];
  summaryEn: string;
  summaryZh: string;
  evaluatedMonth: string;
  ladderId: string;
  ladderVersion: number;
  ladderSource: string;
  position: string;
}
export interface RetentionRisk {
  band: 'low' | 'medium' | 'high';
  risk: number | null;
  flagged: boolean;
  method: string;
  modelId: string | null;
  modelVersion: number | null;
  threshold: number | null;
  weekStart: string;
  position: string;
  factors?: {
    formula: string | null;
    contributions: {
      feature: string;
      name: string;
      nameZh: string;
      value: number;
      standardised: number;
      coefficient: number;
      contribution: number;
    }[];
    signals: { rule: string; met: boolean; text: { en: string; zh: string } }[];
  };
}
export interface PersonTarget {
  period: string;
  amount: number;
  originalAmount: number;
  achieved: number;
  attainment: number;
  light: 'red' | 'yellow' | 'green';
  stageTarget: number;
  stageAttainment: number | null;
  behindWarning: boolean;
  consecutiveWeeksBehind: number;
  peerMedian: number | null;
  weeks: number;
  weeksElapsed: number;
}
export interface TrainingEnrollment {
  courseId: string;
  state: string;
  assignedAt: string | null;
  assignedBy: string | null;
  startedAt: string | null;
  completedAt: string | null;
  reason: string | null;
  testScore: number | null;
}
export interface Alert {
  id: string;
  kind: string;
  at: string;
  employeeId: string;
  messageEn: string;
  messageZh: string;
  /** The message with people named instead of their ids. */
  textEn?: string;
  textZh?: string;
  mustAct: { role: string; id?: string | null }[];
  evidence: unknown;
  state: string;
  acknowledged: { by?: string; at?: string; note?: string | null } | null;
  person?: { id: string; name: string; branchId: string; teamId: string } | null;
}
const ALERT_FIELDS = `id kind at employeeId messageEn messageZh textEn textZh mustAct { role id } evidence { kind ref position } state acknowledged { by at note }`;
export interface PolicyRef {
  id: string;
  version: number;
  source: string | null;
}
export interface ReviewBasis {
  evidencePosition: string;
  scoringPolicy: PolicyRef | null;
  ladder: PolicyRef | null;
  riskModel: PolicyRef | null;
  commissionPlan: PolicyRef | null;
}
export interface PersonEvaluations {
  score: ScoreMonth | null;
  previousScore: ScoreMonth | null;
  eligibility: EligibilityVerdict[];
  retentionRisk: RetentionRisk | null;
  target: PersonTarget | null;
  training: TrainingEnrollment[];
  alerts: Alert[];
  reviewBasis: ReviewBasis;
}
const EVALUATION_FIELDS = `
  score(month: $month) { month score rank formula parts { kpi name nameZh raw rawFormula normalised normalisationFormula missing weight points } missing policyId policyVersion policySource position }
  previousScore: score(month: $previous) { month score rank formula parts { kpi name nameZh raw rawFormula normalised normalisationFormula missing weight points } missing policyId policyVersion policySource position }
  eligibility { fromLevel toLevel track eligible met required checklist { met actual text { en zh } task { en zh } requirement { kind min kpi courseId closedDeals months } } gaps { met actual text { en zh } task { en zh } requirement { kind min kpi courseId closedDeals months } } summaryEn summaryZh evaluatedMonth ladderId ladderVersion ladderSource position }
  target(period: $month) { period amount originalAmount achieved attainment light stageTarget stageAttainment behindWarning consecutiveWeeksBehind peerMedian weeks weeksElapsed }
  training { courseId state assignedAt assignedBy startedAt completedAt reason testScore }
  alerts { ${ALERT_FIELDS} }
  reviewBasis(month: $month) {
    evidencePosition
    scoringPolicy { id version source }
    ladder { id version source }
    riskModel { id version source }
    commissionPlan { id version source }
  }
`;
/** Score, eligibility, target, training, alerts and review basis of a month; risk with or without its factors. */
export const PERSON_EVALUATIONS = gql`
  query PersonEvaluations($id: String!, $month: String!, $previous: String!) {
    person(id: $id) {
      id
      ${EVALUATION_FIELDS}
      retentionRisk { band risk flagged method modelId modelVersion threshold weekStart position factors { formula contributions { feature name nameZh value standardised coefficient contribution } signals { rule met text { en zh } } } }
    }
  }
`;
export const PERSON_EVALUATIONS_NO_FACTORS = gql`
  query PersonEvaluationsBand($id: String!, $month: String!, $previous: String!) {
    person(id: $id) {
      id
      ${EVALUATION_FIELDS}
      retentionRisk { band risk flagged method modelId modelVersion threshold weekStart position }
    }
  }
`;

/** New alerts as they are raised (the inbox counts them and shows them on a click). */
export const ALERT_RAISED = `subscription AlertRaised { alertRaised { id position } }`;

/** Sales grouped as asked over a range (amounts in fen). */
export interface SalesRow {
  group: {
    month: string | null;
    branchId: string | null;
    teamId: string | null;
    productLine: string | null;
    customerType: string | null;
  };
  salesAmount: number;
  collected: number;
  grossMargin: number;
  deals: number;
  newCustomers: number;
}
export const SALES_TOTALS = gql`
  query SalesTotals($months: MonthRange!, $groupBy: [SalesGroup!]) {
    salesTotals(groupBy: $groupBy, months: $months) {
      group { month branchId teamId productLine customerType }
      salesAmount
      collected
      grossMargin
      deals
      newCustomers
    }
  }
`;
export interface LeaderboardEntry {
  employeeId: string;
  rank: number;
  value: number;
  person: { id: string; name: string; branchId: string; teamId: string } | null;
}
export const LEADERBOARD = gql`
  query Leaderboard($metric: LeaderboardMetric!, $months: MonthRange!, $first: Int) {
    leaderboard(metric: $metric, months: $months, first: $first) {
      employeeId
      rank
      value
      person { id name branchId teamId }
    }
  }
`;

export interface PolicyVersion {
  version: number;
  kind: string;
  name: string;
  position: string;
  publishedAt: string;
  publishedBy: string | null;
  document: Record<string, unknown>;
}
export const POLICY_VERSIONS = gql`
  query PolicyVersions($id: String!) {
    policyVersions(id: $id) { version kind name position publishedAt publishedBy document }
  }
`;

export interface TeamMembers {
  team: {
    id: string;
    members: (PersonRow & { target: PersonTarget | null })[];
  } | null;
}
export const TEAM_MEMBERS_TARGETS = gql`
  query TeamMembersTargets($id: String!, $period: String!) {
    team(id: $id) {
      id
      members {
        id name nameEn branchId teamId regionId level track status probation hiredAt leftAt
        target(period: $period) { period amount originalAmount achieved attainment light stageTarget stageAttainment behindWarning consecutiveWeeksBehind peerMedian weeks weeksElapsed }
      }
    }
  }
`;

/* --------------------------------- mutations --------------------------------- */

export type CommandResult =
  | {
      __typename: 'CommandSucceeded';
      position: string;
      duplicate: boolean;
      events: { type: string; position: string }[];
    }
  | { __typename: 'Forbidden' | 'NotFound'; message: string }
  | { __typename: 'RuleViolation'; code: string; message: string }
  | { __typename: 'CommandPending'; commandId: string; message: string }
  | { __typename: 'ValidationFailed'; message: string; problems: { path?: string; message: string }[] };
const RESULT = `
  __typename
  ... on CommandSucceeded { position duplicate events { type position } }
  ... on Forbidden { message field fieldPath }
  ... on NotFound { message field fieldPath }
  ... on RuleViolation { code message field fieldPath rule }
  ... on CommandPending { commandId message }
  ... on ValidationFailed { message field fieldPath problems { path message field } }
`;
export const OPEN_REVIEW = gql`
  mutation OpenReview($input: OpenReviewInput!) { result: openReview(input: $input) { ${RESULT} } }
`;
export const CAST_VOTE = gql`
  mutation CastVote($input: CastVoteInput!) { result: castVote(input: $input) { ${RESULT} } }
`;
export const DECIDE_PROMOTION = gql`
  mutation DecidePromotion($input: DecidePromotionInput!) { result: decidePromotion(input: $input) { ${RESULT} } }
`;
export const ACKNOWLEDGE_ALERT = gql`
  mutation AcknowledgeAlert($input: AcknowledgeAlertInput!) { result: acknowledgeAlert(input: $input) { ${RESULT} } }
`;
export const PUBLISH_SCORING_POLICY = gql`
  mutation PublishScoringPolicy($input: PublishScoringPolicyInput!) { result: publishScoringPolicy(input: $input) { ${RESULT} } }
`;
export const PUBLISH_LADDER = gql`
  mutation PublishLadder($input: PublishLadderInput!) { result: publishLadder(input: $input) { ${RESULT} } }
`;

/** One row of the overview: the person and the overview figures (`Person.compositeScore` …). */
export interface OverviewRow extends PersonRow {
  nameEn: string | null;
  /** The latest complete month's score and its month. */
  compositeScore: number | null;
  scoreMonth: string | null;
  /** The current month so far, apart. */
  monthToDateScore: number | null;
  monthToDateMonth: string | null;
  targetLight: 'red' | 'yellow' | 'green' | null;
  targetMonth: string | null;
  eligible: boolean | null;
  riskBand: 'low' | 'medium' | 'high' | null;
  scoreTrend: number[];
  scoreTrendMonths: string[];
}
export interface OverviewPage {
  businessMonth: string | null;
  organisation: Branch[];
  people: {
    totalCount: number;
    edges: { cursor: string; node: OverviewRow }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
/** The overview in one request: a page of people (server-side filter, sort and cursor), the count, the organisation. */
export const OVERVIEW_PAGE = gql`
  query OverviewPage(
    $first: Int!
    $after: String
    $filter: PeopleFilter
    $sort: PeopleSort
    $dir: SortDirection
  ) {
    businessMonth
    organisation {
      id
      teams {
        id
        activeCount
        departedCount
      }
    }
    people(first: $first, after: $after, filter: $filter, sort: $sort, dir: $dir) {
      totalCount
      edges {
        cursor
        node {
          id
          name
          nameEn
          branchId
          teamId
          regionId
          level
          track
          status
          probation
          hiredAt
          leftAt
          compositeScore
          scoreMonth
          monthToDateScore
          monthToDateMonth
          targetLight
          targetMonth
          eligible
          riskBand
          scoreTrend
          scoreTrendMonths
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

/** An alert of the inbox page, with names for everyone it names (`Alert.assignees`, `textEn`/`textZh`). */
export interface InboxAlert {
  id: string;
  kind: string;
  at: string;
  employeeId: string;
  textEn: string;
  textZh: string;
  assignees: { role: string; id: string | null; name: string | null; nameEn: string | null }[];
  evidence: { kind?: string; ref?: string | null; position?: string } | null;
  state: string;
  acknowledged: { by?: string; at?: string; note?: string | null } | null;
  acknowledgedByName: string | null;
  acknowledgedByNameEn: string | null;
  person: { id: string; name: string; nameEn: string | null; branchId: string; teamId: string } | null;
}
export interface InboxPage {
  alertPage: {
    alerts: InboxAlert[];
    totalCount: number;
    kinds: { kind: string; count: number }[];
    hasNextPage: boolean;
    endCursor: string | null;
  };
}
const INBOX_FIELDS = `alerts {
        id kind at employeeId textEn textZh evidence { kind ref position } state acknowledged { by at note } acknowledgedByName acknowledgedByNameEn
        assignees { role id name nameEn }
        person { id name nameEn branchId teamId }
      }
      totalCount
      kinds { kind count }
      hasNextPage
      endCursor`;
/** A page of the inbox (`alertPage`), by state, kind and "mine", after a cursor. */
export const ALERT_PAGE = gql`
  query AlertPage($state: String, $kind: String, $mine: Boolean, $first: Int, $after: String) {
    alertPage(state: $state, kind: $kind, mine: $mine, first: $first, after: $after) {
      ${INBOX_FIELDS}
    }
  }
`;
/** The same page read back once the read models have reached `position` (after an acknowledgement). */
export const ALERT_PAGE_AFTER = gql`
  query AlertPageAfter($state: String, $kind: String, $mine: Boolean, $first: Int, $after: String, $position: Position!)
  @waitFor(position: $position) {
    alertPage(state: $state, kind: $kind, mine: $mine, first: $first, after: $after) {
      ${INBOX_FIELDS}
    }
  }
`;

/** The current business month (`YYYY-MM`), null on an empty store. */
export const BUSINESS_MONTH = gql`
  query BusinessMonth {
    businessMonth
  }
`;
