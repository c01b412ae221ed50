export { alertsProjection } from './alerts/project.ts';
export * from './alerts/queries.ts';
export type { AlertRow, AlertsDb } from './alerts/table.ts';
export { skillAssessmentsProjection } from './assessments/project.ts';
export * from './assessments/queries.ts';
export type { SkillAssessmentRow, SkillAssessmentsDb } from './assessments/table.ts';
export { calibrationProjection } from './calibration/project.ts';
export * from './calibration/queries.ts';
export type { CalibrationDb, CalibrationNoteRow } from './calibration/table.ts';
export { commissionProjection } from './commission/project.ts';
export * from './commission/queries.ts';
export { recomputeCommissionStatements } from './commission/recompute.ts';
export type {
  CommissionAdjustment,
  CommissionAdjustmentReason,
  CommissionDb,
  CommissionDispute,
  CommissionDisputeStatus,
  CommissionLedgerRow,
  CommissionLedgerTable,
  CommissionReversedSalesTable,
  CommissionStatement,
  CommissionSummary,
  CommissionSummaryTable,
  NewCommissionLedgerRow,
  NewCommissionSummary,
} from './commission/table.ts';
export { contactsProjection } from './contacts/project.ts';
export * from './contacts/queries.ts';
export type { ContactsDb, CustomerContact } from './contacts/table.ts';
export type { Database } from './database.ts';
export { type CheckpointsTable, createDb, type ProjectionsMeta, type ReactorLogTable } from './db.ts';
export { decisionsProjection } from './decisions/project.ts';
export * from './decisions/queries.ts';
export type { DecisionsDb, PromotionReview, PromotionVote } from './decisions/table.ts';
export {
  type EvaluationsDb,
  eligibilityRows,
  evaluationsProjection,
  retentionRow,
  scoreRow,
} from './evaluations/project.ts';
export * from './evaluations/queries.ts';
export type {
  EligibilityDb,
  EligibilityRow,
  EligibilityTable,
  EvaluationsStateDb,
  NewEligibilityRow,
  NewRetentionRiskRow,
  NewScoreRow,
  RetentionDb,
  RetentionModelQualityRow,
  RetentionModelQualityTable,
  RetentionRiskRow,
  RetentionRiskTable,
  ScoreRow,
  ScoresDb,
  ScoresTable,
} from './evaluations/table.ts';
export { feedbackProjection } from './feedback/project.ts';
export * from './feedback/queries.ts';
export type { Feedback360Row, FeedbackDb } from './feedback/table.ts';
export * from './insights/queries.ts';
export { interventionsProjection } from './interventions/project.ts';
export * from './interventions/queries.ts';
export type { InterventionRow, InterventionsDb } from './interventions/table.ts';
export { kpiFactsProjection } from './kpiFacts/project.ts';
export * from './kpiFacts/queries.ts';
export type {
  KpiFacts,
  KpiFactsDb,
  KpiFactsTable,
  KpiFactsWeekly,
  KpiFactsWeeklyTable,
  KpiSale,
  KpiSalesByDimension,
  KpiSalesByDimensionTable,
  KpiSalesTable,
  NewKpiFacts,
  NewKpiFactsWeekly,
  NewKpiSale,
  NewKpiSalesByDimension,
} from './kpiFacts/table.ts';
export { lineageProjection } from './lineage/project.ts';
export * from './lineage/queries.ts';
export {
  LINEAGE_KINDS,
  LINEAGE_STEP_KINDS,
  type LineageCorrectionKind,
  type LineageDb,
  type LineageFlag,
  type LineageKind,
  type LineageStep,
  type LineageStepKind,
} from './lineage/table.ts';
export { mentoringProjection, TASKS_PER_WEEK } from './mentoring/project.ts';
export * from './mentoring/queries.ts';
export type {
  MentorAssignment,
  MentoringDb,
  MentorRating,
  Mentorship,
  MentorTask,
  MentorWeek,
} from './mentoring/table.ts';
export { migrateReadModels } from './migrate.ts';
export { orgUnitsProjection } from './orgUnits/project.ts';
export * from './orgUnits/queries.ts';
export type { OrgUnitRow, OrgUnitsDb, OrgUnitsTable } from './orgUnits/table.ts';
export * from './people/overview.ts';
export { peopleProjection } from './people/project.ts';
export * from './people/queries.ts';
export type { NewPerson, PeopleDb, PeopleTable, Person } from './people/table.ts';
export { eventTime, POLICY_KINDS, policiesProjection } from './policies/project.ts';
export * from './policies/queries.ts';
export type { PoliciesDb, PolicyRow } from './policies/table.ts';
export {
  eligibilityAlertId,
  eligibilityReachedRule,
  eligibilityReviewId,
  riskAlertId,
  riskHighRule,
} from './reactors/evaluations.ts';
export { reactorRules } from './reactors/index.ts';
export {
  DISPATCH_CHUNK,
  type Dispatch,
  type DispatchMany,
  type DispatchManyResult,
  type DispatchOutcome,
  type Reaction,
  type ReactionMeta,
  Reactor,
  type ReactorCommand,
  type ReactorOptions,
  type ReactorRule,
  type ReactorStatus,
} from './reactors/reactor.ts';
export {
  targetBehindAlertId,
  targetBehindRule,
  targetPeerGapAlertId,
  targetPeerGapRule,
} from './reactors/targetBehind.ts';
export { projections } from './registry.ts';
export { applyBatch } from './runner/apply.ts';
export { CHECKPOINT_CHANNEL, type Checkpoint, readCheckpoint } from './runner/checkpoints.ts';
export {
  type FailedEvent,
  isTransient,
  type ProjectionFailureRow,
  ProjectionHandlerError,
  type ProjectionStuck,
  projectionFailures,
} from './runner/failures.ts';
export { type ProjectionLag, projectionLag } from './runner/lag.ts';
export { parseRecorded } from './runner/parse.ts';
export type { AnyProjection, EventOfType, EventType, Projected, Projection } from './runner/projection.ts';
export {
  LIVE_SCHEMA,
  type ProjectionRebuildStats,
  type RebuildAllResult,
  type RebuildOptions,
  type RebuildProgress,
  type RebuildResult,
  rebuildProjection,
  rebuildProjections,
} from './runner/rebuild.ts';
export { ProjectionRunner, type RunnerOptions, type RunnerStatus } from './runner/runner.ts';
export * from './scope.ts';
export { LIGHTS, TARGET_POLICY } from './targets/progress.ts';
export { targetsProjection } from './targets/project.ts';
export * from './targets/queries.ts';
export type { Light, Target, TargetAdjustment, TargetsDb } from './targets/table.ts';
export { trainingProjection } from './training/project.ts';
export * from './training/queries.ts';
export type { TrainingDb, TrainingEnrollment } from './training/table.ts';
export * from './userGrants/committee.ts';
export { userGrantsProjection } from './userGrants/project.ts';
export * from './userGrants/queries.ts';
export type { UserGrantRow, UserGrantsDb, UserRow } from './userGrants/table.ts';
