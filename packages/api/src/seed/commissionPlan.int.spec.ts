import { DEFAULT_COMMISSION_PLAN, periodCommission } from '@trackrecord/domain';
import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import {
  type CommissionDb,
  commissionProjection,
  createDb,
  migrateReadModels,
  rebuildProjection,
} from '@trackrecord/projections';
import { DEFAULT_SIMULATION_POLICIES, revisedPolicies } from '@trackrecord/simulator';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCompany } from './demoSeed.ts';

// The demo company publishes its commission plan at the start and a revised version halfway
// (every rate above the first tier 10% higher). Seeded the way `pnpm start` seeds it, each
// payment must be paid under the version in force at its date.

const SMALL = { seed: 61, employees: 32, weeks: 15 };
let database: TestDatabase;
let store: PostgresEventStore;
let db: Kysely<CommissionDb>;

beforeAll(async () => {
  database = await createTestDatabase('commission_demo');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  db = createDb<CommissionDb>(database.url, 2);
  await seedDemoCompany(store, SMALL);
  await rebuildProjection(store, db, commissionProjection);
});
afterAll(async () => {
  await db?.destroy();
  await store?.close();
  await database?.drop();
});

describe('the demo company’s commission', () => {
  it('pays every payment under the plan version in force at its date', async () => {
    const read = db.withSchema('read');
    const plans = await read.selectFrom('commission_plans').selectAll().orderBy('version').execute();
    const v2 = revisedPolicies(DEFAULT_SIMULATION_POLICIES).commission;
    expect(plans.map((p) => [p.plan_id, p.version])).toEqual([
      [DEFAULT_COMMISSION_PLAN.id, 1],
      [v2.id, 2],
    ]);
    const revision = plans[1]!.effective_from;
    expect(revision > plans[0]!.effective_from).toBe(true);

    const ledger = await read.selectFrom('commission_ledger').selectAll().orderBy('position').execute();
    const versions = new Set<number>();
    for (const line of ledger) {
      const expected = line.collected_at.slice(0, 10) < revision ? 1 : 2;
      expect([line.payment_id, line.plan_version]).toEqual([line.payment_id, expected]);
      versions.add(line.plan_version);
    }
    expect([...versions].sort()).toEqual([1, 2]);

    // A month paid wholly under one version equals the domain's own period calculation.
    const summaries = await read.selectFrom('commission_summary').selectAll().execute();
    let checked = 0;
    for (const s of summaries) {
      const lines = ledger.filter((l) => l.employee_id === s.employee_id && l.month === s.month);
      const planVersions = new Set(lines.map((l) => l.plan_version));
      if (planVersions.size !== 1) continue;
      const plan = planVersions.has(2) ? v2 : DEFAULT_COMMISSION_PLAN;
      const expected = periodCommission(
        s.employee_id,
        lines.map((l) => ({ paymentId: l.payment_id, saleId: l.sale_id, amount: Number(l.collected) })),
        plan,
      );
      expect([s.employee_id, s.month, Number(s.commission)]).toEqual([
        s.employee_id,
        s.month,
        expected.commission,
      ]);
      if (planVersions.has(2)) checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });
});
