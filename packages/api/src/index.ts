export { type PersonAsOf, personAsOf } from './audit/asOf.ts';
export { commissionHistoryOf, simulateCommission } from './audit/commissionWhatIf.ts';
export { FoldCache, foldCacheFor } from './audit/history.ts';
export { type DecisionReplay, forgetReplays, replayDecision } from './audit/replay.ts';
export { draftProblems, type PolicyDraft, simulatePolicies } from './audit/simulation.ts';
export { FoldSnapshots, foldSnapshotsFor } from './audit/snapshots.ts';
export {
  type DecidedReview,
  replayDecisionUnderDraft,
  simulateHistory,
} from './audit/whatIfHistory.ts';
export { createTokenService } from './auth/tokens.ts';
export { type BatchItem, type BatchOutcome, dispatchBatch } from './commands/batch.ts';
export { dispatch } from './commands/bus.ts';
export { createGroupCommitter, type GroupCommitter, groupCommitterFor } from './commands/groupCommit.ts';
export { type Config, loadConfig, redactUrl } from './config.ts';
export { createHookHandler, type HookHandler } from './hooks/handler.ts';
export { signHook } from './hooks/signature.ts';
export { type ImportReport, runImport } from './import/importer.ts';
export { type CommandSink, createDispatchSink, createPreviewSink } from './import/sink.ts';
export { type Clock, setClockForTests } from './runtime/clock.ts';
export {
  DEFAULT_DEMO_SEED,
  type DemoSeedParameters,
  demoSeedStatus,
  seedDemoCompany,
} from './seed/demoSeed.ts';
export { createApiServer } from './server.ts';
export { createWebHandler, dashboardBuild, ensureDashboardBuilt, type WebHandler } from './web.ts';
