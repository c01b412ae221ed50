import {
  alertStream,
  currentVersion,
  type DomainEventType,
  derivedAlertId,
  employeeStream,
  mentorshipStream,
  saleStream,
  targetStream,
} from '@trackrecord/domain';
import { type JsonObject, migrateEventStore, newEventId, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import {
  alertInbox,
  alertsProjection,
  createDb,
  decisionsProjection,
  evaluationsProjection,
  mentoringProjection,
  migrateReadModels,
  peopleProjection,
  rebuildProjection,
  targetBehindAlertId,
  targetPeerGapAlertId,
  targetsProjection,
} from '@trackrecord/projections';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from './commands/bus.ts';
import { createReactor } from './reactors.ts';

let database: TestDatabase;
let store: PostgresEventStore;
// biome-ignore lint/suspicious/noExplicitAny: the test reads tables of several read models.
let db: Kysely<any>;

async function append(stream: string, type: DomainEventType, data: JsonObject) {
  await store.appendToStream(stream, [{ id: newEventId(), type, schemaVersion: currentVersion(type), data }]);
}
const hire = (employeeId: string, managerId: string | null) =>
  append(employeeStream(employeeId), 'EmployeeHired', {
    employeeId,
    name: employeeId,
    branchId: 'sh',
    teamId: 'sh-1',
    regionId: 'east',
    managerId,
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt: '2026-01-05',
    probationEnd: null,
    recruitingFit: 70,
  });
const target = (employeeId: string) =>
  append(targetStream(employeeId, '2026-03'), 'TargetSet', {
    subjectId: employeeId,
    subjectKind: 'employee',
    period: '2026-03',
    amount: 310_000,
    basis: 'history',
    setBy: 'm1',
    at: '2026-02-27',
  });
const sale = (saleId: string, employeeId: string, amount: number, closedAt: string) =>
  append(saleStream(saleId), 'SaleClosed', {
    saleId,
    employeeId,
    amount,
    grossMargin: 0.3,
    productLine: 'crm',
    customerId: 'c1',
    customerType: 'smb',
    channel: 'direct',
    newCustomer: false,
    cycleDays: 5,
    closedAt,
  });

/** Brings the read models the rule reads up to the head, as their runners would. */
async function project() {
  await rebuildProjection(store, db, peopleProjection);
  await rebuildProjection(store, db, targetsProjection);
  await rebuildProjection(store, db, mentoringProjection);
  // Read by the eligibility and risk rules, which run on every batch too.
  await rebuildProjection(store, db, evaluationsProjection);
  await rebuildProjection(store, db, decisionsProjection);
}
const raisedIn = async (stream: string) =>
  (await store.readStream(stream)).filter((e) => e.type === 'AlertRaised').length;
const log = () =>
  db
    .selectFrom('projections.reactor_log')
    .select(['command_id', 'outcome', 'dispatches'])
    .orderBy('command_id')
    .execute();

beforeAll(async () => {
  database = await createTestDatabase('reactors');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  db = createDb(database.url, 3);
  await hire('m1', null);
  await hire('e1', 'm1');
  await hire('e2', 'm1');
  await target('e1');
  await target('e2');
  // e1 sells 10,000 a week against 70,000 due each week; e2 is on track until week 3.
  await sale('a1', 'e1', 10_000, '2026-03-02');
  await sale('b1', 'e2', 150_000, '2026-03-02');
  await sale('a2', 'e1', 10_000, '2026-03-09');
  await sale('a3', 'e1', 10_000, '2026-03-16');
  await sale('x1', 'm1', 1, '2026-03-23'); // the clock: weeks 1–3 of March have ended
});
afterAll(async () => {
  await db?.destroy();
  await store?.close();
  await database?.drop();
});

describe('reactor (target behind → alert) on the real command bus', () => {
  it('raises one alert per person behind their stage target, to their manager', async () => {
    await project();
    await createReactor(store, db, database.url).catchUp();
    expect(await raisedIn(alertStream(targetBehindAlertId('e1', '2026-03')))).toBe(1);
    expect(await raisedIn(alertStream(targetBehindAlertId('e2', '2026-03')))).toBe(0);
    // e1 also sells far less than e2, their one peer of the same rank and region (target policy peerGap).
    expect(await raisedIn(alertStream(targetPeerGapAlertId('e1', '2026-03')))).toBe(1);
    expect(await raisedIn(alertStream(targetPeerGapAlertId('e2', '2026-03')))).toBe(0);
    expect(await log()).toEqual([
      { command_id: 'reactor:target-behind:e1:2026-03', outcome: 'appended', dispatches: 1 },
      { command_id: 'reactor:target-peer-gap:e1:2026-03', outcome: 'appended', dispatches: 1 },
    ]);
  });

  it('never alerts twice: a restart from the first event with its log lost appends nothing', async () => {
    const head = await store.headPosition();
    // A crash after dispatching but before the checkpoint moved, and the log gone as well.
    await sql`UPDATE projections.checkpoints SET position = 0 WHERE name = 'reactor:platform'`.execute(db);
    await sql`TRUNCATE projections.reactor_log`.execute(db);
    await project(); // the read models have seen the alert appended by the first run
    await createReactor(store, db, database.url, { batchSize: 3 }).catchUp();
    expect(await raisedIn(alertStream(targetBehindAlertId('e1', '2026-03')))).toBe(1);
    expect(await store.headPosition()).toBe(head);
    expect(await log()).toEqual([
      { command_id: 'reactor:target-behind:e1:2026-03', outcome: 'duplicate', dispatches: 1 },
      { command_id: 'reactor:target-peer-gap:e1:2026-03', outcome: 'duplicate', dispatches: 1 },
    ]);
    // A second restart from the checkpoint finds nothing new to do.
    await createReactor(store, db, database.url).catchUp();
    expect(await store.headPosition()).toBe(head);
  });

  it('alerts a person who falls behind later, and only them', async () => {
    await sale('x2', 'm1', 1, '2026-03-30'); // week 4 ends: e2 is now 3 weeks behind
    await sale('x3', 'm1', 1, '2026-04-06');
    await project();
    await createReactor(store, db, database.url).catchUp();
    const e2 = await store.readStream(alertStream(targetBehindAlertId('e2', '2026-03')));
    expect(e2.map((e) => e.type)).toEqual(['AlertRaised']);
    expect(e2[0]?.data).toMatchObject({
      kind: 'target_behind',
      employeeId: 'e2',
      assignees: [
        { role: 'manager', id: 'm1' },
        { role: 'employee', id: 'e2' },
      ],
      evidence: { kind: 'target', ref: '2026-03' },
    });
    expect(await raisedIn(alertStream(targetBehindAlertId('e1', '2026-03')))).toBe(1);
  });

  it('shows raised and derived alerts in the inbox with who must act, and acknowledgements', async () => {
    await append(mentorshipStream('e2'), 'MentorAssigned', {
      menteeId: 'e2',
      mentorId: 'e1',
      at: '2026-03-02',
    });
    await append(mentorshipStream('e2'), 'MentorRated', {
      menteeId: 'e2',
      mentorId: 'e1',
      rating: 5,
      at: '2026-03-03',
    });
    await project();
    const alertId = targetBehindAlertId('e1', '2026-03');
    await dispatch(
      store,
      {
        type: 'AcknowledgeAlert',
        data: { alertId, acknowledgedBy: 'm1', note: 'coaching booked', at: '2026-04-07' },
      } as never,
      { commandId: 'ack-1', at: new Date('2026-04-07'), actor: 'user:m1', source: 'ui' },
    );
    await rebuildProjection(store, db, alertsProjection);
    const inbox = await alertInbox(db, { kind: 'all' });
    const byKind = (kind: string) => inbox.filter((a) => a.kind === kind).map((a) => [a.employeeId, a.state]);
    expect(byKind('target_behind').sort()).toEqual([
      ['e1', 'acknowledged'],
      ['e2', 'open'],
    ]);
    expect(byKind('mentor_rated_low')).toEqual([['e2', 'open']]);
    // Mentor e1 owes three tasks in each of the five full weeks since 2 March: all overdue.
    expect(byKind('mentor_overdue')).toHaveLength(5);
    const overdue = inbox.find((a) => a.id === derivedAlertId('mentor_overdue', 'e2', 'e1', '2026-03-02'));
    expect(overdue?.assignees).toEqual([
      { role: 'mentor', id: 'e1' },
      { role: 'manager', id: 'm1' },
      { role: 'hr' },
    ]);
    const mine = await alertInbox(
      db,
      { kind: 'all' },
      { assignee: { role: 'mentor', id: 'e1' }, state: 'open' },
    );
    expect(new Set(mine.map((a) => a.kind))).toEqual(new Set(['mentor_overdue']));
    expect(await alertInbox(db, { kind: 'self', employeeId: 'e1' })).toEqual(
      inbox.filter((a) => a.employeeId === 'e1'),
    );
  });
});
