import { COMMISSION_PERIODS_STREAM, policyStream, saleStream } from '@trackrecord/domain';
import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../db.ts';
import { migrateReadModels } from '../migrate.ts';
import { rebuildProjection } from '../runner/rebuild.ts';
import { commissionGiven, type Given } from './given.testkit.ts';
import { commissionProjection } from './project.ts';
import { recomputeCommissionStatements } from './recompute.ts';
import type { CommissionDb } from './table.ts';

// Given/when/then for payout periods: January closed, then a refund of part of a January
// payment, a dispute accepted and one rejected, a reversal of a January sale and a payment
// dated January recorded after the close; February closed. Every figure is worked by hand.
// Plan: 2% up to ¥10,000 collected a month, 4% above (1,000,000 fen = ¥10,000).

let database: TestDatabase;
let store: PostgresEventStore;
let db: Kysely<CommissionDb>;

let given: Given;
const append: Given['append'] = (...args) => given.append(...args);
const collect: Given['collect'] = (...args) => given.collect(...args);
const close = (month: string, at: string) =>
  append(COMMISSION_PERIODS_STREAM, 'CommissionPeriodClosed', { month, at }, 'user:hr');
const dispute = (disputeId: string, saleId: string, paymentId: string, at: string) =>
  append(
    saleStream(saleId),
    'CommissionLineDisputed',
    { disputeId, saleId, paymentId, employeeId: 'e4', comment: '提成算错了 the rate looks wrong', at },
    'user:e4',
  );
const resolve = (
  disputeId: string,
  saleId: string,
  paymentId: string,
  outcome: 'accepted' | 'rejected',
  amount: number,
  at: string,
) =>
  append(
    saleStream(saleId),
    'CommissionDisputeResolved',
    { disputeId, saleId, paymentId, employeeId: 'e4', outcome, amount, reason: 'checked with finance', at },
    'user:hr',
  );

const read = () => db.withSchema('read');
async function rows() {
  return {
    ledger: (await read().selectFrom('commission_ledger').selectAll().orderBy('position').execute()).map(
      (r) => [r.payment_id, r.month, r.payout_month, Number(r.commission)],
    ),
    adjustments: (
      await read().selectFrom('commission_adjustments').selectAll().orderBy('position').execute()
    ).map((r) => [
      r.payment_id,
      r.month,
      r.reason,
      Number(r.amount),
      Number(r.basis),
      r.corrects_month,
      r.dispute_id,
    ]),
    statements: (
      await read()
        .selectFrom('commission_statements')
        .selectAll()
        .orderBy('month')
        .orderBy('employee_id')
        .execute()
    ).map((r) => ({ ...r })),
    periods: (await read().selectFrom('commission_periods').selectAll().orderBy('month').execute()).map(
      (r) => [r.month, r.closed_at],
    ),
    disputes: (
      await read().selectFrom('commission_disputes').selectAll().orderBy('dispute_id').execute()
    ).map((r) => [
      r.dispute_id,
      r.payment_id,
      r.status,
      Number(r.amount),
      r.disputed_by,
      r.resolved_by,
      r.adjustment_id,
    ]),
  };
}

let inBatchesOfOne: Awaited<ReturnType<typeof rows>>;
let inBatchesOfAThousand: Awaited<ReturnType<typeof rows>>;

beforeAll(async () => {
  database = await createTestDatabase('commission_payouts');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  given = commissionGiven(store);
  db = createDb<CommissionDb>(database.url, 2);

  await append(policyStream('commission-acme'), 'CommissionPlanPublished', {
    plan: {
      id: 'commission-acme',
      version: 1,
      name: 'Acme',
      basis: 'collected',
      period: 'month',
      tiers: [
        { from: 0, rate: 0.02 },
        { from: 1_000_000, rate: 0.04 },
      ],
      effectiveFrom: '2026-01-01',
    },
  });
  // p1, 10 Jan: 800,000 × 2% = 16,000.
  await collect('p1', 's1', 800_000, '2026-01-10');
  // p2, 20 Jan, on 800,000 before: 1,000,000 × 2% + 400,000 × 4% − 16,000 = 20,000.
  await collect('p2', 's2', 600_000, '2026-01-20');
  // January closed on 3 Feb: e4's statement 1,400,000 collected, 36,000 commission.
  await close('2026-01', '2026-02-03T09:00:00Z');
  // p2 refunded 150,000 of 600,000 on 10 Feb: round(20,000 × 150,000 ÷ 600,000) = 5,000 back,
  // counted in February (January is locked) and naming January.
  await append(saleStream('s2'), 'PaymentRefunded', {
    paymentId: 'p2',
    saleId: 's2',
    employeeId: 'e4',
    amount: 150_000,
    reason: '部分退货 partial return',
    refundedAt: '2026-02-10',
  });
  // p3, 12 Feb: a new month, 500,000 × 2% = 10,000.
  await collect('p3', 's3', 500_000, '2026-02-12');
  // d1 on p1, accepted on 20 Feb with +2,000; d2 on p3, rejected.
  await dispute('d1', 's1', 'p1', '2026-02-15T10:00:00Z');
  await dispute('d2', 's3', 'p3', '2026-02-16T10:00:00Z');
  await resolve('d1', 's1', 'p1', 'accepted', 2_000, '2026-02-20T10:00:00Z');
  await resolve('d2', 's3', 'p3', 'rejected', 0, '2026-02-21T10:00:00Z');
  // s1 reversed on 25 Feb: p1 has paid 16,000 + 2,000 = 18,000, all clawed back in February.
  await append(saleStream('s1'), 'SaleReversed', {
    saleId: 's1',
    employeeId: 'e4',
    reason: 'contract void',
    reversedAt: '2026-02-25',
  });
  // p4, dated 28 Jan but recorded after the close: January's tiers (1,400,000 before, so 4%):
  // 100,000 × 4% = 4,000, paid in February.
  await collect('p4', 's4', 100_000, '2026-01-28');
  // February closed on 2 Mar.
  await close('2026-02', '2026-03-02T09:00:00Z');
  await rebuildProjection(store, db, commissionProjection, { batchSize: 1 });
  inBatchesOfOne = await rows();
  await rebuildProjection(store, db, commissionProjection, { batchSize: 1000 });
  inBatchesOfAThousand = await rows();
  // After the close: p3 refunded in full in March (10,000 back, counted in March).
  await append(saleStream('s3'), 'PaymentRefunded', {
    paymentId: 'p3',
    saleId: 's3',
    employeeId: 'e4',
    amount: 500_000,
    reason: 'order cancelled',
    refundedAt: '2026-03-05',
  });
  await rebuildProjection(store, db, commissionProjection, { batchSize: 1000 });
});
afterAll(async () => {
  await db?.destroy();
  await store?.close();
  await database?.drop();
});

describe('commission payout periods', () => {
  it('pays a payment recorded after its month was locked in the first open month, tiered in its own', async () => {
    expect((await rows()).ledger).toEqual([
      ['p1', '2026-01', '2026-01', 16_000],
      ['p2', '2026-01', '2026-01', 20_000],
      ['p3', '2026-02', '2026-02', 10_000],
      ['p4', '2026-01', '2026-02', 4_000],
    ]);
  });

  it('claws back refunds in proportion, pays an accepted dispute, and counts corrections of a locked month in the open one', async () => {
    expect((await rows()).adjustments).toEqual([
      // payment, counted in, reason, fen, refunded fen, corrects locked month, dispute
      ['p2', '2026-02', 'payment_refunded', -5_000, 150_000, '2026-01', null],
      ['p1', '2026-02', 'dispute_accepted', 2_000, 0, '2026-01', 'd1'],
      ['p1', '2026-02', 'sale_reversed', -18_000, 0, '2026-01', null],
      // p3 was paid in February, locked since: counted in March, naming February.
      ['p3', '2026-03', 'payment_refunded', -10_000, 500_000, '2026-02', null],
    ]);
    expect((await rows()).disputes).toEqual([
      ['d1', 'p1', 'accepted', 2_000, 'user:e4', 'user:hr', 'dispute_accepted:d1'],
      ['d2', 'p3', 'rejected', 0, 'user:e4', 'user:hr', null],
    ]);
  });

  it('draws one statement per person and locked month, never changed by what comes later', async () => {
    const { statements, periods } = await rows();
    expect(periods).toEqual([
      ['2026-01', '2026-02-03T09:00:00Z'],
      ['2026-02', '2026-03-02T09:00:00Z'],
    ]);
    expect(
      statements.map((s) => [
        s.month,
        s.payments,
        Number(s.collected),
        Number(s.commission),
        s.adjustment_count,
        Number(s.adjustments),
        Number(s.payable),
        s.plans,
      ]),
    ).toEqual([
      ['2026-01', 1, 1_400_000, 36_000, 0, 0, 36_000, ['commission-acme v1']].map((v, i) =>
        i === 1 ? 2 : v,
      ),
      // p3 + p4; −5,000 + 2,000 − 18,000 = −21,000; 14,000 − 21,000 = −7,000.
      ['2026-02', 2, 600_000, 14_000, 3, -21_000, -7_000, ['commission-acme v1']],
    ]);
    expect(statements).toEqual(inBatchesOfAThousand.statements);
  });

  it('recomputes every statement from the event store at its position, identical to the stored one', async () => {
    const { statements } = await rows();
    for (const position of new Set(statements.map((s) => s.position))) {
      const recomputed = await recomputeCommissionStatements(store, db, BigInt(position));
      expect(recomputed).toEqual(statements.filter((s) => s.position === position));
    }
  });

  it('arrives at the same rows in batches of one event and of a thousand', () => {
    expect(inBatchesOfOne).toEqual(inBatchesOfAThousand);
  });
});
