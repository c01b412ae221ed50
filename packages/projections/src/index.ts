export {
  COMMISSION_PLAN,
  commissionProjection,
  marginalRate,
  paymentCommission,
} from './commission/project.ts';
export * from './commission/queries.ts';
export type {
  CommissionDb,
  CommissionLedgerRow,
  CommissionLedgerTable,
  CommissionReversedSalesTable,
  CommissionSummary,
  CommissionSummaryTable,
  NewCommissionLedgerRow,
  NewCommissionSummary,
} from './commission/table.ts';
export { type CheckpointsTable, createDb, type ProjectionsMeta } from './db.ts';
export { kpiFactsProjection, marginAmount, monthOf } from './kpiFacts/project.ts';
export * from './kpiFacts/queries.ts';
export type {
  KpiFacts,
  KpiFactsDb,
  KpiFactsTable,
  KpiSale,
  KpiSalesByDimension,
  KpiSalesByDimensionTable,
  KpiSalesTable,
  NewKpiFacts,
  NewKpiSale,
  NewKpiSalesByDimension,
} from './kpiFacts/table.ts';
export { migrateReadModels } from './migrate.ts';
export { peopleProjection } from './people/project.ts';
export * from './people/queries.ts';
export type { NewPerson, PeopleDb, PeopleTable, Person } from './people/table.ts';
export { projections } from './registry.ts';
export { applyBatch } from './runner/apply.ts';
export { type Checkpoint, readCheckpoint } from './runner/checkpoints.ts';
export { type ProjectionLag, projectionLag } from './runner/lag.ts';
export { parseRecorded } from './runner/parse.ts';
export type { Projection } from './runner/projection.ts';
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
