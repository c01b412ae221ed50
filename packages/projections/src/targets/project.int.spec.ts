import { saleStream, targetStream } from '@trackrecord/domain';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database.ts';
import { peopleProjection } from '../people/project.ts';
import type { PeopleDb } from '../people/table.ts';
import { rebuildProjection } from '../runner/rebuild.ts';
import { readModelFixture } from '../testSupport.ts';
import { targetsProjection } from './project.ts';
import { personTargets, targetAdjustments, targetWarnings, teamTargets } from './queries.ts';
import type { TargetsDb } from './table.ts';

let fx: Awaited<ReturnType<typeof readModelFixture<Database>>>;
const as = <T>() => fx.db as unknown as Kysely<T>;
const all = { kind: 'all' } as const;
const tables = [
  'target_members',
  'target_sales',
  'target_weekly',
  'targets',
  'target_adjustments',
  'target_clock',
] as const;
async function rows() {
  const out: Record<string, unknown[]> = {};
  for (const t of tables)
    out[t] = await fx.db
      .withSchema('read')
      .selectFrom(t)
      .selectAll()
      .execute()
      .then((r) => r.map((x) => JSON.stringify(x)).sort());
  return out;
}
let inSmallBatches: Awaited<ReturnType<typeof rows>>;

const set = (subjectId: string, amount: number, subjectKind: 'employee' | 'team' = 'employee') =>
  fx.append(targetStream(subjectId, '2026-03'), 'TargetSet', {
    subjectId,
    subjectKind,
    period: '2026-03',
    amount,
    basis: 'history × rank 1.0',
    setBy: 'm1',
    at: '2026-02-27',
  });
const adjust = (subjectId: string, requestId: string, requestedAmount: number) =>
  fx.append(targetStream(subjectId, '2026-03'), 'TargetAdjustmentRequested', {
    subjectId,
    subjectKind: 'employee',
    period: '2026-03',
    requestId,
    requestedAmount,
    reason: 'key customer postponed',
    at: '2026-03-11',
  });

beforeAll(async () => {
  fx = await readModelFixture<Database>('targets');
  for (const id of ['e1', 'e2', 'e3']) await fx.hire(id, { teamId: 't1' });
  await fx.hire('e4', { teamId: 't2' });
  // March has 31 days: a target of 310,000 fen is due 70,000 / 140,000 / 210,000 by the end of weeks 1–3.
  await set('e1', 310_000);
  await set('e2', 310_000);
  await set('e3', 310_000);
  await fx.append(targetStream('t1', '2026-03'), 'TeamTargetSplit', {
    teamId: 't1',
    period: '2026-03',
    teamAmount: 930_000,
    strategy: 'equal',
    shares: [
      { employeeId: 'e1', amount: 310_000 },
      { employeeId: 'e2', amount: 310_000 },
      { employeeId: 'e3', amount: 310_000 },
    ],
    at: '2026-02-28',
  });
  await fx.sale('a1', 'e1', 30_000, '2026-03-03');
  await fx.sale('a2', 'e1', 20_000, '2026-03-09');
  await fx.sale('a3', 'e1', 20_000, '2026-03-16');
  await fx.sale('b1', 'e2', 100_000, '2026-03-02');
  await fx.sale('b2', 'e2', 100_000, '2026-03-10');
  await fx.sale('b3', 'e2', 50_000, '2026-03-20');
  await fx.sale('c1', 'e3', 190_000, '2026-03-05');
  await adjust('e3', 'q1', 250_000);
  await fx.append(targetStream('e3', '2026-03'), 'TargetAdjustmentApproved', {
    subjectId: 'e3',
    subjectKind: 'employee',
    period: '2026-03',
    requestId: 'q1',
    approvedAmount: 250_000,
    approvedBy: 'm1',
    at: '2026-03-12',
  });
  await adjust('e1', 'q2', 100_000);
  await fx.append(targetStream('e1', '2026-03'), 'TargetAdjustmentRejected', {
    subjectId: 'e1',
    subjectKind: 'employee',
    period: '2026-03',
    requestId: 'q2',
    reason: 'pipeline is full',
    rejectedBy: 'm1',
    at: '2026-03-13',
  });
  await fx.append(saleStream('b3'), 'SaleReversed', {
    saleId: 'b3',
    employeeId: 'e2',
    reason: 'void',
    reversedAt: '2026-03-21',
  });
  // Another team's sale on Monday 23 March: weeks 1–3 of March have ended, week 4 has not.
  await fx.sale('d1', 'e4', 50_000, '2026-03-23');
  // The demo seed's bookkeeping carries the wall clock of its run: it must not end March.
  await fx.append('demo-seed', 'DemoSeedCompleted', {
    seed: 42,
    employees: 4,
    weeks: 4,
    start: '2026-03-02',
    correlationId: 'demo-seed-s42-e4-w4',
    commands: 20,
    refused: 0,
    lastPosition: '20',
    at: '2026-12-01T18:48:00.000Z',
  });

  await rebuildProjection(fx.store, as<PeopleDb>(), peopleProjection);
  await rebuildProjection(fx.store, as<TargetsDb>(), targetsProjection, { batchSize: 2 });
  inSmallBatches = await rows();
  await rebuildProjection(fx.store, as<TargetsDb>(), targetsProjection, { batchSize: 1000 });
});
afterAll(() => fx?.close());

describe('targets read model', () => {
  it('given targets, sales, a reversal and an approved adjustment, shows progress, lights and warnings per person', async () => {
    const people = await personTargets(as<Database>(), all, '2026-03');
    expect(
      people.map((t) => [
        t.subject_id,
        Number(t.amount),
        Number(t.original_amount),
        Number(t.achieved),
        t.weeks,
        t.weeks_elapsed,
        Number(t.stage_target),
        t.light,
        t.consecutive_weeks_behind,
        t.behind_warning,
        t.peer_gap_warning,
      ]),
    ).toEqual([
      // 70,000 of 210,000 due, behind three weeks running, and far below peers.
      ['e1', 310_000, 310_000, 70_000, 5, 3, 210_000, 'red', 3, true, true],
      // 200,000 of 210,000 after the reversal: 95% → yellow, behind one week.
      ['e2', 310_000, 310_000, 200_000, 5, 3, 210_000, 'yellow', 1, false, false],
      // Adjusted to 250,000: due 169,355 by week 3, 190,000 sold → green.
      ['e3', 250_000, 310_000, 190_000, 5, 3, 169_355, 'green', 0, false, false],
    ]);
    const e1 = people[0];
    expect(e1?.warnings.map((w) => w.kind)).toEqual(['behindStageTarget', 'peerGap']);
    expect(e1?.warnings[0]?.text.en).toMatch(/^3 consecutive week\(s\) behind the stage target/);
    expect(e1?.peer_median).toBeCloseTo((200_000 / 310_000 + 190_000 / 250_000) / 2, 10);
    expect((await targetWarnings(as<Database>(), all, '2026-03')).map((t) => t.subject_id)).toEqual(['e1']);
  });

  it('shows the team target from the split with its light and the members per light', async () => {
    const teams = await teamTargets(as<Database>(), all, '2026-03');
    expect(
      teams.map((t) => [
        t.subject_id,
        Number(t.amount),
        Number(t.achieved),
        Number(t.stage_target),
        t.light,
        t.members,
      ]),
    ).toEqual([['t1', 930_000, 460_000, 630_000, 'red', { green: 1, yellow: 1, red: 1 }]]);
    expect(await teamTargets(as<Database>(), { kind: 'team', teamId: 't2' }, '2026-03')).toEqual([]);
  });

  it('keeps adjustment requests with their outcome', async () => {
    expect(
      (await targetAdjustments(as<Database>(), 'e3', '2026-03')).map((a) => [
        a.request_id,
        a.state,
        a.decided_amount,
        a.decided_by,
      ]),
    ).toEqual([['q1', 'approved', '250000', 'm1']]);
    expect(
      (await targetAdjustments(as<Database>(), 'e1', '2026-03')).map((a) => [a.state, a.rejection_reason]),
    ).toEqual([['rejected', 'pipeline is full']]);
  });

  it('reaches the same rows in batches of 2 as in one batch', async () => {
    expect(await rows()).toEqual(inSmallBatches);
  });
});
