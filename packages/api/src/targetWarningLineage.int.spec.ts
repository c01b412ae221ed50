import {
  alertStream,
  currentVersion,
  type DomainEventType,
  employeeStream,
  saleStream,
  targetStream,
} from '@trackrecord/domain';
import { type JsonObject, migrateEventStore, newEventId, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import {
  createDb,
  decisionsProjection,
  evaluationsProjection,
  type LineageFlag,
  lineageProjection,
  mentoringProjection,
  migrateReadModels,
  peopleProjection,
  rebuildProjection,
  targetPeerGapAlertId,
  targetsProjection,
} from '@trackrecord/projections';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReactor } from './reactors.ts';

/**
 * Lineage path "sale → seller's attainment → peers' median → a peer's target warning", with the
 * warning raised by the real reactor, as on the demo: the read models are caught up to the head
 * before the reactor runs, in batches of 2 events, so its first batch (the hires) ends long
 * before the sales of March. The warning's evidence is where the targets row it was raised from
 * was last written, not the end of that batch; the reversal of the peer's sale then reaches it.
 *
 * Given (March 2026, target 310,000 each; e1 and e2 reps of the same level and region):
 * - e1 sells 10,000 in each of weeks 1–3; e2 sells 150,000 in week 1 (sale b1); x1 (their
 *   manager m1, no target) a 1 in week 4, which ends weeks 1–3.
 * - Attainment: e1 30,000 / 310,000 = 9.7%; e2 150,000 / 310,000 = 48.4%. Peers' median (e1's
 *   peers: e2 only) 48.4%; e1 lies 80% below it, beyond the policy's 30% gap: e1's peer-gap
 *   warning of March, resting on b1 through the median.
 * - b1 is then reversed: the warning is flagged, with the path
 *   sale b1 → attainment e2 March → peers' median (rep, east, March) → e1's warning.
 */
let database: TestDatabase;
let store: PostgresEventStore;
// biome-ignore lint/suspicious/noExplicitAny: the test reads tables of several read models.
let db: Kysely<any>;
const positions: Record<string, bigint> = {};

async function append(stream: string, type: DomainEventType, data: JsonObject, name?: string) {
  const r = await store.appendToStream(stream, [
    { id: newEventId(), type, schemaVersion: currentVersion(type), data },
  ]);
  if (name) positions[name] = r.lastPosition;
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
  append(
    saleStream(saleId),
    'SaleClosed',
    {
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
    },
    saleId,
  );

beforeAll(async () => {
  database = await createTestDatabase('target_lineage');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  db = createDb(database.url, 3);
  await hire('m1', null);
  await hire('e1', 'm1');
  await hire('e2', 'm1');
  await target('e1');
  await target('e2');
  await sale('a1', 'e1', 10_000, '2026-03-02');
  await sale('b1', 'e2', 150_000, '2026-03-02');
  await sale('a2', 'e1', 10_000, '2026-03-09');
  await sale('a3', 'e1', 10_000, '2026-03-16');
  await sale('x1', 'm1', 1, '2026-03-23');
  // The read models the rules read, caught up to the head; then the reactor, 2 events a batch.
  for (const p of [
    peopleProjection,
    targetsProjection,
    mentoringProjection,
    evaluationsProjection,
    decisionsProjection,
  ])
    await rebuildProjection(store, db, p);
  await createReactor(store, db, database.url, { batchSize: 2 }).catchUp();
});
afterAll(async () => {
  await db?.destroy();
  await store?.close();
  await database?.drop();
});

const raised = async (alertId: string) =>
  (await store.readStream(alertStream(alertId))).find((e) => e.type === 'AlertRaised');

describe("lineage: a peer's sale behind a target warning, the warning raised by the reactor", () => {
  it("names as the warning's evidence the targets row it was raised from, not the reactor's batch", async () => {
    const alert = await raised(targetPeerGapAlertId('e1', '2026-03'));
    expect(alert, "e1's peer-gap warning of March is raised").toBeDefined();
    const data = alert?.data as { evidence: { position: string } } | undefined;
    const evidence = BigInt(data?.evidence.position ?? -1);
    // The row was last written by the batch that ended the weeks (x1, the last event then).
    expect(evidence).toBeGreaterThanOrEqual(positions.b1 as bigint);
    expect(evidence).toBe(positions.x1);
  });

  it("flags the warning when the peer's sale is reversed, with the path through the peers' median", async () => {
    await append(saleStream('b1'), 'SaleReversed', {
      saleId: 'b1',
      employeeId: 'e2',
      reason: 'contract void',
      reversedAt: '2026-03-25',
    });
    await rebuildProjection(store, db, lineageProjection);
    const flags = (await db
      .withSchema('read')
      .selectFrom('lineage_flags')
      .selectAll()
      .where('kind', '=', 'target_warning')
      .execute()) as LineageFlag[];
    expect(
      flags.map((f) => [
        f.employee_id,
        f.ref,
        f.path.map((s) => `${s.kind}:${s.employeeId ?? '-'}:${s.ref}`).join(' → '),
      ]),
    ).toEqual([
      [
        'e1',
        targetPeerGapAlertId('e1', '2026-03'),
        `sale:e2:b1 → attainment:e2:2026-03 → peer_median:-:sales_representative/east/2026-03 → target_warning:e1:${targetPeerGapAlertId('e1', '2026-03')}`,
      ],
    ]);
    // Both languages label each step.
    for (const s of flags[0]?.path ?? []) expect(s.label.zh).not.toBe('');
  });
});
