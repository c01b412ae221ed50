import { graphql, type ResultOf, type VariablesOf } from './graphql.ts';
import { productNow } from './now.ts';

/**
 * The dashboard's GraphQL documents, typed from the API's schema (packages/api/schema.graphql)
 * by gql.tada: the types below are derived from the documents, never written by hand, and
 * `pnpm typecheck` checks every document against the schema.
 */

export const ORGANISATION = graphql(`
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
`);

export const PEOPLE = graphql(`
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
`);

export const PERSON = graphql(`
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
      personalDataRedacted
      manager {
        id
        name
        nameEn
      }
    }
  }
`);

export const SYSTEM = graphql(`
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
`);

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

export const PERSON_KPI = graphql(`
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
`);

/** The commission of up to six months at once (`$m0`…`$m5`). */
export const COMMISSION_MONTHS = 6;
const CommissionFields = graphql(`
  fragment CommissionFields on CommissionMonth {
    month
    commission
    adjustments
    payable
    collected
    payments
    reversedCommission
    planId
    planVersion
    adjustmentLines {
      paymentId
      saleId
      paymentCollectedAt
      paymentAmount
      reason
      amount
      rate
      planId
      planVersion
      recordedAt
      position
    }
  }
`);
export const PERSON_COMMISSION = graphql(
  `
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
`,
  [CommissionFields],
);

export const COMMISSION_LEDGER = graphql(`
  query CommissionLedger($id: String!, $month: String!) {
    commissionLedger(employeeId: $id, month: $month) {
      paymentId
      saleId
      collected
      collectedAt
      commission
      rate
      saleReversed
      planId
      planVersion
      position
    }
  }
`);

export const PERSON_TIMELINE = graphql(`
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
`);

export const AlertFields = graphql(`
  fragment AlertFields on Alert { id kind at employeeId messageEn messageZh textEn textZh mustAct { role id } evidence { kind ref position } state acknowledged { by at note } }
`);
const EvaluationFields = graphql(
  `
  fragment EvaluationFields on Person {
  score(month: $month) { month score rank formula parts { kpi name nameZh raw rawFormula normalised normalisationFormula missing weight points } missing policyId policyVersion policySource policyBranchId position }
  previousScore: score(month: $previous) { month score rank formula parts { kpi name nameZh raw rawFormula normalised normalisationFormula missing weight points } missing policyId policyVersion policySource policyBranchId position }
  eligibility { fromLevel toLevel track eligible met required checklist { met actual text { en zh } task { en zh } requirement { kind min kpi courseId closedDeals months } } gaps { met actual text { en zh } task { en zh } requirement { kind min kpi courseId closedDeals months } } summaryEn summaryZh evaluatedMonth ladderId ladderVersion ladderSource ladderBranchId position }
  target(period: $month) { period amount originalAmount achieved attainment light stageTarget stageAttainment behindWarning consecutiveWeeksBehind peerMedian weeks weeksElapsed policyId policyVersion policyBranchId }
  training { courseId state assignedAt assignedBy dueOn startedAt completedAt reason testScore }
  alerts { ...AlertFields }
  reviewBasis(month: $month) {
    evidencePosition
    scoringPolicy { id version source }
    ladder { id version source }
    riskModel { id version source }
    commissionPlan { id version source }
  }
}
`,
  [AlertFields],
);
/** Score, eligibility, target, training, alerts and review basis of a month; risk with or without its factors. */
export const PERSON_EVALUATIONS = graphql(
  `
  query PersonEvaluations($id: String!, $month: String!, $previous: String!) {
    person(id: $id) {
      id
      ...EvaluationFields
      retentionRisk { band risk flagged method modelId modelVersion threshold weekStart position factors { formula contributions { feature name nameZh value standardised coefficient contribution } signals { rule met text { en zh } } } }
    }
  }
`,
  [EvaluationFields],
);
export const PERSON_EVALUATIONS_NO_FACTORS = graphql(
  `
  query PersonEvaluationsBand($id: String!, $month: String!, $previous: String!) {
    person(id: $id) {
      id
      ...EvaluationFields
      retentionRisk { band risk flagged method modelId modelVersion threshold weekStart position }
    }
  }
`,
  [EvaluationFields],
);

/** New alerts as they are raised (the inbox counts them and shows them on a click). */
export const ALERT_RAISED = `subscription AlertRaised { alertRaised { id position } }`;

export const SALES_TOTALS = graphql(`
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
`);
export const LEADERBOARD = graphql(`
  query Leaderboard($metric: LeaderboardMetric!, $months: MonthRange!, $first: Int) {
    leaderboard(metric: $metric, months: $months, first: $first) {
      employeeId
      rank
      value
      person { id name branchId teamId }
    }
  }
`);

const KpiWeightFields = graphql(`
  fragment KpiWeightFields on KpiWeight { kpi weight }
`);
/** A scoring policy as published: every field, so that a draft of it is the publish input. */
const ScoringPolicyFields = graphql(
  `
  fragment ScoringPolicyFields on ScoringPolicy {
    id version name
    kpis { kpi name nameZh kind unit definition normalisation { kind floor target } }
    weightsByRank {
      sales_representative { ...KpiWeightFields } sales_supervisor { ...KpiWeightFields }
      sales_manager { ...KpiWeightFields } regional_director { ...KpiWeightFields }
      key_account_consultant { ...KpiWeightFields } sales_support { ...KpiWeightFields }
    }
    thresholds { score salesCompletionRate collectionRate }
  }
`,
  [KpiWeightFields],
);
/** A ladder as published: every field (a requirement's `kind` says which of its fields are set). */
const LadderFields = graphql(`
  fragment LadderFields on Ladder {
    id version name
    tracks { id name nameZh levels { id name nameZh requirements { kind min kpi courseId closedDeals months } } }
  }
`);
/** A commission plan as published: its tiers (from in fen, rate a fraction), period and effective date. */
const CommissionPlanFields = graphql(`
  fragment CommissionPlanFields on CommissionPlan {
    id version name basis period effectiveFrom description tiers { from rate }
  }
`);
export const POLICY_VERSIONS = graphql(
  `
  query PolicyVersions($id: String!) {
    policyVersions(id: $id) {
      version kind name position publishedAt businessTime publishedBy branchId withdrawn
      document { __typename ...ScoringPolicyFields ...LadderFields ...CommissionPlanFields }
    }
  }
`,
  [ScoringPolicyFields, LadderFields, CommissionPlanFields],
);

export const TEAM_MEMBERS_TARGETS = graphql(`
  query TeamMembersTargets($id: String!, $period: String!) {
    team(id: $id) {
      id
      members {
        id name nameEn branchId teamId regionId level track status probation hiredAt leftAt
        target(period: $period) { period amount originalAmount achieved attainment light stageTarget stageAttainment behindWarning consecutiveWeeksBehind peerMedian weeks weeksElapsed policyId policyVersion policyBranchId }
      }
    }
  }
`);

/* --------------------------------- mutations --------------------------------- */

export const CommandResultFields = graphql(`
  fragment CommandResultFields on CommandResult {
  __typename
  ... on CommandSucceeded { position duplicate events { type position } }
  ... on Forbidden { message field fieldPath }
  ... on NotFound { message field fieldPath }
  ... on RuleViolation { code message field fieldPath rule }
  ... on CommandPending { commandId message }
  ... on ValidationFailed { message field fieldPath problems { path message field } }
}
`);
export const OPEN_REVIEW = graphql(
  `
  mutation OpenReview($input: OpenReviewInput!) { result: openReview(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const CAST_VOTE = graphql(
  `
  mutation CastVote($input: CastVoteInput!) { result: castVote(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const DECIDE_PROMOTION = graphql(
  `
  mutation DecidePromotion($input: DecidePromotionInput!) { result: decidePromotion(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const ASSIGN_COURSE = graphql(
  `
  mutation AssignCourse($input: AssignCourseInput!) { result: assignCourse(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const ASSIGN_COURSE_TO_TEAM = graphql(
  `
  mutation AssignCourseToTeam($input: AssignCourseToTeamInput!) { result: assignCourseToTeam(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const PUBLISH_COURSE_POLICY = graphql(
  `
  mutation PublishCoursePolicy($input: PublishCoursePolicyInput!) { result: publishCoursePolicy(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const ACKNOWLEDGE_ALERT = graphql(
  `
  mutation AcknowledgeAlert($input: AcknowledgeAlertInput!) { result: acknowledgeAlert(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const RECORD_MENTOR_TASK = graphql(
  `
  mutation RecordMentorTask($input: RecordMentorTaskInput!) { result: recordMentorTask(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const RATE_MENTOR = graphql(
  `
  mutation RateMentor($input: RateMentorInput!) { result: rateMentor(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const ASSIGN_MENTOR = graphql(
  `
  mutation AssignMentor($input: AssignMentorInput!) { result: assignMentor(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const PASS_PROBATION = graphql(
  `
  mutation PassProbation($input: PassProbationInput!) { result: passProbation(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const FAIL_PROBATION = graphql(
  `
  mutation FailProbation($input: FailProbationInput!) { result: failProbation(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const LOG_FOLLOW_UP = graphql(
  `
  mutation LogFollowUp($input: LogFollowUpInput!) { result: logFollowUp(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const GIVE_DEMO = graphql(
  `
  mutation GiveDemo($input: GiveDemoInput!) { result: giveDemo(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const PUBLISH_SCORING_POLICY = graphql(
  `
  mutation PublishScoringPolicy($input: PublishScoringPolicyInput!) { result: publishScoringPolicy(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const PUBLISH_LADDER = graphql(
  `
  mutation PublishLadder($input: PublishLadderInput!) { result: publishLadder(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
/** Withdraw a branch's variant: the branch is judged by the headquarters default again. */
export const WITHDRAW_POLICY_VARIANT = graphql(
  `
  mutation WithdrawPolicyVariant($input: WithdrawPolicyVariantInput!) { result: withdrawPolicyVariant(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);

const ProbationPolicyFields = graphql(`
  fragment ProbationPolicyFields on ProbationPolicy {
    id version months baseDealsPerMonth
    reduced { dealsPerMonth weeklySkillGrowthAbove }
    stretch { dealsPerMonth dailySalesGrowthAbove bonus }
  }
`);
/** The probation policy in force (the latest published version of each policy id). */
export const PROBATION_POLICY = graphql(
  `
    query ProbationPolicyInForce {
      policies { id kind version publishedAt document { ... on ProbationPolicy { ...ProbationPolicyFields } } }
    }
  `,
  [ProbationPolicyFields],
);
export const PROBATION_POLICY_AFTER = graphql(
  `
    query ProbationPolicyAfter($position: Position!) @waitFor(position: $position) {
      policies { id kind version publishedAt document { ... on ProbationPolicy { ...ProbationPolicyFields } } }
    }
  `,
  [ProbationPolicyFields],
);
/** Every published version of a probation policy, oldest first. */
export const PROBATION_POLICY_VERSIONS = graphql(
  `
    query ProbationPolicyVersions($id: String!) {
      policyVersions(id: $id) { version businessTime publishedBy document { ... on ProbationPolicy { ...ProbationPolicyFields } } }
    }
  `,
  [ProbationPolicyFields],
);
export type ProbationPolicyDocument = ResultOf<typeof ProbationPolicyFields>;
export const PUBLISH_PROBATION_POLICY = graphql(
  `
  mutation PublishProbationPolicy($input: PublishProbationPolicyInput!) { result: publishProbationPolicy(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
const TargetPolicyFields = graphql(`
  fragment TargetPolicyFields on TargetPolicy {
    id version historyMonths growth roundTo
    rankFactors { sales_representative sales_supervisor sales_manager regional_director key_account_consultant sales_support }
    defaultMonthlyTarget { sales_representative sales_supervisor sales_manager regional_director key_account_consultant sales_support }
    extremeShare { above below }
    earlyWarning { consecutiveWeeksBehind peerGap }
    coefficients { region { regionId coefficient } market { branchId coefficient } productDifficulty }
  }
`);
/** The target policy in force (the latest published version of each policy id). */
export const TARGET_POLICY = graphql(
  `
    query TargetPolicyInForce {
      policies { id kind version publishedAt branchId withdrawn document { ... on TargetPolicy { ...TargetPolicyFields } } }
    }
  `,
  [TargetPolicyFields],
);
export const TARGET_POLICY_AFTER = graphql(
  `
    query TargetPolicyAfter($position: Position!) @waitFor(position: $position) {
      policies { id kind version publishedAt branchId withdrawn document { ... on TargetPolicy { ...TargetPolicyFields } } }
    }
  `,
  [TargetPolicyFields],
);
export type TargetPolicyDocument = ResultOf<typeof TargetPolicyFields>;
export const PUBLISH_TARGET_POLICY = graphql(
  `
  mutation PublishTargetPolicy($input: PublishTargetPolicyInput!) { result: publishTargetPolicy(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const SET_TARGET = graphql(
  `
  mutation SetTarget($input: SetTargetInput!) { result: setTarget(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const SPLIT_TEAM_TARGET = graphql(
  `
  mutation SplitTeamTarget($input: SplitTeamTargetInput!) { result: splitTeamTarget(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const REQUEST_TARGET_ADJUSTMENT = graphql(
  `
  mutation RequestTargetAdjustment($input: RequestTargetAdjustmentInput!) { result: requestTargetAdjustment(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const APPROVE_TARGET_ADJUSTMENT = graphql(
  `
  mutation ApproveTargetAdjustment($input: ApproveTargetAdjustmentInput!) { result: approveTargetAdjustment(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const REJECT_TARGET_ADJUSTMENT = graphql(
  `
  mutation RejectTargetAdjustment($input: RejectTargetAdjustmentInput!) { result: rejectTargetAdjustment(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);

/** The overview in one request: a page of people (server-side filter, sort and cursor), the count, the organisation. */
export const OVERVIEW_PAGE = graphql(`
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
`);

const InboxFields = graphql(`
  fragment InboxFields on AlertPage {
      alerts {
        id kind at employeeId textEn textZh evidence { kind ref position } state acknowledged { by at note } acknowledgedByName acknowledgedByNameEn
        replacement { name nameEn at reason }
        currentMentor { id name nameEn }
        assignees { role id name nameEn }
        person { id name nameEn branchId teamId }
      }
      totalCount
      kinds { kind count }
      hasNextPage
      endCursor
  }
`);
/** A page of the inbox (`alertPage`), by state, kind and "mine", after a cursor. */
export const ALERT_PAGE = graphql(
  `
  query AlertPage($state: String, $kind: String, $mine: Boolean, $first: Int, $after: String) {
    alertPage(state: $state, kind: $kind, mine: $mine, first: $first, after: $after) {
      ...InboxFields
    }
  }
`,
  [InboxFields],
);
/** The same page read back once the read models have reached `position` (after an acknowledgement). */
export const ALERT_PAGE_AFTER = graphql(
  `
  query AlertPageAfter($state: String, $kind: String, $mine: Boolean, $first: Int, $after: String, $position: Position!)
  @waitFor(position: $position) {
    alertPage(state: $state, kind: $kind, mine: $mine, first: $first, after: $after) {
      ...InboxFields
    }
  }
`,
  [InboxFields],
);

/** The current business month (`YYYY-MM`), null on an empty store. */
export const BUSINESS_MONTH = graphql(`
  query BusinessMonth {
    businessMonth
  }
`);

/* ------------------------------ reviews, analytics, audit ------------------------------ */

export type Light = 'red' | 'yellow' | 'green';
export type RiskBand = 'low' | 'medium' | 'high';

export const LineageFlagFields = graphql(`
  fragment LineageFlagFields on LineageFlag {
    kind ref saleId paymentId reason amountBefore amountAfter flaggedAt position employeeId sellerId correction fromPosition beforePosition
    path { kind ref employeeId person { id name nameEn } }
  }
`);
/** Requirements the latest corrections reached through someone else's sales: a mentee's deal, the team's sales. */
export const CORRECTED_REQUIREMENTS = graphql(
  `
    query CorrectedRequirements {
      mentee: lineageFlags(kind: mentee_deals, first: 15) { ...LineageFlagFields }
      team: lineageFlags(kind: team_growth, first: 15) { ...LineageFlagFields }
    }
  `,
  [LineageFlagFields],
);
/** The decisions the latest corrections reached (by any path), newest correction first (30: the API's cost limit). */
export const CORRECTED_DECISIONS = graphql(
  `
    query CorrectedDecisions {
      lineageFlags(kind: decision, first: 30) { ...LineageFlagFields }
    }
  `,
  [LineageFlagFields],
);

/** Why a committee may decide against the verdict or the majority (the domain's list). */
export const OVERRIDE_CODES = [
  'exceptional_contribution',
  'evidence_outdated',
  'conduct_or_compliance',
  'business_need',
  'other',
] as const;
export const ReviewFields = graphql(
  `
  fragment ReviewFields on PromotionReview {
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
  lineageFlags { ...LineageFlagFields }
}
`,
  [LineageFlagFields],
);

export const PERSON_FEEDBACK = graphql(`
    query PersonFeedback($id: String!) {
      person(id: $id) {
        id
        feedback360(first: 50) { at from fromId rating comment }
      }
    }
  `);
export const PERSON_MENTORING = graphql(`
    query PersonMentoring($id: String!) {
      person(id: $id) {
        id
        mentoring {
          mentorId
          mentor { id name nameEn }
          mentorName mentorNameEn
          endedAt
          weeks { weekStart state due done missing }
          ratings { at mentorId rating }
          overdueWeeks
        }
      }
    }
  `);
/** The same, read back once the read models have reached `position` (after a rating). */
export const PERSON_MENTORING_AFTER = graphql(`
    query PersonMentoringAfter($id: String!, $position: Position!) @waitFor(position: $position) {
      person(id: $id) {
        id
        mentoring {
          mentorId
          mentor { id name nameEn }
          mentorName mentorNameEn
          endedAt
          weeks { weekStart state due done missing }
          ratings { at mentorId rating }
          overdueWeeks
        }
      }
    }
  `);
/** The evidence for a probation decision: weekly verdicts against the probation target. */
export const PERSON_PROBATION = graphql(`
    query PersonProbation($id: String!) {
      person(id: $id) {
        id
        probation
        probationEvidence { state start end through dealsPerMonth weeks { weekStart deals dealsSoFar requiredSoFar verdict rule { policyId policyVersion variant dealsPerMonth bonus weeklySkillGrowth dailySalesGrowth reason { en zh } } } }
      }
    }
  `);
export const PERSON_PROBATION_AFTER = graphql(`
    query PersonProbationAfter($id: String!, $position: Position!) @waitFor(position: $position) {
      person(id: $id) {
        id
        probation
        probationEvidence { state start end through dealsPerMonth weeks { weekStart deals dealsSoFar requiredSoFar verdict rule { policyId policyVersion variant dealsPerMonth bonus weeklySkillGrowth dailySalesGrowth reason { en zh } } } }
      }
    }
  `);
const ProbationCohortFields = graphql(`
  fragment ProbationCohortFields on ProbationCohort {
    key mentor { id name nameEn } people passed failed onProbation
    passRate { n count rate } retained3m { n count rate } retained6m { n count rate }
    mentorTasks { n count rate } skillMastery { n count rate }
  }
`);
/** The probation cohort report: newcomers by hire month or quarter, or by mentor. */
export const PROBATION_COHORTS = graphql(
  `
    query ProbationCohorts($by: ProbationCohortBy!) {
      probationCohorts(by: $by) { by asOf masteryScore cohorts { ...ProbationCohortFields } total { ...ProbationCohortFields } }
    }
  `,
  [ProbationCohortFields],
);
export type ProbationCohortRow = ResultOf<typeof ProbationCohortFields>;
const MenteeDeskFields = graphql(`
  fragment MenteeDeskFields on MenteeDesk {
    employeeId name nameEn level hiredAt probation probationEnd assignedAt weekStart
    tasks { task done entries { notes at } }
    recentWeeks { weekStart state due done missing }
    alerts { id kind at textEn textZh }
  }
`);
/** The signed-in mentor's mentees, this week's three tasks and the open alerts about them. */
export const MENTOR_WORKBENCH = graphql(
  `
  query MentorWorkbench { mentorWorkbench { ...MenteeDeskFields } }
`,
  [MenteeDeskFields],
);
export const MENTOR_WORKBENCH_AFTER = graphql(
  `
  query MentorWorkbenchAfter($position: Position!) @waitFor(position: $position) { mentorWorkbench { ...MenteeDeskFields } }
`,
  [MenteeDeskFields],
);
/** Whether the signed-in person mentors anyone now (the nav shows the workbench then). */
export const MY_MENTEES = graphql(`
  query MyMentees { mentorWorkbench { employeeId } }
`);
/** Who could replace a mentor: colleagues of the mentee's team, then branch. */
export const MENTOR_CANDIDATES = graphql(`
    query MentorCandidates($id: String!) {
      person(id: $id) {
        id
        mentorCandidates { person { id name nameEn } sameTeam mentees averageRating }
      }
    }
  `);
/** The customers a rep was last in touch with, for the phone's quick log. */
export const RECENT_CUSTOMERS = graphql(`
    query RecentCustomers($id: String!) {
      person(id: $id) { id recentCustomers(first: 6) { customerId contacts lastAt lastKind lastSource } }
    }
  `);
export const RECENT_CUSTOMERS_AFTER = graphql(`
    query RecentCustomersAfter($id: String!, $position: Position!) @waitFor(position: $position) {
      person(id: $id) { id recentCustomers(first: 6) { customerId contacts lastAt lastKind lastSource } }
    }
  `);
export const PERSON_RECOMMENDATIONS = graphql(`
    query PersonRecommendations($id: String!) {
      person(id: $id) {
        id
        recommendations { courseId titleZh titleEn reasonZh reasonEn kpi basis }
      }
    }
  `);
/** The courses that can be assigned. */
export const COURSE_CATALOGUE = graphql(`
    query CourseCatalogue { courseCatalogue { id name nameZh hours } }
  `);
const CoursePolicyFields = graphql(`
  fragment CoursePolicyFields on CoursePolicyInForce {
    published
    position
    document {
      id version name
      courses { id name nameZh hours scoreBand { min max } targetKpis }
      rules { bands { basicUpTo relationshipBelow basic relationship leadership } gapBelowPoints kpiGaps { kpi courses } }
    }
  }
`);
/** The course catalogue and recommendation rules in force (a published policy, else the demo's). */
export const COURSE_POLICY = graphql(
  `
    query CoursePolicy { coursePolicy { ...CoursePolicyFields } }
  `,
  [CoursePolicyFields],
);
/** The same, read back after a publication (read-your-writes). */
export const COURSE_POLICY_AFTER = graphql(
  `
    query CoursePolicyAfter($position: Position!) @waitFor(position: $position) { coursePolicy { ...CoursePolicyFields } }
  `,
  [CoursePolicyFields],
);
export type CoursePolicyInForce = ResultOf<typeof CoursePolicyFields>;
/** A person's courses and recommendations read back after a course was assigned (read-your-writes). */
export const PERSON_TRAINING_AFTER = graphql(`
    query PersonTrainingAfter($id: String!, $position: Position!) @waitFor(position: $position) {
      person(id: $id) {
        id
        training { courseId state assignedAt assignedBy dueOn startedAt completedAt reason testScore }
        recommendations { courseId titleZh titleEn reasonZh reasonEn kpi basis }
      }
    }
  `);
export const PERSON_REVIEWS = graphql(
  `
    query PersonReviews($id: String!) {
      person(id: $id) {
        id
        reviews { ...ReviewFields }
        lineageFlags { ...LineageFlagFields }
      }
    }
  `,
  [ReviewFields, LineageFlagFields],
);
export const REVIEW_BY_ID = graphql(
  `
    query Review($id: String!) {
      review(id: $id) { ...ReviewFields }
    }
  `,
  [ReviewFields],
);
/** The same, only once every read model has applied `position` (read-your-writes). */
export const REVIEW_AFTER = graphql(
  `
    query ReviewAfter($id: String!, $position: Position!) @waitFor(position: $position) {
      review(id: $id) { ...ReviewFields }
    }
  `,
  [ReviewFields],
);
export const REVIEWS = graphql(
  `
    query Reviews($state: String, $first: Int) {
      reviews(state: $state, first: $first) { ...ReviewFields }
    }
  `,
  [ReviewFields],
);
/** Calibration of a promotion round: the 9-box, histogram, groups against the company, cycle time, notes. */
export const CALIBRATION = graphql(`
  query Calibration($round: String) {
    calibration(round: $round) {
      round from to
      rounds { round nominations }
      bounds { scoreMid scoreHigh readinessMid readinessHigh minSample scoreDeviation approvalDeviation histogramWidth }
      candidates {
        reviewId employeeId person { id name nameEn } toLevel score performance readiness requirementsMet
        requirementsTotal readinessBand evaluatedMonth readinessTrend state outcome nominatedAt cycleDays
      }
      nineBox { performance readiness count candidates { reviewId } }
      unplaced { reviewId }
      histogram { from to count }
      company { ...CalibrationGroupFields }
      byBranch { ...CalibrationGroupFields }
      byTeam { ...CalibrationGroupFields }
      byManager { ...CalibrationGroupFields person { id name nameEn } }
      cycleTime { decided medianDays p90Days }
      notes { id employeeId person { id name nameEn } note annotatedBy author { id name nameEn } at position }
    }
  }
  fragment CalibrationGroupFields on CalibrationGroup {
    kind id nominations meanScore decided approved approvalRate scoreDifference approvalDifference tooFew warnings
  }
`);
export type CalibrationData = NonNullable<ResultOf<typeof CALIBRATION>['calibration']>;
/** A round's notes once the projections have reached a note just written. */
export const CALIBRATION_NOTES_AFTER = graphql(`
  query CalibrationNotesAfter($round: String!, $position: Position!) @waitFor(position: $position) {
    calibration(round: $round) {
      round
      notes { id employeeId person { id name nameEn } note annotatedBy author { id name nameEn } at position }
    }
  }
`);
export type CalibrationNote = CalibrationData['notes'][number];
export type CalibrationCandidate = CalibrationData['candidates'][number];
export type CalibrationGroup = CalibrationData['byBranch'][number];
export const ANNOTATE_CALIBRATION = graphql(
  `
  mutation AnnotateCalibration($input: AnnotateCalibrationInput!) { result: annotateCalibration(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const REVIEW_PAGE = graphql(
  `
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
        nodes { ...ReviewFields }
      }
    }
  `,
  [ReviewFields],
);
/** Decided reviews for the audit picker, a page at a time, searchable. */
export const DECISION_PAGE = graphql(`
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
  `);
export const DECISIONS = graphql(
  `
    query Decisions($first: Int) {
      decisions(first: $first) { ...ReviewFields }
    }
  `,
  [ReviewFields],
);

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
export type TrendMetric = (typeof TREND_METRICS)[number] & VariablesOf<typeof TREND>['metric'];
export const TREND_GROUPS = ['COMPANY', 'BRANCH', 'TEAM', 'PERSON', 'PRODUCT_LINE', 'CUSTOMER_TYPE'] as const;
export type TrendGroup = (typeof TREND_GROUPS)[number] & NonNullable<VariablesOf<typeof TREND>['groupBy']>;
export const TREND = graphql(`
    query Trend($metric: TrendMetric!, $months: MonthRange!, $groupBy: TrendGroup, $horizon: Int, $top: Int) {
      trend(metric: $metric, months: $months, groupBy: $groupBy, horizon: $horizon, top: $top) {
        key
        label
        points { month value }
        forecast { month value lower upper }
        method
      }
    }
  `);

export const MODEL_QUALITY = graphql(`
    query ModelQuality {
      modelQuality { modelId version publishedAt auc precision recall threshold positiveRate calibration { from to count meanPredicted observedRate } horizonWeeks trainRows testRows ece
        training { position cutOff horizonDays seed splitOn trainPeople testPeople thresholdRule
          recalibration { from rows observedRate meanPredictedBefore shift } }
        byBranch { branchId rows positiveRate auc precision recall ece }
        flagOutcomes { today pending predictions flagged left flaggedLeft precision recall meanPredicted observedRate ece drift driftBound driftJudged driftWarning
          calibration { from to count meanPredicted observedRate }
          byBranch { groupId predictions flagged left flaggedLeft precision recall meanPredicted observedRate }
          byManager { groupId manager { id name nameEn } predictions flagged left flaggedLeft precision recall meanPredicted observedRate } } }
      fairness { branchId people flagged flaggedRate left precision recall }
    }
  `);
export const INSIGHTS = graphql(`
    query Insights($months: MonthRange!) {
      recruitingFit { horizonMonths asOf hires tooRecent bands { band count stayed retention interval } highToLowRatio }
      successProfile(months: $months) { from to people topShare topCount restCount cutoffScore behaviours { behaviour topMean restMean effectSize bar shareOfTopAtBar shareOfRestAtBar } }
      teamPractices(months: $months) { teamId people meanScore enough bestPractices { behaviour teamMean companyMean z n } commonProblems { behaviour teamMean companyMean z n } }
      interventionOutcome { followUpDays graceDays asOf minimumPerGroup tooRecent unflaggedInterventions difference differenceInterval
        flaggedFrom flaggedTo leftBeforeGraceEnd intervenedBeforeFlag intervenedAfterGrace
        intervened { people stayed retention interval } notIntervened { people stayed retention interval } }
    }
  `);
export type Insights = ResultOf<typeof INSIGHTS>;

const EFFECT_MEASURE = graphql(`
    fragment EffectMeasureFields on EffectMeasure {
      status minimumPeers trainees peers before after peerBefore peerAfter effect ci95
    }
  `);
export const COURSE_EFFECTS = graphql(
  `
    query CourseEffects {
      courseEffects {
        courseId titleZh titleEn kpi windowMonths method
        status minimumPeers trainees peers before after peerBefore peerAfter effect ci95
        byTeam { teamId measure { ...EffectMeasureFields } }
        byTrainee { employeeId month person { id name nameEn } measure { ...EffectMeasureFields } }
      }
    }
  `,
  [EFFECT_MEASURE],
);

/** What approved promotions did to the promoted people's scores and their teams' sales. */
export const PROMOTION_OUTCOMES = graphql(`
  query PromotionOutcomes($windowMonths: Int) {
    promotionOutcomes(windowMonths: $windowMonths) {
      windowMonths lastMonth
      score { status minimumPeers trainees peers before after peerBefore peerAfter effect ci95 }
      teamSales { status minimumPeers trainees peers before after peerBefore peerAfter effect ci95 }
      promotions {
        employeeId reviewId month fromLevel toLevel teamId status
        scoreBefore scoreAfter teamSalesBefore teamSalesAfter
        person { id name nameEn }
      }
    }
  }
`);
export type PromotionOutcomes = ResultOf<typeof PROMOTION_OUTCOMES>['promotionOutcomes'];
/** The windows an analyst may compare promotions over, in months on each side of the decision. */
export const PROMOTION_WINDOWS = [1, 2, 3, 6] as const;

// ——— Import (HR): an uploaded file's tables, the dry run, the run's progress and the history ———

export const IMPORT_KINDS = graphql(`
  query ImportKinds {
    importKinds {
      kind
      columns {
        name
        label
        required
      }
    }
  }
`);
export type ImportKindInfo = ResultOf<typeof IMPORT_KINDS>['importKinds'][number];

export const IMPORT_UPLOAD = graphql(`
  query ImportUpload($id: ID!) {
    importUpload(id: $id) {
      id
      fileName
      size
      tables {
        name
        sheet
        rows
        kind
        rememberedBy
        rememberedAt
        headers {
          header
          column
        }
        sample {
          cells
        }
      }
    }
  }
`);
export type ImportUploadInfo = ResultOf<typeof IMPORT_UPLOAD>['importUpload'];
export type ImportInput = VariablesOf<typeof DRY_RUN_IMPORT>['input'];

export const ImportReportFields = graphql(`
  fragment ImportReportFields on ImportReport {
    status
    rows
    appended
    duplicates
    warnings
    files {
      file
      kind
      rows
      appended
      duplicates
      rejected
      status
    }
    problems {
      file
      line
      column
      value
      reason
    }
  }
`);

export const DRY_RUN_IMPORT = graphql(
  `
  mutation DryRunImport($input: ImportInput!) {
    dryRunImport(input: $input) {
      report {
        ...ImportReportFields
      }
      cleaning {
        table
        suggestions {
          rule
          count
          examples {
            line
            column
            before
            after
            duplicateOf
          }
        }
      }
    }
  }
`,
  [ImportReportFields],
);
export type ImportCheck = ResultOf<typeof DRY_RUN_IMPORT>['dryRunImport'];

export const ImportRunFields = graphql(`
  fragment ImportRunFields on ImportRun {
    id
    files
    status
    phase
    done
    total
    percent
    startedBy
    startedAt
    finishedAt
    rows
    appended
    duplicates
    problems
    error
  }
`);

export const START_IMPORT = graphql(
  `
  mutation StartImport($input: ImportInput!) {
    startImport(input: $input) {
      ...ImportRunFields
    }
  }
`,
  [ImportRunFields],
);
export const RESUME_IMPORT = graphql(
  `
  mutation ResumeImport($id: ID!) {
    resumeImport(id: $id) {
      ...ImportRunFields
    }
  }
`,
  [ImportRunFields],
);
export const IMPORT_RUN = graphql(
  `
  query ImportRun($id: ID!) {
    importRun(id: $id) {
      ...ImportRunFields
    }
  }
`,
  [ImportRunFields],
);
/** A run's report, read when it is shown (with the history's twenty runs it would cost too much). */
export const IMPORT_RUN_REPORT = graphql(
  `
  query ImportRunReport($id: ID!) {
    importRun(id: $id) {
      id
      report {
        ...ImportReportFields
      }
    }
  }
`,
  [ImportReportFields],
);
export type ImportReportInfo = NonNullable<
  NonNullable<ResultOf<typeof IMPORT_RUN_REPORT>['importRun']>['report']
>;
export const IMPORT_RUNS = graphql(
  `
  query ImportRuns {
    importRuns(first: 20) {
      ...ImportRunFields
    }
  }
`,
  [ImportRunFields],
);
export type ImportRun = ResultOf<typeof IMPORT_RUNS>['importRuns'][number];

export const POLICIES = graphql(`
    query Policies {
      policies { id kind eventType name version publishedAt publishedBy position branchId withdrawn }
    }
  `);
/** The policies once the read model has reached a publication or withdrawal (read your write). */
export const POLICIES_AFTER = graphql(`
    query PoliciesAfter($position: Position!) @waitFor(position: $position) {
      policies { id kind eventType name version publishedAt publishedBy position branchId withdrawn }
    }
  `);

export const TEAM_TARGETS = graphql(`
    query TeamTargets($period: String!) {
      teamTargets(period: $period) { teamId name branchId period amount achieved attainment light members red yellow green }
    }
  `);
export const TARGET_PLAN = graphql(`
    query TargetPlan($employeeId: String!, $period: String!, $amount: Fen) {
      targetPlan(employeeId: $employeeId, period: $period, amount: $amount) {
        employeeId period baseline coefficients { region productDifficulty market } basis { formula factor growth currentTarget policy { id version } policyBranchId rank { level factor source } history { source months monthlySales from base sameMonths sameMonthSales } probability { source weeklySales weeklyMean weeklySd achievedSoFar achievedSource weeks weeksElapsed weeksRemaining clock } } amount probability explanation
        estimate { method ownWeeks priorPeers priorWeight weeklyMean }
        outcome { amount achieved attainment reached }
        curve { amount probability }
        peers { employeeId name nameEn level amount achieved }
      }
    }
  `);
export const TEAM_SPLIT = graphql(`
    query TeamSplit($teamId: String!, $period: String!, $amount: Fen!) {
      teamSplit(teamId: $teamId, period: $period, amount: $amount) {
        strategy total sumsUp flags extremeAbove extremeBelow
        shares { employeeId name amount weight percent scored extreme side }
      }
    }
  `);
const TargetFields = graphql(`
  fragment TargetFields on PersonTarget { period amount originalAmount achieved attainment light stageTarget stageAttainment behindWarning consecutiveWeeksBehind peerMedian weeks weeksElapsed policyId policyVersion policyBranchId }
`);
/** A person's target of a month once every read model has applied `position` (read-your-writes). */
export const PERSON_TARGET_AFTER = graphql(
  `
    query PersonTargetAfter($id: String!, $period: String!, $position: Position!) @waitFor(position: $position) {
      person(id: $id) { id target(period: $period) { ...TargetFields } }
    }
  `,
  [TargetFields],
);
/** A team's members and their targets once `position` is applied (after a split is saved). */
export const TEAM_MEMBERS_TARGETS_AFTER = graphql(
  `
    query TeamMembersTargetsAfter($id: String!, $period: String!, $position: Position!) @waitFor(position: $position) {
      team(id: $id) {
        id
        members { id name nameEn branchId teamId regionId level track status probation hiredAt leftAt target(period: $period) { ...TargetFields } }
      }
    }
  `,
  [TargetFields],
);
const AdjustmentFields = graphql(`
  fragment AdjustmentFields on TargetAdjustmentRequest {
    requestId employeeId name nameEn teamId period currentAmount requestedAmount reason state decidedAmount decidedBy decisionReason requestedAt decidedAt
    review { recommendation rule probabilityCurrent probabilityRequested method weeksRemaining }
  }
`);
export const TARGET_ADJUSTMENTS = graphql(
  `
    query TargetAdjustments($state: String, $period: String) {
      targetAdjustmentRequests(state: $state, period: $period) { ...AdjustmentFields }
    }
  `,
  [AdjustmentFields],
);
export const TARGET_ADJUSTMENTS_AFTER = graphql(
  `
    query TargetAdjustmentsAfter($state: String, $period: String, $position: Position!) @waitFor(position: $position) {
      targetAdjustmentRequests(state: $state, period: $period) { ...AdjustmentFields }
    }
  `,
  [AdjustmentFields],
);

/* ------------------------------------ audit ------------------------------------ */

const ReplayValueFields = graphql(`
  fragment ReplayValueFields on ReplayValue { text number flag list }
`);
const ReplayVerdictFields = graphql(`
  fragment ReplayVerdictFields on ReplayVerdict { eligible score scoreMonth checklist { met actual text { en zh } } outcome }
`);
const NowKnownVerdictFields = graphql(`
  fragment NowKnownVerdictFields on NowKnownVerdict { eligible score scoreMonth checklist { met actual text { en zh } requirement { kind kpi courseId } } }
`);
export const DECISION_REPLAY = graphql(
  `
    query DecisionReplay($decisionId: String!) {
      decisionReplay(decisionId: $decisionId) {
        decisionId reviewId employeeId evidencePosition replayedTo fromLevel toLevel decidedAt nominationScore
        policyVersions { id version } policiesInForce { id version } eventsReplayed same
        original { ...ReplayVerdictFields }
        recomputed { ...ReplayVerdictFields }
        differences { field original { ...ReplayValueFields } recomputed { ...ReplayValueFields } cause note }
        override { code text against }
        corrections { ...LineageFlagFields }
        nowKnown {
          businessDate eventsSince same
          known { ...NowKnownVerdictFields }
          now { ...NowKnownVerdictFields }
          differences { field known { ...ReplayValueFields } now { ...ReplayValueFields } cause note events { type ref position at correction } }
        }
      }
    }
  `,
  [ReplayVerdictFields, ReplayValueFields, LineageFlagFields, NowKnownVerdictFields],
);
export const DECISION_UNDER_DRAFT = graphql(`
    query DecisionUnderDraft($decisionId: String!, $draft: PolicyDraftInput!) {
      decisionUnderDraft(decisionId: $decisionId, draft: $draft) {
        decisionId outcome flip scoreMonth scoreThen scoreUnderDraft thresholdThen thresholdUnderDraft
        eligibleThen eligibleUnderDraft
        requirementsUnderDraft { met text { en zh } }
      }
    }
  `);
export type DecisionUnderDraft = NonNullable<ResultOf<typeof DECISION_UNDER_DRAFT>['decisionUnderDraft']>;
export const PERSON_AS_OF = graphql(`
    query PersonAsOf($id: String!, $at: DateTime, $position: Position, $businessDate: String) {
      personAsOf(id: $id, at: $at, position: $position, businessDate: $businessDate) {
        employeeId transactionTime businessDate position level status branchId teamId
        score { month score parts { kpi name nameZh raw rawFormula normalised normalisationFormula missing weight points } policyId policyVersion }
        eligibility { evaluatedMonth verdicts { toLevel eligible } } retentionRisk { band flagged method risk weekStart } events
        policies { id kind eventType name version publishedAt }
      }
    }
  `);
const SimulatedChangeFields = graphql(`
  fragment SimulatedChangeFields on SimulatedChange { employeeId name nameEn branchId toLevel before after scoreBefore scoreAfter }
`);
const CommissionWhatIfPersonFields = graphql(`
  fragment CommissionWhatIfPersonFields on CommissionWhatIfPerson {
    employeeId name nameEn branchId inForce draft difference payments
  }
`);
export const POLICY_SIMULATION = graphql(
  `
    query PolicySimulation($draft: PolicyDraftInput!) {
      policySimulation(draft: $draft) {
        evaluatedPeople basePosition tookMs
        becomeEligible { ...SimulatedChangeFields }
        becomeIneligible { ...SimulatedChangeFields }
        byBranch { branchId eligibleBefore eligibleAfter becomeEligible becomeIneligible }
        commission {
          planId planVersion period effectiveFrom inForce draft difference payments paymentsChanged basePosition
          byBranchMonth { branchId month inForce draft difference payments }
          gains { ...CommissionWhatIfPersonFields }
          losses { ...CommissionWhatIfPersonFields }
        }
        decisionsJudged
        flippedDecisions {
          decisionId employeeId name nameEn branchId fromLevel toLevel decidedAt outcome flip scoreMonth
          scoreThen scoreUnderDraft thresholdThen thresholdUnderDraft eligibleThen eligibleUnderDraft
          requirementsThen { met text { en zh } }
          requirementsUnderDraft { met text { en zh } }
        }
        rejectionsStillShort
        requirementsInTheWay { toLevel kind text { en zh } decisions alone }
        nearestDecisions {
          decisionId employeeId name nameEn branchId fromLevel toLevel decidedAt
          missing { text { en zh } }
        }
        eligibleByQuarter { quarter month evaluated eligiblePublished eligibleDraft }
        fairness {
          branchId evaluated people
          published { selected rate ratioToHighest belowFourFifths }
          draft { selected rate ratioToHighest belowFourFifths }
        }
        targetWarnings { month people raisedBehind raisedPeerGap behindPublished behindDraft peerGapPublished peerGapDraft }
        retention { modelId modelVersion thresholdPublished thresholdDraft months { month people raised flaggedPublished flaggedDraft } }
      }
    }
  `,
  [SimulatedChangeFields, CommissionWhatIfPersonFields],
);

/** Score and review basis of another month than the page's (the verdict's evaluated month). */
export const EVIDENCE_OF_MONTH = graphql(`
  query DecisionEvidence($id: String!, $month: String!) {
    person(id: $id) {
      id
      score(month: $month) { month score }
      reviewBasis(month: $month) {
        evidencePosition
        scoringPolicy { id version source }
        ladder { id version source }
        riskModel { id version source }
        commissionPlan { id version source }
      }
    }
  }
`);

/* ------------------- result and variable types, derived from the documents above ------------------- */

export type Branch = ResultOf<typeof ORGANISATION>['organisation'][number];
export type Team = Branch['teams'][number];
export type PeoplePage = ResultOf<typeof PEOPLE>;
export type PersonRow = PeoplePage['people']['edges'][number]['node'];
export type PeopleFilter = NonNullable<VariablesOf<typeof PEOPLE>['filter']>;
/** The API's sort of people. */
export type PeopleSort = NonNullable<VariablesOf<typeof OVERVIEW_PAGE>['sort']>;
export type PersonDetail = NonNullable<ResultOf<typeof PERSON>['person']>;
export type SystemState = ResultOf<typeof SYSTEM>;
/** KPI facts of one person per month (amounts in fen). */
export type KpiMonth = NonNullable<ResultOf<typeof PERSON_KPI>['person']>['kpis'][number];
/** Commission of one person for one month (fen), earned on payments collected. */
export type CommissionMonth = ResultOf<typeof CommissionFields>;
export type CommissionLine = ResultOf<typeof COMMISSION_LEDGER>['commissionLedger'][number];
export type TimelineEvent = NonNullable<ResultOf<typeof PERSON_TIMELINE>['person']>['timeline'][number];
type WithFactors = NonNullable<NonNullable<ResultOf<typeof PERSON_EVALUATIONS>['person']>['retentionRisk']>;
/** Retention risk, with its factors only for those who may read them. */
export type RetentionRisk = Omit<WithFactors, 'factors'> & { factors?: WithFactors['factors'] };
/** Score, eligibility, target, training, alerts and review basis of a month, and the risk. */
export type PersonEvaluations = Omit<ResultOf<typeof EvaluationFields>, 'retentionRisk'> & {
  retentionRisk: RetentionRisk | null;
};
export type ScoreMonth = NonNullable<PersonEvaluations['score']>;
/** One weighted KPI of a score. */
export type ScorePart = ScoreMonth['parts'][number];
export type EligibilityVerdict = PersonEvaluations['eligibility'][number];
/** One requirement of an eligibility checklist. */
export type Check = EligibilityVerdict['checklist'][number];
export type PersonTarget = NonNullable<PersonEvaluations['target']>;
export type TrainingEnrollment = PersonEvaluations['training'][number];
export type Alert = ResultOf<typeof AlertFields>;
export type ReviewBasis = PersonEvaluations['reviewBasis'];
export type PolicyRef = NonNullable<ReviewBasis['scoringPolicy']>;
/** Sales grouped as asked over a range (amounts in fen). */
export type SalesRow = ResultOf<typeof SALES_TOTALS>['salesTotals'][number];
/** A grouping of `salesTotals`. */
export type SalesGroup = NonNullable<VariablesOf<typeof SALES_TOTALS>['groupBy']>[number];
export type LeaderboardEntry = ResultOf<typeof LEADERBOARD>['leaderboard'][number];
export type PolicyVersion = ResultOf<typeof POLICY_VERSIONS>['policyVersions'][number];
export type TeamMembers = ResultOf<typeof TEAM_MEMBERS_TARGETS>;
/** What a command mutation answers (`result`). */
export type CommandResult = ResultOf<typeof CommandResultFields>;
export type OverviewPage = ResultOf<typeof OVERVIEW_PAGE>;
/** One row of the overview: the person and the overview figures (`Person.compositeScore` …). */
export type OverviewRow = OverviewPage['people']['edges'][number]['node'];
export type InboxPage = ResultOf<typeof ALERT_PAGE>;
/** An alert of the inbox page, with names for everyone it names (`Alert.assignees`, `textEn`/`textZh`). */
export type InboxAlert = InboxPage['alertPage']['alerts'][number];
export type LineageFlag = ResultOf<typeof LineageFlagFields>;
export type LineageStep = LineageFlag['path'][number];
export type PromotionReview = ResultOf<typeof ReviewFields>;
export type PromotionVote = PromotionReview['votes'][number];
export type PromotionDecision = NonNullable<PromotionReview['decision']>;
export type DecisionOverride = NonNullable<PromotionDecision['override']>;
export type Feedback360 = NonNullable<ResultOf<typeof PERSON_FEEDBACK>['person']>['feedback360'][number];
export type Mentoring = NonNullable<NonNullable<ResultOf<typeof PERSON_MENTORING>['person']>['mentoring']>;
export type MenteeDesk = ResultOf<typeof MENTOR_WORKBENCH>['mentorWorkbench'][number];
export type ProbationEvidence = NonNullable<
  NonNullable<ResultOf<typeof PERSON_PROBATION>['person']>['probationEvidence']
>;
export type MentorCandidate = NonNullable<
  ResultOf<typeof MENTOR_CANDIDATES>['person']
>['mentorCandidates'][number];
export type CustomerContact = NonNullable<
  ResultOf<typeof RECENT_CUSTOMERS>['person']
>['recentCustomers'][number];
export type CourseRecommendation = NonNullable<
  ResultOf<typeof PERSON_RECOMMENDATIONS>['person']
>['recommendations'][number];
/** The one-stop review's sections for one person. */
export interface PersonContract {
  feedback360?: Feedback360[];
  mentoring?: Mentoring | null;
  recommendations?: CourseRecommendation[];
  reviews?: PromotionReview[];
  lineageFlags?: LineageFlag[];
}
/** A page of reviews (`reviewPage`): with how many match in all and the next page's cursor. */
export type ReviewPage = ResultOf<typeof REVIEW_PAGE>['reviewPage'];
/** A page of decided reviews for the audit picker. */
export type DecisionPage = ResultOf<typeof DECISION_PAGE>['reviewPage'];
export type DecisionSummary = DecisionPage['nodes'][number];
export type TrendSeries = ResultOf<typeof TREND>['trend'][number];
export type ModelQuality = ResultOf<typeof MODEL_QUALITY>['modelQuality'][number];
export type FairnessRow = ResultOf<typeof MODEL_QUALITY>['fairness'][number];
export type CourseEffect = ResultOf<typeof COURSE_EFFECTS>['courseEffects'][number];
export type PolicySummary = ResultOf<typeof POLICIES>['policies'][number];
export type TeamTarget = ResultOf<typeof TEAM_TARGETS>['teamTargets'][number];
export type TargetPlan = NonNullable<ResultOf<typeof TARGET_PLAN>['targetPlan']>;
export type TargetAdjustmentRequest = ResultOf<typeof AdjustmentFields>;
export type TeamSplitPlan = ResultOf<typeof TEAM_SPLIT>['teamSplit'][number];
export type DecisionReplay = NonNullable<ResultOf<typeof DECISION_REPLAY>['decisionReplay']>;
export type ReplayVerdict = DecisionReplay['original'];
export type PersonAsOf = NonNullable<ResultOf<typeof PERSON_AS_OF>['personAsOf']>;
export type PolicySimulation = ResultOf<typeof POLICY_SIMULATION>['policySimulation'];
export type SimulatedChange = PolicySimulation['becomeEligible'][number];
export type CommissionWhatIf = NonNullable<PolicySimulation['commission']>;
export type FlippedDecision = PolicySimulation['flippedDecisions'][number];

/* ------------------------------ commission payouts ------------------------------ */

export const COMMISSION_PERIODS = graphql(`
  query CommissionPeriods {
    commissionPeriods { closed { month closedAt position } lastClosedMonth openMonth closableMonth today }
  }
`);

const PayoutLineFields = graphql(`
  fragment PayoutLineFields on CommissionLedgerLine {
    paymentId saleId collectedAt collected rate commission saleReversed planId planVersion month payoutMonth position
  }
`);
const PayoutAdjustmentFields = graphql(`
  fragment PayoutAdjustmentFields on CommissionAdjustment {
    adjustmentId paymentId saleId paymentCollectedAt paymentAmount month reason amount rate planId planVersion
    recordedAt correctsMonth refunded disputeId position
  }
`);
const StatementTotalsFields = graphql(`
  fragment StatementTotalsFields on CommissionStatement {
    employeeId month payments collected commission adjustmentCount adjustmentTotal payable plans closedAt position
  }
`);

export const RUNNING_STATEMENT = graphql(
  `
  query RunningStatement($id: String!) {
    runningCommissionStatement(employeeId: $id) {
      employeeId lastClosedMonth fromMonth asOf payments collected commission adjustmentCount adjustmentTotal payable
      lines { ...PayoutLineFields }
      adjustments { ...PayoutAdjustmentFields }
    }
  }
`,
  [PayoutLineFields, PayoutAdjustmentFields],
);

export const MY_STATEMENTS = graphql(
  `
  query MyStatements($id: String!, $last: Int) {
    person(id: $id) {
      id
      commissionStatements(last: $last) { ...StatementTotalsFields lines { ...PayoutLineFields } }
    }
  }
`,
  [StatementTotalsFields, PayoutLineFields],
);

export const STATEMENT = graphql(
  `
  query Statement($id: String!, $month: String!) {
    commissionStatement(employeeId: $id, month: $month) {
      ...StatementTotalsFields
      person { id name nameEn branchId teamId level }
      lines { ...PayoutLineFields }
      adjustments { ...PayoutAdjustmentFields }
    }
  }
`,
  [StatementTotalsFields, PayoutLineFields, PayoutAdjustmentFields],
);

export const MONTH_STATEMENTS = graphql(
  `
  query MonthStatements($month: String!) {
    commissionStatements(month: $month) { ...StatementTotalsFields person { id name nameEn teamId } }
  }
`,
  [StatementTotalsFields],
);

const DisputeFields = graphql(`
  fragment DisputeFields on CommissionDispute {
    disputeId saleId paymentId employeeId comment disputedAt status amount reason resolvedAt hoursToResolution
    lineMonth linePayoutMonth lineCollected lineCommission paidInMonth
  }
`);
export const COMMISSION_DISPUTES = graphql(
  `
  query CommissionDisputes($status: CommissionDisputeStatus, $employeeId: String) {
    commissionDisputes(status: $status, employeeId: $employeeId) { ...DisputeFields person { id name nameEn } }
  }
`,
  [DisputeFields],
);
export const MY_DISPUTES_AFTER = graphql(
  `
  query MyDisputesAfter($employeeId: String!, $position: Position!) @waitFor(position: $position) {
    commissionDisputes(employeeId: $employeeId) { ...DisputeFields }
  }
`,
  [DisputeFields],
);
export const COMMISSION_DISPUTES_AFTER = graphql(
  `
  query CommissionDisputesAfter($position: Position!) @waitFor(position: $position) {
    commissionDisputes { ...DisputeFields person { id name nameEn } }
  }
`,
  [DisputeFields],
);
export const COMMISSION_PERIODS_AFTER = graphql(`
  query CommissionPeriodsAfter($position: Position!) @waitFor(position: $position) {
    commissionPeriods { closed { month closedAt position } lastClosedMonth openMonth closableMonth today }
  }
`);

export const VERIFY_STATEMENT = graphql(`
  query VerifyStatement($id: String!, $month: String!) {
    verifyCommissionStatement(employeeId: $id, month: $month) {
      identical position differences stored { payable } recomputed { payable }
    }
  }
`);

export const PERSON_INTERVENTIONS = graphql(`
  query PersonInterventions($id: String!) { person(id: $id) { id interventions { kind note recordedBy at position } } }
`);
export const PERSON_INTERVENTIONS_AFTER = graphql(`
  query PersonInterventionsAfter($id: String!, $position: Position!) @waitFor(position: $position) {
    person(id: $id) { id interventions { kind note recordedBy at position } }
  }
`);
export type Intervention = NonNullable<
  ResultOf<typeof PERSON_INTERVENTIONS>['person']
>['interventions'][number];
export const TRAIN_RETENTION_MODEL = graphql(
  `
  mutation TrainRetentionModel($input: TrainRetentionModelInput) { result: trainRetentionModel(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const RECORD_INTERVENTION = graphql(
  `
  mutation RecordIntervention($input: RecordInterventionInput!) { result: recordIntervention(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const DISPUTE_COMMISSION_LINE = graphql(
  `
  mutation DisputeCommissionLine($input: DisputeCommissionLineInput!) { result: disputeCommissionLine(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const RESOLVE_COMMISSION_DISPUTE = graphql(
  `
  mutation ResolveCommissionDispute($input: ResolveCommissionDisputeInput!) { result: resolveCommissionDispute(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const CLOSE_COMMISSION_PERIOD = graphql(
  `
  mutation CloseCommissionPeriod($input: CloseCommissionPeriodInput!) { result: closeCommissionPeriod(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);

export type PayoutLine = ResultOf<typeof PayoutLineFields>;
export type PayoutAdjustment = ResultOf<typeof PayoutAdjustmentFields>;
export type StatementTotals = ResultOf<typeof StatementTotalsFields>;
export type RunningStatement = NonNullable<ResultOf<typeof RUNNING_STATEMENT>['runningCommissionStatement']>;
export type CommissionDisputeRow = ResultOf<typeof DisputeFields> & {
  person?: { id: string; name: string; nameEn?: string | null } | null;
};
export type CommissionPeriodsInfo = ResultOf<typeof COMMISSION_PERIODS>['commissionPeriods'];

// Sign-in identities and their grants (HR's Access page) and a signed-in user's API tokens.
/** A seat on a review committee, as a grant: the review by its candidate, level and round, and its period. */
const CommitteeGrantFields = graphql(`
  fragment CommitteeGrantFields on CommitteeGrant {
    reviewId
    round
    toLevel
    candidate {
      id
      name
      nameEn
    }
    grantedAt
    grantedPosition
    revokedAt
  }
`);
const UserFields = graphql(
  `
  fragment UserFields on User {
    subject
    displayName
    person {
      id
      name
      nameEn
      teamId
    }
    grants {
      role
      scope
      unitId
      grantedAt
      revokedAt
    }
    committeeGrants {
      ...CommitteeGrantFields
    }
  }
`,
  [CommitteeGrantFields],
);
export const USERS = graphql(
  `
  query Users($day: String) {
    users(day: $day) { ...UserFields }
  }
`,
  [UserFields],
);
export const USERS_AFTER = graphql(
  `
  query UsersAfter($position: Position!) @waitFor(position: $position) {
    users { ...UserFields }
  }
`,
  [UserFields],
);
export type AccessUser = ResultOf<typeof UserFields>;
export const PEOPLE_SEARCH = graphql(`
  query PeopleSearch($search: String!, $status: String = "active") {
    people(first: 8, filter: { search: $search, status: $status }) {
      edges {
        node {
          id
          name
          nameEn
          teamId
        }
      }
    }
  }
`);
export const LINK_USER = graphql(
  `
  mutation LinkUser($input: LinkUserInput!) { result: linkUser(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const GRANT_ROLE = graphql(
  `
  mutation GrantRole($input: GrantRoleInput!) { result: grantRole(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const REVOKE_ROLE = graphql(
  `
  mutation RevokeRole($input: RevokeRoleInput!) { result: revokeRole(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
const ApiTokenFields = graphql(`
  fragment ApiTokenFields on ApiToken {
    id
    name
    issuedAt
    expiresAt
    revokedAt
    lastUsedAt
  }
`);
export const API_TOKENS = graphql(
  `
  query ApiTokens { apiTokens { ...ApiTokenFields } }
`,
  [ApiTokenFields],
);
export const ISSUE_API_TOKEN = graphql(
  `
  mutation IssueApiToken($name: String!, $days: Int!) {
    issueApiToken(name: $name, days: $days) { token apiToken { ...ApiTokenFields } }
  }
`,
  [ApiTokenFields],
);
export const REVOKE_API_TOKEN = graphql(
  `
  mutation RevokeApiToken($id: ID!) { revokeApiToken(id: $id) { ...ApiTokenFields } }
`,
  [ApiTokenFields],
);
export type ApiTokenRow = ResultOf<typeof ApiTokenFields>;
export const MY_RECORD_VIEWS = graphql(
  `
  query MyRecordViews {
    myRecordViews(first: 20) {
      at
      userName
      userNameEn
      role
      unitId
      tokenKind
      kind
      detail
      committeeGrant {
        ...CommitteeGrantFields
      }
    }
  }
`,
  [CommitteeGrantFields],
);
export type RecordView = ResultOf<typeof MY_RECORD_VIEWS>['myRecordViews'][number];

/** The auditors' page: one page of the access log with the filters of the URL. */
export const ACCESS_LOG_READERS = graphql(`
  query AccessLogReaders {
    accessLogReaders {
      userId
      userName
      userNameEn
      reads
    }
  }
`);
export const ACCESS_LOG_PAGE = graphql(
  `
  query AccessLogPage(
    $employeeId: String
    $userId: String
    $kind: AccessKind
    $from: DateTime
    $to: DateTime
    $first: Int
    $offset: Int
  ) {
    accessLogPage(
      employeeId: $employeeId
      userId: $userId
      kind: $kind
      from: $from
      to: $to
      first: $first
      offset: $offset
    ) {
      totalCount
      entries {
        at
        userId
        userName
        userNameEn
        role
        unitId
        tokenKind
        kind
        employeeId
        person {
          id
          name
          nameEn
        }
        detail
        grantScope
        grantPosition
        grantedAt
        committeeGrant {
          ...CommitteeGrantFields
        }
      }
    }
  }
`,
  [CommitteeGrantFields],
);
export type AccessLogRow = ResultOf<typeof ACCESS_LOG_PAGE>['accessLogPage']['entries'][number];
/** HR redacts a departed person's personal fields at their request (docs/privacy.md). */
export const REDACT_PERSONAL_DATA = graphql(
  `
  mutation RedactPersonalData($input: RedactPersonalDataInput!) { result: redactPersonalData(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
export const PERSON_REDACTED_AFTER = graphql(`
  query PersonRedactedAfter($id: String!, $position: Position!) @waitFor(position: $position) {
    person(id: $id) { id name nameEn personalDataRedacted }
  }
`);
/** The protected fields the viewer may read about a person under the field rules in force. */
export const VISIBLE_FIELDS = graphql(`
  query VisibleFields($employeeId: String!) { visibleFields(employeeId: $employeeId) }
`);
const FieldRulesFields = graphql(`
  fragment FieldRulesFields on FieldRulesInForce {
    version publishedAt publishedBy
    document { id version name fields { commission riskFactors feedbackComments feedbackAuthors voteComments personalData } }
  }
`);
/** The field rules in force (now or at a past time) and every version published. */
export const FIELD_RULES = graphql(
  `
    query FieldRules($at: DateTime) {
      fieldRules(at: $at) { ...FieldRulesFields }
      fieldRuleVersions { ...FieldRulesFields }
    }
  `,
  [FieldRulesFields],
);
/** What each role would read under a draft, against the rules in force. */
export const FIELD_RULES_PREVIEW = graphql(`
  query FieldRulesPreview($draft: FieldRulesDraftInput!) {
    fieldRulesPreview(draft: $draft) { inForceVersion cells { role field inForce draft changed } problems { field message } }
  }
`);
export const PUBLISH_FIELD_RULES = graphql(
  `
  mutation PublishFieldRules($input: PublishFieldRulesInput!) { result: publishFieldRules(input: $input) { ...CommandResultFields } }
`,
  [CommandResultFields],
);
