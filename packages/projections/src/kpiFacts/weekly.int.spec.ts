import {
  activityStream,
  currentVersion,
  type DomainEventType,
  employeeStream,
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
import { kpiFactsProjection } from './project.ts';
import { kpiTotals, personKpiWeeks } from './queries.ts';
import type { KpiFactsDb } from './table.ts';

let database: TestDatabase;
let store: PostgresEventStore;
let base: Kysely<KpiFactsDb>;
let peopleDb: Kysely<PeopleDb>;
let db: Kysely<Database>;

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

const close = (saleId: string, employeeId: string, amount: number, grossMargin: number, closedAt: string) =>
  append(saleStream(saleId), 'SaleClosed', {
    saleId,
    employeeId,
    amount,
    grossMargin,
    productLine: 'crm',
    customerId: `c-${saleId}`,
    customerType: 'smb',
    channel: 'direct',
    newCustomer: saleId === 's1',
    cycleDays: 10,
    closedAt,
  });

const collect = (
  paymentId: string,
  saleId: string,
  employeeId: string,
  amount: number,
  collectedAt: string,
) => append(saleStream(saleId), 'PaymentCollected', { paymentId, saleId, employeeId, amount, collectedAt });

const activity = (type: DomainEventType, employeeId: string, at: string, data: JsonObject = {}) =>
  append(activityStream(employeeId, at), type, { employeeId, at, ...data });

async function tableRows() {
  const read = db.withSchema('read');
  return {
    weeks: await read
      .selectFrom('kpi_facts_weekly')
      .selectAll()
      .orderBy('employee_id')
      .orderBy('week')
      .execute(),
    months: await read.selectFrom('kpi_facts').selectAll().orderBy('employee_id').orderBy('month').execute(),
    sales: await read.selectFrom('kpi_sales').selectAll().orderBy('sale_id').execute(),
  };
}

let smallBatches: Awaited<ReturnType<typeof tableRows>>;

beforeAll(async () => {
  database = await createTestDatabase('kpi_weekly');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  base = createDb<KpiFactsDb>(database.url, 2);
  peopleDb = createDb<PeopleDb>(database.url, 1);
  db = base.withTables<Omit<Database, keyof KpiFactsDb>>();

  // Given: weeks Monday 2026-03-02 to Sunday 03-08, 03-09 to 03-15, and 03-30 to 04-05 (UTC).
  await hire('e1', 'sh', 'sh-1');
  await hire('e2', 'bj', 'bj-1');
  // s1 closed on a Wednesday; paid 30,000 the same week and 50,000 the next (still March).
  await close('s1', 'e1', 100_000, 0.3, '2026-03-04');
  await collect('p1', 's1', 'e1', 30_000, '2026-03-06');
  await collect('p2', 's1', 'e1', 50_000, '2026-03-10');
  // s2 closed on March's last day, a Tuesday, paid in full on Thursday: within its week, after its month.
  await close('s2', 'e1', 40_000, 0.25, '2026-03-31');
  await collect('p3', 's2', 'e1', 40_000, '2026-04-02');
  // Monday 06:00 in China is Sunday 22:00 UTC: the week before, by the UTC rule.
  await close('s3', 'e2', 100_000, 0.1, '2026-03-09T06:00:00+08:00');
  await append(saleStream('s3'), 'SaleCorrected', {
    saleId: 's3',
    employeeId: 'e2',
    amount: 60_000,
    grossMargin: 0.2,
    reason: 'discount agreed',
    correctedAt: '2026-03-16',
  });
  // Closed and reversed a week later: the week of the close keeps a row of zeros.
  await close('s4', 'e2', 50_000, 0.3, '2026-03-11');
  await append(saleStream('s4'), 'SaleReversed', {
    saleId: 's4',
    employeeId: 'e2',
    reason: 'cancelled',
    reversedAt: '2026-03-17',
  });
  await activity('CustomerFollowUpLogged', 'e1', '2026-03-02', { customerId: 'c1' });
  await activity('CustomerFollowUpLogged', 'e1', '2026-03-08T23:59:59Z', { customerId: 'c2' });
  await activity('CustomerFollowUpLogged', 'e1', '2026-03-09', { customerId: 'c3' });
  await activity('CustomerFeedbackGiven', 'e1', '2026-03-03', { customerId: 'c1', rating: 4 });
  await activity('ExpenseRecorded', 'e1', '2026-03-05', {
    expenseId: 'x1',
    amount: 1_000,
    category: 'travel',
  });

  // When: the read model is rebuilt in batches of 2 (sales split from their payments,
  // corrections and reversals), then in one batch.
  await rebuildProjection(store, peopleDb, peopleProjection);
  await rebuildProjection(store, base, kpiFactsProjection, { batchSize: 2 });
  smallBatches = await tableRows();
  await rebuildProjection(store, base, kpiFactsProjection, { batchSize: 1000 });
});
afterAll(async () => {
  await base?.destroy();
  await peopleDb?.destroy();
  await store?.close();
  await database?.drop();
});

describe('kpi_facts_weekly read model', () => {
  it('given sales, payments, a correction, a reversal and activity, holds these weekly facts', async () => {
    const { weeks } = await tableRows();
    expect(
      weeks.map((r) => ({
        key: `${r.employee_id} ${r.week}`,
        sales: Number(r.sales_amount),
        deals: r.deals,
        margin: Number(r.gross_margin),
        collected: Number(r.collected),
        cash: Number(r.collected_in_week),
        rate: r.collection_rate,
        newCustomers: r.new_customers,
        followUps: r.follow_ups,
      })),
    ).toEqual([
      // Only p1 falls in s1's week.
      {
        key: 'e1 2026-03-02',
        sales: 100_000,
        deals: 1,
        margin: 30_000,
        collected: 30_000,
        cash: 30_000,
        rate: 0.3,
        newCustomers: 1,
        followUps: 2,
      },
      // p2 is cash of the next week, not the KPI of s1's week.
      {
        key: 'e1 2026-03-09',
        sales: 0,
        deals: 0,
        margin: 0,
        collected: 0,
        cash: 50_000,
        rate: null,
        newCustomers: 0,
        followUps: 1,
      },
      {
        key: 'e1 2026-03-30',
        sales: 40_000,
        deals: 1,
        margin: 10_000,
        collected: 40_000,
        cash: 40_000,
        rate: 1,
        newCustomers: 0,
        followUps: 0,
      },
      {
        key: 'e2 2026-03-02',
        sales: 60_000,
        deals: 1,
        margin: 12_000,
        collected: 0,
        cash: 0,
        rate: 0,
        newCustomers: 0,
        followUps: 0,
      },
      {
        key: 'e2 2026-03-09',
        sales: 0,
        deals: 0,
        margin: 0,
        collected: 0,
        cash: 0,
        rate: null,
        newCustomers: 0,
        followUps: 0,
      },
    ]);
    const first = weeks[0]!;
    expect({
      feedback: [first.feedback_rating_sum, first.feedback_rating_count],
      expenses: Number(first.expenses),
    }).toEqual({ feedback: [4, 1], expenses: 1_000 });
  });

  it('keeps the monthly facts by the month’s end beside them', async () => {
    const { months } = await tableRows();
    expect(
      months.map((r) => [
        r.employee_id,
        r.month,
        Number(r.sales_amount),
        Number(r.collected),
        Number(r.collected_in_month),
        r.follow_ups,
      ]),
    ).toEqual([
      // p1 and p2 both by March's end; p3 after it (cash of April).
      ['e1', '2026-03', 140_000, 80_000, 80_000, 3],
      ['e1', '2026-04', 0, 0, 40_000, 0],
      ['e2', '2026-03', 60_000, 0, 0, 0],
    ]);
  });

  it('keeps each sale’s week and its payments up to that week’s end', async () => {
    const { sales } = await tableRows();
    expect(
      sales.map((s) => [s.sale_id, s.week, Number(s.paid_by_week_end), Number(s.paid_by_period_end)]),
    ).toEqual([
      ['s1', '2026-03-02', 30_000, 80_000],
      ['s2', '2026-03-30', 40_000, 0],
      ['s3', '2026-03-02', 0, 0],
      ['s4', '2026-03-09', 0, 0],
    ]);
  });

  it('arrives at the same rows whatever the batch size', async () => {
    expect(await tableRows()).toEqual(smallBatches);
  });

  it('answers one person’s weeks within the reader’s scope', async () => {
    const range = { from: '2026-02-23', to: '2026-04-27' };
    expect((await personKpiWeeks(db, { kind: 'all' }, 'e1', range)).map((r) => r.week)).toEqual([
      '2026-03-02',
      '2026-03-09',
      '2026-03-30',
    ]);
    expect(
      (
        await personKpiWeeks(db, { kind: 'team', teamId: 'sh-1' }, 'e1', {
          from: '2026-03-09',
          to: '2026-03-09',
        })
      ).map((r) => [r.week, Number(r.collected_in_week)]),
    ).toEqual([['2026-03-09', 50_000]]);
    expect(await personKpiWeeks(db, { kind: 'branch', branchId: 'bj' }, 'e1', range)).toEqual([]);
    expect(await personKpiWeeks(db, { kind: 'self', employeeId: 'e2' }, 'e1', range)).toEqual([]);
  });

  it('sums the weeks whose Monday lies in the months, by week and by person, within the scope', async () => {
    const march = { from: '2026-03', to: '2026-03' };
    expect(
      (await kpiTotals(db, { kind: 'all' }, march, ['week'])).map((t) => [
        t.group.week,
        t.people,
        t.salesAmount,
        t.collected,
        t.collectedInMonth,
        t.followUps,
      ]),
    ).toEqual([
      ['2026-03-02', 2, 160_000, 30_000, 30_000, 2],
      ['2026-03-09', 2, 0, 0, 50_000, 1],
      ['2026-03-30', 1, 40_000, 40_000, 40_000, 0],
    ]);
    expect(
      (await kpiTotals(db, { kind: 'self', employeeId: 'e2' }, march, ['person', 'week'])).map((t) => [
        t.group.person,
        t.group.week,
        t.salesAmount,
      ]),
    ).toEqual([
      ['e2', '2026-03-02', 60_000],
      ['e2', '2026-03-09', 0],
    ]);
    // The week of 30 March holds a sale of 1 April; February's weeks are outside the range.
    expect(
      (await kpiTotals(db, { kind: 'all' }, { from: '2026-04', to: '2026-04' }, ['week'])).map(
        (t) => t.group.week,
      ),
    ).toEqual([]);
    // e2 is the Beijing branch's only person.
    expect(
      (await kpiTotals(db, { kind: 'branch', branchId: 'bj' }, march, ['week'])).map((t) => [
        t.group.week,
        t.people,
        t.salesAmount,
      ]),
    ).toEqual([
      ['2026-03-02', 1, 60_000],
      ['2026-03-09', 1, 0],
    ]);
    await expect(kpiTotals(db, { kind: 'all' }, march, ['week', 'month'])).rejects.toThrow(
      /WEEK and MONTH cannot be combined/,
    );
  });

  it('refuses weeks that are not Mondays or not dates, and reversed ranges', async () => {
    const ask = (from: string, to: string) => personKpiWeeks(db, { kind: 'all' }, 'e1', { from, to });
    await expect(ask('2026-03-03', '2026-03-09')).rejects.toThrow(/from must be the Monday.*2026-03-03/);
    await expect(ask('2026-03-02', '2026-3-9')).rejects.toThrow(/to must be a date YYYY-MM-DD.*2026-3-9/);
    await expect(ask('2026-02-30', '2026-03-09')).rejects.toThrow(RangeError);
    await expect(ask('2026-03-09', '2026-03-02')).rejects.toThrow(/from <= to/);
  });
});
