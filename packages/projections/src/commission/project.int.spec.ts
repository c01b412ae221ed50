import {
  type CollectedPayment,
  currentVersion,
  DEFAULT_COMMISSION_PLAN,
  type DomainEventType,
  employeeStream,
  periodCommission,
  saleStream,
} from '@trackrecord/domain';
import { type JsonObject, migrateEventStore, newEventId, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database.ts';
import { createDb } from '../db.ts';
import { migrateReadModels } from '../migrate.ts';
import { peopleProjection } from '../people/project.ts';
import type { PeopleDb } from '../people/table.ts';
import { rebuildProjection } from '../runner/rebuild.ts';
import { commissionProjection } from './project.ts';
import { commissionLedger, commissionSummaries, commissionSummary, commissionToReview } from './queries.ts';
import type { CommissionDb } from './table.ts';

let database: TestDatabase;
let store: PostgresEventStore;
let base: Kysely<CommissionDb>;
let peopleDb: Kysely<PeopleDb>;
let db: Kysely<Database>;

const YUAN = 100;

async function append(stream: string, type: DomainEventType, data: JsonObject) {
  await store.appendToStream(stream, [{ id: newEventId(), type, schemaVersion: currentVersion(type), data }]);
}

const hire = (employeeId: string, branchId: string, teamId: string) =>
  append(employeeStream(employeeId), 'EmployeeHired', {
    employeeId,
    name: employeeId,
    branchId,
    teamId,
    regionId: 'east',
    managerId: null,
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt: '2026-01-05',
    probationEnd: null,
    recruitingFit: 70,
  });

const close = (saleId: string, employeeId: string, amount: number, closedAt: string) =>
  append(saleStream(saleId), 'SaleClosed', {
    saleId,
    employeeId,
    amount,
    grossMargin: 0.3,
    productLine: 'crm',
    customerId: `c-${saleId}`,
    customerType: 'smb',
    channel: 'direct',
    newCustomer: false,
    cycleDays: 10,
    closedAt,
  });

/** Every payment appended, in order, to compare with the pure calculation. */
const appended: (CollectedPayment & { employeeId: string; month: string })[] = [];
async function collect(
  paymentId: string,
  saleId: string,
  employeeId: string,
  amount: number,
  collectedAt: string,
) {
  appended.push({ paymentId, saleId, amount, employeeId, month: collectedAt.slice(0, 7) });
  await append(saleStream(saleId), 'PaymentCollected', {
    paymentId,
    saleId,
    employeeId,
    amount,
    collectedAt,
  });
}

async function tableRows() {
  const read = db.withSchema('read');
  return {
    ledger: await read.selectFrom('commission_ledger').selectAll().orderBy('position').execute(),
    summary: await read
      .selectFrom('commission_summary')
      .selectAll()
      .orderBy('employee_id')
      .orderBy('month')
      .execute(),
    reversed: await read.selectFrom('commission_reversed_sales').selectAll().orderBy('sale_id').execute(),
    adjustments: await read
      .selectFrom('commission_adjustments')
      .selectAll()
      .orderBy('adjustment_id')
      .execute(),
  };
}

let smallBatches: Awaited<ReturnType<typeof tableRows>>;

beforeAll(async () => {
  database = await createTestDatabase('commission');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  base = createDb<CommissionDb>(database.url, 2);
  peopleDb = createDb<PeopleDb>(database.url, 1);
  db = base.withTables<Omit<Database, keyof CommissionDb>>();

  await hire('e1', 'sh', 'sh-1');
  await hire('e2', 'sh', 'sh-2');
  await hire('e3', 'bj', 'bj-1');
  await close('s1', 'e1', 500_000 * YUAN, '2026-03-01');
  await close('s2', 'e1', 50_000 * YUAN, '2026-03-02');
  // e1 in March: 60k yuan at 3%, then 50k crossing 100k, an odd amount, then 200k crossing 300k.
  await collect('p1', 's1', 'e1', 60_000 * YUAN, '2026-03-05');
  await collect('p2', 's2', 'e1', 50_000 * YUAN, '2026-03-06T09:00:00+08:00');
  await collect('p3', 's1', 'e1', 333_333, '2026-03-07');
  await collect('p4', 's1', 'e1', 200_000 * YUAN, '2026-03-20');
  // April starts a new period at the first tier.
  await collect('p5', 's1', 'e1', 1_001, '2026-04-02');
  await append(saleStream('s2'), 'SaleReversed', {
    saleId: 's2',
    employeeId: 'e1',
    reason: 'customer withdrew',
    reversedAt: '2026-04-03',
  });
  // Many small payments of uneven size for two more people, so rounding is exercised.
  for (const [employeeId, saleId, branch] of [
    ['e2', 's3', 'sh'],
    ['e3', 's4', 'bj'],
  ] as const) {
    await close(saleId, employeeId, 1_000_000 * YUAN, '2026-03-01');
    let seed = branch === 'sh' ? 7 : 11;
    for (let i = 0; i < 30; i++) {
      seed = (seed * 48_271) % 2_147_483_647;
      const amount = 1 + (seed % (30_000 * YUAN));
      await collect(
        `${saleId}-p${i}`,
        saleId,
        employeeId,
        amount,
        `2026-0${3 + (i % 2)}-${String(10 + (i % 15))}`,
      );
    }
  }

  await rebuildProjection(store, peopleDb, peopleProjection);
  await rebuildProjection(store, base, commissionProjection, { batchSize: 2 });
  smallBatches = await tableRows();
  await rebuildProjection(store, base, commissionProjection, { batchSize: 1000 });
});
afterAll(async () => {
  await base?.destroy();
  await peopleDb?.destroy();
  await store?.close();
  await database?.drop();
});

describe('commission read model', () => {
  it('given tiered payments in two months, holds this ledger', async () => {
    const { ledger } = await tableRows();
    expect(
      ledger
        .filter((r) => r.employee_id === 'e1')
        .map((r) => [
          r.payment_id,
          r.month,
          Number(r.collected),
          Number(r.collected_before),
          r.rate,
          Number(r.commission),
          r.plan_id,
          r.plan_version,
          r.sale_reversed,
        ]),
    ).toEqual([
      ['p1', '2026-03', 6_000_000, 0, 0.03, 180_000, 'commission-demo', 1, false],
      // 40k yuan at 3% + 10k at 5%.
      ['p2', '2026-03', 5_000_000, 6_000_000, 0.05, 170_000, 'commission-demo', 1, true],
      ['p3', '2026-03', 333_333, 11_000_000, 0.05, 16_667, 'commission-demo', 1, false],
      // 186,666.67 yuan at 5% + 13,333.33 at 8%, with the cumulative commission rounded.
      ['p4', '2026-03', 20_000_000, 11_333_333, 0.08, 1_040_000, 'commission-demo', 1, false],
      ['p5', '2026-04', 1_001, 0, 0.03, 30, 'commission-demo', 1, false],
    ]);
  });

  it('agrees with periodCommission on the same payments, per payment and per month', async () => {
    const { ledger, summary } = await tableRows();
    const periods = new Map<string, typeof appended>();
    for (const p of appended) {
      const key = `${p.employeeId} ${p.month}`;
      periods.set(key, [...(periods.get(key) ?? []), p]);
    }
    expect(summary.map((s) => `${s.employee_id} ${s.month}`)).toEqual([...periods.keys()].sort());
    for (const s of summary) {
      const payments = periods.get(`${s.employee_id} ${s.month}`)!;
      const expected = periodCommission(s.employee_id, payments, DEFAULT_COMMISSION_PLAN);
      expect(Number(s.commission)).toBe(expected.commission);
      expect(Number(s.collected)).toBe(expected.collected);
      expect(s.payments).toBe(payments.length);
      expect([s.plan_id, s.plan_version]).toEqual([expected.policy.id, expected.policy.version]);
      expect(
        ledger
          .filter((r) => r.employee_id === s.employee_id && r.month === s.month)
          .map((r) => [r.payment_id, Number(r.collected_before), Number(r.commission)]),
      ).toEqual(expected.payments.map((p) => [p.paymentId, p.collectedBefore, p.commission]));
    }
  });

  it('claws back what the payments of a reversed sale earned, in the month of the reversal', async () => {
    const { summary, reversed, adjustments } = await tableRows();
    // p2 earned 170,000 fen in March at 5%; s2 is reversed on 3 April.
    expect(adjustments.map((a) => [a.payment_id, a.month, a.reason, Number(a.amount), a.rate])).toEqual([
      ['p2', '2026-04', 'sale_reversed', -170_000, 0.05],
    ]);
    expect(reversed.map((r) => [r.sale_id, r.reversed_at])).toEqual([['s2', '2026-04-03']]);
    expect(
      summary
        .filter((s) => s.employee_id === 'e1')
        .map((s) => [
          s.month,
          Number(s.commission),
          Number(s.adjustments),
          s.reversed_payments,
          Number(s.reversed_commission),
        ]),
    ).toEqual([
      ['2026-03', 1_406_667, 0, 1, 170_000],
      ['2026-04', 30, -170_000, 0, 0],
    ]);
  });

  it('arrives at the same rows whatever the batch size', async () => {
    expect(await tableRows()).toEqual(smallBatches);
  });

  it('answers ledger and summary of a person and month within the reader’s scope', async () => {
    expect(
      (await commissionLedger(db, { kind: 'team', teamId: 'sh-1' }, 'e1', '2026-03')).map(
        (r) => r.payment_id,
      ),
    ).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(await commissionLedger(db, { kind: 'branch', branchId: 'bj' }, 'e1', '2026-03')).toEqual([]);
    expect(
      Number((await commissionSummary(db, { kind: 'self', employeeId: 'e1' }, 'e1', '2026-04'))?.commission),
    ).toBe(30);
    expect(await commissionSummary(db, { kind: 'self', employeeId: 'e2' }, 'e1', '2026-04')).toBeUndefined();
    expect(
      (await commissionSummaries(db, { kind: 'branch', branchId: 'sh' }, '2026-03')).map(
        (s) => s.employee_id,
      ),
    ).toEqual(['e1', 'e2']);
    expect((await commissionSummaries(db, { kind: 'all' }, '2026-03')).map((s) => s.employee_id)).toEqual([
      'e1',
      'e2',
      'e3',
    ]);
    expect((await commissionToReview(db, { kind: 'all' })).map((r) => r.payment_id)).toEqual(['p2']);
    expect(await commissionToReview(db, { kind: 'branch', branchId: 'bj' })).toEqual([]);
    await expect(commissionLedger(db, { kind: 'all' }, 'e1', '2026-3')).rejects.toThrow(RangeError);
  });
});
