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
import { kpiTotals, personKpiFacts, salesTotals } from './queries.ts';
import type { KpiFactsDb } from './table.ts';

let database: TestDatabase;
let store: PostgresEventStore;
let base: Kysely<KpiFactsDb>;
let peopleDb: Kysely<PeopleDb>;
let db: Kysely<Database>;

async function append(
  stream: string,
  type: DomainEventType,
  data: JsonObject,
  schemaVersion = currentVersion(type),
) {
  await store.appendToStream(stream, [{ id: newEventId(), type, schemaVersion, data }]);
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

const close = (
  saleId: string,
  employeeId: string,
  amount: number,
  grossMargin: number,
  productLine: string,
  customerType: 'key_account' | 'smb' | 'individual',
  channel: 'direct' | 'channel_partner',
  newCustomer: boolean,
  closedAt: string,
) =>
  append(saleStream(saleId), 'SaleClosed', {
    saleId,
    employeeId,
    amount,
    grossMargin,
    productLine,
    customerId: `c-${saleId}`,
    customerType,
    channel,
    newCustomer,
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
    facts: await read.selectFrom('kpi_facts').selectAll().orderBy('employee_id').orderBy('month').execute(),
    dimensions: await read
      .selectFrom('kpi_sales_by_dimension')
      .selectAll()
      .orderBy('employee_id')
      .orderBy('month')
      .orderBy('product_line')
      .orderBy('customer_type')
      .orderBy('channel')
      .execute(),
    sales: await read.selectFrom('kpi_sales').selectAll().orderBy('sale_id').execute(),
  };
}

let smallBatches: Awaited<ReturnType<typeof tableRows>>;

beforeAll(async () => {
  database = await createTestDatabase('kpi_facts');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  base = createDb<KpiFactsDb>(database.url, 2);
  peopleDb = createDb<PeopleDb>(database.url, 1);
  db = base.withTables<Omit<Database, keyof KpiFactsDb>>();

  await hire('e1', 'sh', 'sh-1');
  await hire('e2', 'sh', 'sh-2');
  await hire('e3', 'bj', 'bj-1');
  await close('s1', 'e1', 100_000, 0.3, 'crm', 'key_account', 'direct', true, '2026-03-10T10:00:00+08:00');
  await close('s2', 'e1', 50_000, 0.2, 'erp', 'smb', 'channel_partner', false, '2026-03-20');
  await close('s3', 'e1', 30_000, 0.5, 'crm', 'key_account', 'direct', false, '2026-03-25');
  await collect('p1', 's1', 'e1', 60_000, '2026-03-28');
  // Version 1 from the first CRM connector: yuan as a string, upcast to a direct SMB sale.
  await append(
    saleStream('s4'),
    'SaleClosed',
    {
      saleId: 's4',
      employeeId: 'e2',
      amountYuan: '1234.56',
      grossMargin: 0.1,
      productLine: 'erp',
      customerId: 'c-s4',
      closedAt: '2026-04-01',
    },
    1,
  );
  await close('s5', 'e3', 200_000, 0.4, 'crm', 'individual', 'direct', true, '2026-04-03');
  // Corrected and reversed in April: both adjust March, the month of the original sale.
  await append(saleStream('s2'), 'SaleCorrected', {
    saleId: 's2',
    employeeId: 'e1',
    amount: 40_000,
    grossMargin: 0.25,
    reason: 'discount agreed',
    correctedAt: '2026-04-02',
  });
  await append(saleStream('s3'), 'SaleReversed', {
    saleId: 's3',
    employeeId: 'e1',
    reason: 'cancelled',
    reversedAt: '2026-04-05',
  });
  await collect('p2', 's1', 'e1', 40_000, '2026-04-10');
  await collect('p3', 's2', 'e1', 40_000, '2026-04-11');
  await collect('p4', 's4', 'e2', 100_000, '2026-04-12');
  // A close recorded twice (a connector retry) counts once.
  await close('s5', 'e3', 999_999, 0.9, 'erp', 'smb', 'direct', false, '2026-05-01');
  await activity('CustomerFollowUpLogged', 'e1', '2026-03-02', { customerId: 'c1' });
  await activity('CustomerFollowUpLogged', 'e1', '2026-03-03', { customerId: 'c2' });
  await activity('DemoGiven', 'e1', '2026-03-04', { customerId: 'c1' });
  await activity('OpportunityCreated', 'e1', '2026-03-05', { opportunityId: 'o1', customerId: 'c1' });
  await activity('CustomerRetained', 'e1', '2026-03-06', { customerId: 'c3' });
  await activity('CustomerChurned', 'e1', '2026-03-07', { customerId: 'c4' });
  await activity('CustomerFeedbackGiven', 'e1', '2026-03-08', { customerId: 'c1', rating: 4 });
  await activity('CustomerFeedbackGiven', 'e1', '2026-03-09', { customerId: 'c2', rating: 5 });
  await activity('ExpenseRecorded', 'e1', '2026-03-10', {
    expenseId: 'x1',
    amount: 1234,
    category: 'travel',
  });
  await activity('CollaborationCredited', 'e1', '2026-03-11', { helpedEmployeeId: 'e2' });
  await activity('Feedback360Given', 'e1', '2026-03-12', { from: 'peer', rating: 3 });
  await activity('AttendanceRecorded', 'e1', '2026-03-31', {
    month: '2026-03',
    workingDays: 21,
    daysPresent: 21,
    lateArrivals: 0,
    earlyLeaves: 0,
  });

  await rebuildProjection(store, peopleDb, peopleProjection);
  // Batches of 3 split sales from their corrections, reversals and payments.
  await rebuildProjection(store, base, kpiFactsProjection, { batchSize: 3 });
  smallBatches = await tableRows();
  await rebuildProjection(store, base, kpiFactsProjection, { batchSize: 1000 });
});
afterAll(async () => {
  await base?.destroy();
  await peopleDb?.destroy();
  await store?.close();
  await database?.drop();
});

describe('kpi_facts read model', () => {
  it('given sales, a correction, a reversal, payments and activity, holds these monthly facts', async () => {
    const { facts } = await tableRows();
    expect(
      facts.map((r) => ({
        key: `${r.employee_id} ${r.month}`,
        sales: Number(r.sales_amount),
        deals: r.deals,
        margin: Number(r.gross_margin),
        collected: Number(r.collected),
        rate: r.collection_rate,
        newCustomers: r.new_customers,
      })),
    ).toEqual([
      // s1 100,000 + s2 corrected to 40,000; s3 reversed. Margin 30,000 + 10,000.
      {
        key: 'e1 2026-03',
        sales: 140_000,
        deals: 2,
        margin: 40_000,
        collected: 60_000,
        rate: 60_000 / 140_000,
        newCustomers: 1,
      },
      // April's payments against March's sales come after March's end: cash of April, not March's KPI.
      { key: 'e1 2026-04', sales: 0, deals: 0, margin: 0, collected: 0, rate: null, newCustomers: 0 },
      {
        key: 'e2 2026-04',
        sales: 123_456,
        deals: 1,
        margin: 12_346,
        collected: 100_000,
        rate: 100_000 / 123_456,
        newCustomers: 0,
      },
      { key: 'e3 2026-04', sales: 200_000, deals: 1, margin: 80_000, collected: 0, rate: 0, newCustomers: 1 },
    ]);
    const march = facts[0]!;
    expect({
      followUps: march.follow_ups,
      demos: march.demos,
      opportunities: march.opportunities,
      retained: march.customers_retained,
      churned: march.customers_churned,
      feedback: [march.feedback_rating_sum, march.feedback_rating_count],
      collaboration: march.collaboration_credits,
      rating360: [march.rating360_sum, march.rating360_count],
      expenses: Number(march.expenses),
    }).toEqual({
      followUps: 2,
      demos: 1,
      opportunities: 1,
      retained: 1,
      churned: 1,
      feedback: [9, 2],
      collaboration: 1,
      rating360: [3, 1],
      expenses: 1234,
    });
  });

  it('keeps the sales it counted, with the reversal and the correction', async () => {
    const { sales } = await tableRows();
    expect(
      sales.map((s) => [
        s.sale_id,
        s.employee_id,
        s.month,
        Number(s.amount),
        Number(s.gross_margin),
        s.reversed,
      ]),
    ).toEqual([
      ['s1', 'e1', '2026-03', 100_000, 30_000, false],
      ['s2', 'e1', '2026-03', 40_000, 10_000, false],
      ['s3', 'e1', '2026-03', 30_000, 15_000, true],
      ['s4', 'e2', '2026-04', 123_456, 12_346, false],
      ['s5', 'e3', '2026-04', 200_000, 80_000, false],
    ]);
  });

  it('splits sales by product line, customer type and channel', async () => {
    const { dimensions } = await tableRows();
    expect(
      dimensions.map((r) => [
        r.employee_id,
        r.month,
        r.product_line,
        r.customer_type,
        r.channel,
        Number(r.sales_amount),
        r.deals,
        Number(r.collected),
      ]),
    ).toEqual([
      ['e1', '2026-03', 'crm', 'key_account', 'direct', 100_000, 1, 60_000],
      ['e1', '2026-03', 'erp', 'smb', 'channel_partner', 40_000, 1, 0],
      ['e1', '2026-04', 'crm', 'key_account', 'direct', 0, 0, 40_000],
      ['e1', '2026-04', 'erp', 'smb', 'channel_partner', 0, 0, 40_000],
      ['e2', '2026-04', 'erp', 'smb', 'direct', 123_456, 1, 100_000],
      ['e3', '2026-04', 'crm', 'individual', 'direct', 200_000, 1, 0],
    ]);
  });

  it('arrives at the same rows whatever the batch size', async () => {
    expect(await tableRows()).toEqual(smallBatches);
  });

  it('answers one person’s months within the reader’s scope', async () => {
    const range = { from: '2026-01', to: '2026-12' };
    expect((await personKpiFacts(db, { kind: 'all' }, 'e1', range)).map((r) => r.month)).toEqual([
      '2026-03',
      '2026-04',
    ]);
    expect(
      (
        await personKpiFacts(db, { kind: 'team', teamId: 'sh-1' }, 'e1', { from: '2026-04', to: '2026-04' })
      ).map((r) => [Number(r.collected), Number(r.collected_in_month)]),
    ).toEqual([[0, 80_000]]);
    expect(await personKpiFacts(db, { kind: 'branch', branchId: 'bj' }, 'e1', range)).toEqual([]);
    expect(await personKpiFacts(db, { kind: 'self', employeeId: 'e2' }, 'e1', range)).toEqual([]);
    await expect(
      personKpiFacts(db, { kind: 'all' }, 'e1', { from: '2026-13', to: '2026-12' }),
    ).rejects.toThrow(RangeError);
  });

  it('totals KPIs by branch, team and month within the scope', async () => {
    const range = { from: '2026-03', to: '2026-04' };
    const byBranch = await kpiTotals(db, { kind: 'all' }, range, ['branch']);
    expect(
      byBranch.map((t) => [t.group.branch, t.people, t.salesAmount, t.collected, t.collectionRate]),
    ).toEqual([
      ['bj', 1, 200_000, 0, 0],
      ['sh', 2, 263_456, 160_000, 160_000 / 263_456],
    ]);
    const byTeamMonth = await kpiTotals(db, { kind: 'branch', branchId: 'sh' }, range, ['team', 'month']);
    expect(byTeamMonth.map((t) => [t.group.team, t.group.month, t.salesAmount, t.followUps])).toEqual([
      ['sh-1', '2026-03', 140_000, 2],
      ['sh-1', '2026-04', 0, 0],
      ['sh-2', '2026-04', 123_456, 0],
    ]);
    const total = await kpiTotals(db, { kind: 'self', employeeId: 'e3' }, range, []);
    expect(total.map((t) => [t.people, t.salesAmount, t.newCustomers])).toEqual([[1, 200_000, 1]]);
    expect(await kpiTotals(db, { kind: 'all' }, { from: '2025-01', to: '2025-12' }, [])).toEqual([]);
  });

  it('analyses sales by product line and customer type within the scope', async () => {
    const range = { from: '2026-03', to: '2026-04' };
    expect(
      (await salesTotals(db, { kind: 'all' }, range, ['product_line'])).map((t) => [
        t.group.product_line,
        t.salesAmount,
        t.deals,
        t.collected,
      ]),
    ).toEqual([
      ['crm', 300_000, 2, 100_000],
      ['erp', 163_456, 2, 140_000],
    ]);
    expect(
      (await salesTotals(db, { kind: 'branch', branchId: 'sh' }, range, ['customer_type', 'month'])).map(
        (t) => [t.group.customer_type, t.group.month, t.salesAmount],
      ),
    ).toEqual([
      ['key_account', '2026-03', 100_000],
      ['key_account', '2026-04', 0],
      ['smb', '2026-03', 40_000],
      ['smb', '2026-04', 123_456],
    ]);
  });
});
