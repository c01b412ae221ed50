import { employeeStream, saleStream } from '@trackrecord/domain';
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

// Given/when/then for the plan in force: a plan changed mid-month, a plan published later with
// an earlier effective date, and a reversal after both. Every figure below is worked by hand.

let database: TestDatabase;
let store: PostgresEventStore;
let db: Kysely<CommissionDb>;

let given: Given;
const append: Given['append'] = (...args) => given.append(...args);
const plan: Given['plan'] = (...args) => given.plan(...args);
const collect: Given['collect'] = (...args) => given.collect(...args);

async function rows() {
  const read = db.withSchema('read');
  return {
    ledger: (await read.selectFrom('commission_ledger').selectAll().orderBy('position').execute()).map(
      (r) => [
        r.payment_id,
        Number(r.collected_before),
        Number(r.commission),
        r.rate,
        `${r.plan_id} v${r.plan_version}`,
        r.sale_reversed,
      ],
    ),
    adjustments: (
      await read.selectFrom('commission_adjustments').selectAll().orderBy('position').execute()
    ).map((r) => [
      r.payment_id,
      r.month,
      r.reason,
      Number(r.amount),
      r.rate,
      `${r.plan_id} v${r.plan_version}`,
    ]),
    summary: (
      await read
        .selectFrom('commission_summary')
        .selectAll()
        .orderBy('employee_id')
        .orderBy('month')
        .execute()
    ).map((r) => [
      r.month,
      Number(r.collected),
      Number(r.commission),
      Number(r.adjustments),
      r.reversed_payments,
      Number(r.reversed_commission),
    ]),
    plans: (await read.selectFrom('commission_plans').selectAll().orderBy('version').execute()).map((r) => [
      r.version,
      r.effective_from,
    ]),
  };
}

let inBatchesOfOne: Awaited<ReturnType<typeof rows>>;

beforeAll(async () => {
  database = await createTestDatabase('commission_plans');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  given = commissionGiven(store);
  db = createDb<CommissionDb>(database.url, 2);

  await append(employeeStream('e4'), 'EmployeeHired', {
    employeeId: 'e4',
    name: 'e4',
    branchId: 'sh',
    teamId: 'sh-1',
    regionId: 'east',
    managerId: null,
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt: '2026-01-05',
    probationEnd: null,
    recruitingFit: 70,
  });
  // v1 from 1 January: 2% up to ¥10,000 a month, 4% above.
  await plan(1, '2026-01-01', [
    { from: 0, rate: 0.02 },
    { from: 1_000_000, rate: 0.04 },
  ]);
  // q1, 10 Feb, ¥6,000 under v1: 600,000 × 2% = 12,000 fen.
  await collect('q1', 's-a', 600_000, '2026-02-10');
  // v2 from 15 February, mid-month: 3% up to ¥10,000, 6% above.
  await plan(2, '2026-02-15', [
    { from: 0, rate: 0.03 },
    { from: 1_000_000, rate: 0.06 },
  ]);
  // q2, 20 Feb, ¥8,000 under v2 on ¥6,000 already collected this month:
  // (1,000,000 × 3% + 400,000 × 6%) − 600,000 × 3% = 54,000 − 18,000 = 36,000 fen at 6%.
  await collect('q2', 's-b', 800_000, '2026-02-20');
  // v3, published now, effective from 1 February: a flat 4%. It covers q1 (10 Feb, before
  // v2's 15 Feb): due 600,000 × 4% = 24,000, paid 12,000 → +12,000 in February under v3.
  // q2 (20 Feb) stays under v2, effective later: nothing changes.
  await plan(3, '2026-02-01', [{ from: 0, rate: 0.04 }]);
  // q3 recorded after v3, dated 12 Feb → v3: 100,000 × 4% = 4,000 on 1,400,000 before.
  await collect('q3', 's-a', 100_000, '2026-02-12');
  // Sale s-b reversed on 5 March: q2's 36,000 clawed back in March at the 6% it was paid at.
  await append(saleStream('s-b'), 'SaleReversed', {
    saleId: 's-b',
    employeeId: 'e4',
    reason: 'customer withdrew',
    reversedAt: '2026-03-05',
  });

  await rebuildProjection(store, db, commissionProjection, { batchSize: 1 });
  inBatchesOfOne = await rows();
  await rebuildProjection(store, db, commissionProjection, { batchSize: 1000 });
});
afterAll(async () => {
  await db?.destroy();
  await store?.close();
  await database?.drop();
});

describe('commission under the plan in force', () => {
  it('pays each payment under the plan in force at its date, mid-month changes included', async () => {
    expect((await rows()).ledger).toEqual([
      ['q1', 0, 12_000, 0.02, 'commission-acme v1', false],
      ['q2', 600_000, 36_000, 0.06, 'commission-acme v2', true],
      ['q3', 1_400_000, 4_000, 0.04, 'commission-acme v3', false],
    ]);
    expect((await rows()).plans).toEqual([
      [1, '2026-01-01'],
      [2, '2026-02-15'],
      [3, '2026-02-01'],
    ]);
  });

  it('reprocesses what a plan effective earlier covers, and claws back a reversed sale, never rewriting a line', async () => {
    expect((await rows()).adjustments).toEqual([
      ['q1', '2026-02', 'plan_reprocessed', 12_000, 0.04, 'commission-acme v3'],
      ['q2', '2026-03', 'sale_reversed', -36_000, 0.06, 'commission-acme v2'],
    ]);
    expect((await rows()).summary).toEqual([
      // collected, commission (lines), adjustments, reversed payments, their commission
      ['2026-02', 1_500_000, 52_000, 12_000, 1, 36_000],
      ['2026-03', 0, 0, -36_000, 0, 0],
    ]);
  });

  it('arrives at the same rows in batches of one event and of a thousand', async () => {
    expect(await rows()).toEqual(inBatchesOfOne);
  });
});
