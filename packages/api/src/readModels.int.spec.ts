import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import {
  type AnyProjection,
  alertsProjection,
  createDb,
  decisionsProjection,
  evaluationsProjection,
  feedbackProjection,
  kpiFactsProjection,
  lineageProjection,
  mentoringProjection,
  migrateReadModels,
  peopleProjection,
  policiesProjection,
  rebuildProjection,
  targetsProjection,
  trainingProjection,
} from '@trackrecord/projections';
import { readModelChecksums } from '@trackrecord/projections/testing';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReactor } from './reactors.ts';
import { seedDemoCompany } from './seed/demoSeed.ts';

let database: TestDatabase;
let store: PostgresEventStore;
// biome-ignore lint/suspicious/noExplicitAny: the test reads tables of several read models.
let db: Kysely<any>;
let refused = 0;

// biome-ignore lint/suspicious/noExplicitAny: projections of different table sets.
const mine: AnyProjection<any>[] = [
  trainingProjection,
  mentoringProjection,
  targetsProjection,
  alertsProjection,
  decisionsProjection,
  evaluationsProjection,
  lineageProjection,
  feedbackProjection,
  policiesProjection,
];

/** One checksum per table (every row, in a stable order; see readModelChecksums). */
const checksums = () => readModelChecksums(db, mine);

beforeAll(async () => {
  database = await createTestDatabase('read_models_sim');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  db = createDb(database.url, 3);
  // The demo seed's path: every command through dispatchBatch, decisions with their evidence position.
  refused = (await seedDemoCompany(store, { employees: 10, weeks: 12, seed: 11 })).refused;
  await rebuildProjection(store, db, peopleProjection);
  await rebuildProjection(store, db, kpiFactsProjection);
}, 300_000);
afterAll(async () => {
  await db?.destroy();
  await store?.close();
  await database?.drop();
});

describe('read models over a simulated company', () => {
  it('are identical whether rebuilt in batches of 25 or of 5,000 events', async () => {
    expect(refused).toBe(0);
    for (const p of mine) await rebuildProjection(store, db, p, { batchSize: 25 });
    const small = await checksums();
    for (const p of mine) await rebuildProjection(store, db, p, { batchSize: 5000 });
    expect(await checksums()).toEqual(small);
    // Not vacuous: the simulated company fills them (not feedback_360: the simulator gives 360
    // feedback at quarter ends, after these 12 weeks; feedback/project.int.spec.ts replays it).
    for (const table of [
      'training_enrollments',
      'mentor_weeks',
      'mentor_ratings',
      'targets',
      'target_weekly',
      'policies',
    ]) {
      const [, rows] = Object.entries(small).find(([key]) => key.endsWith(`.${table}`)) ?? [];
      expect(rows?.rows, table).toBeGreaterThan(0);
    }
  });

  it('raise each target-behind alert once, also when the reactor runs again from the start', async () => {
    await rebuildProjection(store, db, targetsProjection);
    // The reactor's other rules read these; it waits for every read model its rules name.
    await rebuildProjection(store, db, evaluationsProjection);
    await rebuildProjection(store, db, decisionsProjection);
    await createReactor(store, db, database.url, { batchSize: 1000 }).catchUp();
    const count = async () =>
      Number(
        (
          await sql<{
            n: string;
          }>`SELECT count(*) AS n FROM eventstore.events
              WHERE event_type = 'AlertRaised' AND data->>'kind' = 'target_behind'`.execute(db)
        ).rows[0]?.n,
      );
    const behind = Number(
      (
        await sql<{
          n: string;
        }>`SELECT count(*) AS n FROM read.targets WHERE behind_warning AND subject_kind = 'employee'`.execute(
          db,
        )
      ).rows[0]?.n,
    );
    const raised = await count();
    expect(raised).toBe(behind);
    expect(raised).toBeGreaterThan(0);
    await sql`UPDATE projections.checkpoints SET position = 0 WHERE name = 'reactor:platform'`.execute(db);
    await rebuildProjection(store, db, targetsProjection);
    await rebuildProjection(store, db, peopleProjection);
    await rebuildProjection(store, db, evaluationsProjection);
    await rebuildProjection(store, db, decisionsProjection);
    await createReactor(store, db, database.url, { batchSize: 333 }).catchUp();
    expect(await count()).toBe(raised);
  });
});
