import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { simulationConfig } from '@trackrecord/simulator';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../db.ts';
import { migrateReadModels } from '../migrate.ts';
import { applyBatch } from '../runner/apply.ts';
import { resetCheckpoint } from '../runner/checkpoints.ts';
import { rebuildProjection } from '../runner/rebuild.ts';
import { readModelChecksums } from '../testing/checksum.ts';
import { type EvaluationsDb, evaluationsProjection } from './project.ts';
import { appendAll, decideSimulation, withPolicies } from './simulated.testkit.ts';

/**
 * A rebuild leaves eligibility and retention risk to `finishRebuild` (judged once on the final
 * state), while live batches judge again, batch after batch, everyone whose inputs changed and
 * write only what differs from the stored rows. Both must arrive at the same rows: the same
 * history is applied live in small batches, then rebuilt (in one batch, then in many, which
 * keep the pass's state in memory between them), and every table is compared.
 */
let database: TestDatabase;
let store: PostgresEventStore;
let db: Kysely<EvaluationsDb>;

beforeAll(async () => {
  database = await createTestDatabase('eval_live_vs_rebuild');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  db = createDb<EvaluationsDb>(database.url, 2);
  // A scoring policy republished and a retention model published mid-way (withPolicies).
  const simulated = decideSimulation(simulationConfig({ seed: 5, employees: 40, weeks: 27 }));
  await appendAll(store, withPolicies(simulated.decided));
}, 600_000);

afterAll(async () => {
  await db?.destroy();
  await store?.close();
  await database?.drop();
});

describe('evaluations: live batches and a rebuild', () => {
  it('arrive at the same rows in every table', async () => {
    await resetCheckpoint(db, evaluationsProjection.name, evaluationsProjection.version);
    let position = 0n;
    for (;;) {
      const page = await store.readAll({ after: position, maxCount: 700 });
      if (page.events.length > 0)
        position = await applyBatch(
          db,
          evaluationsProjection,
          evaluationsProjection.name,
          'read',
          position,
          page.events,
        );
      if (page.isEnd) break;
    }
    const live = await readModelChecksums(db, [evaluationsProjection]);
    expect(live['evaluations.eligibility']?.rows).toBeGreaterThan(0);
    expect(live['evaluations.retention_risk']?.rows).toBeGreaterThan(0);

    await rebuildProjection(store, db, evaluationsProjection, { batchSize: 5000, batchEvents: 50_000 });
    expect(await readModelChecksums(db, [evaluationsProjection])).toEqual(live);

    // In many batches: the pass keeps its whole state in memory from one batch to the next
    // instead of reading back the rows of the people each batch touches.
    await rebuildProjection(store, db, evaluationsProjection, { batchSize: 700, batchEvents: 700 });
    expect(await readModelChecksums(db, [evaluationsProjection])).toEqual(live);
  }, 600_000);
});
