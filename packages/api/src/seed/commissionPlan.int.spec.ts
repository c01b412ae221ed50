import { DEFAULT_COMMISSION_PLAN, periodCommission } from '@trackrecord/domain';
import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import {
  type CommissionDb,
  commissionProjection,
  createDb,
  migrateReadModels,
  rebuildProjection,
  recomputeCommissionStatements,
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

  it('locks each past month with one statement per person, each recomputed identically from the store at its close', async () => {
    const read = db.withSchema('read');
    const periods = await read.selectFrom('commission_periods').selectAll().orderBy('month').execute();
    const statements = await read
      .selectFrom('commission_statements')
      .selectAll()
      .orderBy('employee_id')
      .orderBy('month')
      .execute();
    // The demo closes every month before the last simulated one; the current month stays open.
    expect(periods.length).toBeGreaterThanOrEqual(2);
    const open = await read
      .selectFrom('commission_ledger')
      .select('payout_month')
      .where('payout_month', '>', periods.at(-1)!.month)
      .execute();
    expect(open.length).toBeGreaterThan(0);
    // Each statement's totals are its lines and adjustments.
    for (const s of statements.slice(0, 40)) {
      const lines = await read
        .selectFrom('commission_ledger')
        .select(['commission'])
        .where('employee_id', '=', s.employee_id)
        .where('payout_month', '=', s.month)
        .execute();
      const adjustments = await read
        .selectFrom('commission_adjustments')
        .select(['amount'])
        .where('employee_id', '=', s.employee_id)
        .where('month', '=', s.month)
        .execute();
      const commission = lines.reduce((sum, l) => sum + Number(l.commission), 0);
      const adjusted = adjustments.reduce((sum, a) => sum + Number(a.amount), 0);
      expect([s.payments, Number(s.commission), Number(s.adjustments), Number(s.payable)]).toEqual([
        lines.length,
        commission,
        adjusted,
        commission + adjusted,
      ]);
    }
    // Every close's statements, recomputed from the event store alone.
    for (const position of new Set(statements.map((s) => s.position))) {
      const recomputed = await recomputeCommissionStatements(store, db, BigInt(position));
      expect(recomputed).toEqual(statements.filter((s) => s.position === position));
    }
  });
});
