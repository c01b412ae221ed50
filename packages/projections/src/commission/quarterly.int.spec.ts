import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../db.ts';
import { migrateReadModels } from '../migrate.ts';
import { rebuildProjection } from '../runner/rebuild.ts';
import { commissionGiven, type Given } from './given.testkit.ts';
import { commissionProjection } from './project.ts';
import type { CommissionDb } from './table.ts';

// Given/when/then for a quarterly plan: tiers count what was recorded earlier anywhere in the
// quarter, whatever its date, both when a payment is paid and when a retroactive plan pays it
// again. Every figure below is worked by hand.

let database: TestDatabase;
let store: PostgresEventStore;
let db: Kysely<CommissionDb>;

let given: Given;
const _append: Given['append'] = (...args) => given.append(...args);
const plan = (version: number, effectiveFrom: string, tiers: { from: number; rate: number }[]) =>
  given.plan(version, effectiveFrom, tiers, 'quarter');
const collect: Given['collect'] = (...args) => given.collect(...args);

async function rows() {
  const read = db.withSchema('read');
  return {
    ledger: (await read.selectFrom('commission_ledger').selectAll().orderBy('position').execute()).map(
      (r) => [r.payment_id, Number(r.collected_before), Number(r.commission), r.rate],
    ),
    adjustments: (
      await read.selectFrom('commission_adjustments').selectAll().orderBy('position').execute()
    ).map((r) => [r.payment_id, r.month, r.reason, Number(r.amount), `${r.plan_id} v${r.plan_version}`]),
  };
}

let inBatchesOfOne: Awaited<ReturnType<typeof rows>>;

beforeAll(async () => {
  database = await createTestDatabase('commission_quarterly');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  given = commissionGiven(store);
  db = createDb<CommissionDb>(database.url, 2);
  // v1 from 1 January: 2% up to ¥10,000 a quarter, 4% above.
  await plan(1, '2026-01-01', [
    { from: 0, rate: 0.02 },
    { from: 1_000_000, rate: 0.04 },
  ]);
  // qa, dated 5 March, recorded first: 800,000 × 2% = 16,000.
  await collect('qa', 's-a', 800_000, '2026-03-05');
  // qb, dated 10 February but recorded after qa: the quarter already holds 800,000, so
  // 1,000,000 × 2% + 400,000 × 4% − 16,000 = 20,000, at 4%.
  await collect('qb', 's-b', 600_000, '2026-02-10');
  // v2 from 1 January (retroactive): 3% up to ¥10,000 a quarter, 6% above. Paid again in
  // recorded order: qa 800,000 × 3% = 24,000 (+8,000); qb (1,000,000 × 3% + 400,000 × 6%)
  // − 24,000 = 30,000 (+10,000), each in its own month.
  await plan(2, '2026-01-01', [
    { from: 0, rate: 0.03 },
    { from: 1_000_000, rate: 0.06 },
  ]);
  await rebuildProjection(store, db, commissionProjection, { batchSize: 1 });
  inBatchesOfOne = await rows();
  await rebuildProjection(store, db, commissionProjection, { batchSize: 1000 });
});
afterAll(async () => {
  await db?.destroy();
  await store?.close();
  await database?.drop();
});

describe('a quarterly commission plan', () => {
  it('counts what was recorded earlier in the quarter, a payment dated in an earlier month included', async () => {
    expect((await rows()).ledger).toEqual([
      ['qa', 0, 16_000, 0.02],
      ['qb', 800_000, 20_000, 0.04],
    ]);
  });

  it('pays the same way again when a retroactive plan reprocesses the quarter', async () => {
    expect((await rows()).adjustments).toEqual([
      ['qa', '2026-03', 'plan_reprocessed', 8_000, 'commission-acme v2'],
      ['qb', '2026-02', 'plan_reprocessed', 10_000, 'commission-acme v2'],
    ]);
  });

  it('arrives at the same rows in batches of one event and of a thousand', async () => {
    expect(await rows()).toEqual(inBatchesOfOne);
  });
});
