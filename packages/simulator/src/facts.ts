import type {
  CommissionPlan,
  CourseId,
  FieldRules,
  InterventionKind,
  Ladder,
  LevelId,
  OverrideReason,
  ProbationPolicy,
  ScoringPolicy,
  TargetPolicy,
  TrackId,
} from '@trackrecord/domain';

/**
 * What happened in the simulated company, in observable terms (the hidden traits never appear
 * here). Each fact becomes one or more commands (`commands.ts`); the retention dataset is
 * folded from the facts (`dataset.ts`). `week` counts from the simulation start, `day` 0–6.
 */
type At = {
  readonly week: number;
  readonly day: number;
  readonly personId: string;
  /**
   * Set on the facts of the demo's present (`simulateFacts` with `present`): reviews waiting
   * for a committee and votes, as they stand on the last simulated day. They change nothing
   * in the simulated company, so a longer run is the same history.
   */
  readonly present?: true;
};

export type SimFact = At &
  (
    | {
        readonly kind: 'hired';
        readonly branchId: string;
        readonly teamId: string;
        readonly regionId: string;
        readonly managerId: string | null;
        readonly level: LevelId;
        readonly track: TrackId;
        /** Probation end as a week index; null for staff hired before the simulation. */
        readonly probationEndWeek: number | null;
        readonly recruitingFit: number;
        /** Weeks already served at the start (initial staff); 0 for new hires. */
        readonly tenureWeeks: number;
      }
    /** HR names a region, branch or team (`personId` is the HR actor). */
    | {
        readonly kind: 'unitNamed';
        readonly unitKind: 'region' | 'branch' | 'team';
        readonly unitId: string;
        readonly nameZh: string;
        readonly nameEn: string;
      }
    | { readonly kind: 'probationPassed' }
    | { readonly kind: 'probationFailed'; readonly reason: string }
    | { readonly kind: 'left'; readonly voluntary: boolean; readonly reason: string }
    | {
        readonly kind: 'promoted';
        readonly from: LevelId;
        readonly to: LevelId;
        readonly track: TrackId;
        /** The review whose approval this carries out. */
        readonly reviewId: string;
      }
    | {
        readonly kind: 'transferred';
        readonly toBranchId: string;
        readonly toTeamId: string;
        readonly managerId: string | null;
      }
    /** HR publishes a policy document (`personId` is the HR actor, not an employee). */
    | {
        readonly kind: 'policyPublished';
        readonly policy:
          | { readonly kind: 'scoring'; readonly document: ScoringPolicy }
          | { readonly kind: 'ladder'; readonly document: Ladder }
          | { readonly kind: 'commission'; readonly document: CommissionPlan }
          | { readonly kind: 'targets'; readonly document: TargetPolicy }
          | { readonly kind: 'probation'; readonly document: ProbationPolicy }
          | { readonly kind: 'fieldRules'; readonly document: FieldRules };
      }
    /**
     * HR has the product train the retention model on the history recorded so far (horizon in
     * days, the seed of the observation weeks) and publish it (`personId` is the HR actor).
     */
    | {
        readonly kind: 'retentionTrainingRequested';
        readonly modelId: string;
        readonly horizonDays: number;
        readonly seed: number;
      }
    | {
        readonly kind: 'reviewOpened';
        readonly reviewId: string;
        readonly committee: readonly string[];
        readonly quorum: number;
      }
    | {
        readonly kind: 'voteCast';
        readonly reviewId: string;
        readonly memberId: string;
        readonly vote: 'approve' | 'reject' | 'abstain';
        readonly comment: string;
      }
    /**
     * The committee's decision. Its evidence position (the global position the evidence was
     * read at) is not known to the simulator; whoever appends the decision fills it in.
     */
    | {
        readonly kind: 'promotionDecided';
        readonly reviewId: string;
        readonly outcome: 'approved' | 'rejected';
        readonly rationale: string;
        readonly policyVersions: Readonly<Record<string, number>>;
        readonly evidence: {
          readonly score: number | null;
          readonly scoreMonth: string | null;
          readonly eligible: boolean | null;
        };
        /** The reason, when the decision goes against the eligibility verdict. */
        readonly override: { readonly code: OverrideReason; readonly text: string } | null;
        readonly decidedBy: string;
      }
    | { readonly kind: 'saleReversed'; readonly saleId: string; readonly reason: string }
    /** HR closes last month's commission payout period (`personId` is the HR actor). */
    | { readonly kind: 'commissionPeriodClosed'; readonly month: string }
    | {
        readonly kind: 'saleCorrected';
        readonly saleId: string;
        readonly amount: number;
        readonly grossMargin: number;
        readonly reason: string;
      }
    | {
        readonly kind: 'targetAdjustmentRequested';
        readonly period: string;
        readonly requestId: string;
        readonly requestedAmount: number;
        readonly reason: string;
      }
    | {
        readonly kind: 'targetAdjustmentDecided';
        readonly period: string;
        readonly requestId: string;
        /** The approved amount; null when rejected. */
        readonly approvedAmount: number | null;
        readonly reason: string;
        readonly decidedBy: string;
      }
    | {
        readonly kind: 'nominated';
        readonly reviewId: string;
        readonly fromLevel: LevelId;
        readonly toLevel: LevelId;
        readonly track: TrackId;
        readonly score: number;
        /** The team lead who nominated the person; null when the eligibility check did (threshold reached). */
        readonly nominatedBy: string | null;
      }
    | {
        readonly kind: 'saleClosed';
        readonly saleId: string;
        readonly amount: number;
        /** Gross margin as a fraction of the amount, 0–1. */
        readonly grossMargin: number;
        readonly productLine: string;
        readonly customerId: string;
        readonly customerType: 'key_account' | 'smb' | 'individual';
        readonly channel: 'direct' | 'channel_partner';
        readonly newCustomer: boolean;
        readonly cycleDays: number;
      }
    | {
        readonly kind: 'paymentCollected';
        readonly paymentId: string;
        readonly saleId: string;
        readonly amount: number;
      }
    /** Part of a payment paid back to the customer (returned goods), recorded by the ERP. */
    | {
        readonly kind: 'paymentRefunded';
        readonly paymentId: string;
        readonly saleId: string;
        readonly amount: number;
        readonly reason: string;
      }
    | { readonly kind: 'opportunityCreated'; readonly opportunityId: string; readonly customerId: string }
    | { readonly kind: 'demoGiven'; readonly customerId: string }
    | { readonly kind: 'followUpLogged'; readonly customerId: string }
    | { readonly kind: 'customerRetained'; readonly customerId: string }
    | { readonly kind: 'customerChurned'; readonly customerId: string }
    | { readonly kind: 'customerFeedback'; readonly customerId: string; readonly rating: number }
    | {
        readonly kind: 'expenseRecorded';
        readonly expenseId: string;
        readonly amount: number;
        readonly category: string;
      }
    | { readonly kind: 'courseAssigned'; readonly courseId: CourseId; readonly reason: string }
    | { readonly kind: 'courseStarted'; readonly courseId: CourseId }
    | { readonly kind: 'courseCompleted'; readonly courseId: CourseId; readonly testScore: number }
    /** The weekly skill assessment of a newcomer on probation (LMS), 0–100. */
    | { readonly kind: 'skillAssessed'; readonly test: string; readonly score: number }
    | { readonly kind: 'mentorAssigned'; readonly mentorId: string }
    | {
        readonly kind: 'mentorTaskDone';
        readonly mentorId: string;
        readonly task: 'ride_along_visit' | 'deal_review' | 'performance_talk';
        readonly notes: string;
      }
    | { readonly kind: 'mentorRated'; readonly mentorId: string; readonly rating: number }
    | { readonly kind: 'collaborationCredited'; readonly helpedPersonId: string }
    | {
        readonly kind: 'feedback360';
        readonly from: 'manager' | 'peer' | 'customer';
        readonly rating: number;
      }
    | {
        readonly kind: 'attendance';
        readonly month: string;
        readonly workingDays: number;
        readonly daysPresent: number;
        readonly lateArrivals: number;
        readonly earlyLeaves: number;
      }
    | { readonly kind: 'satisfaction'; readonly score: number }
    /** HR or the person's team lead (`recordedBy`) intervenes on a person the product flagged at risk. */
    | {
        readonly kind: 'intervened';
        readonly interventionKind: InterventionKind;
        readonly note: string;
        readonly recordedBy: string;
      }
    | {
        readonly kind: 'targetSet';
        /** A team's target (the sum of its members'); `personId` is then the team id. */
        readonly team?: true;
        /** Period as `YYYY-MM`. */
        readonly period: string;
        readonly amount: number;
        readonly weeks: number;
        readonly basis: string;
      }
  );

export type SimFactKind = SimFact['kind'];
