export { type CheckpointsTable, createDb, type ProjectionsMeta } from './db.ts';
export { migrateReadModels } from './migrate.ts';
export { peopleProjection } from './people/project.ts';
export * from './people/queries.ts';
export type { NewPerson, PeopleDb, PeopleTable, Person } from './people/table.ts';
export { projections } from './registry.ts';
export { applyBatch } from './runner/apply.ts';
export { type Checkpoint, readCheckpoint } from './runner/checkpoints.ts';
export { type ProjectionLag, projectionLag } from './runner/lag.ts';
export type { Projection } from './runner/projection.ts';
export {
  LIVE_SCHEMA,
  type RebuildProgress,
  type RebuildResult,
  rebuildProjection,
} from './runner/rebuild.ts';
export { ProjectionRunner, type RunnerOptions, type RunnerStatus } from './runner/runner.ts';
