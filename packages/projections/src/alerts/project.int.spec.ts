import { alertStream, mentorshipStream } from '@trackrecord/domain';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database.ts';
import { mentoringProjection } from '../mentoring/project.ts';
import type { MentoringDb } from '../mentoring/table.ts';
import { peopleProjection } from '../people/project.ts';
import type { PeopleDb } from '../people/table.ts';
import { rebuildProjection } from '../runner/rebuild.ts';
import { readModelFixture } from '../testSupport.ts';
import { alertsProjection } from './project.ts';
import { alertInbox } from './queries.ts';
import type { AlertsDb } from './table.ts';

let fx: Awaited<ReturnType<typeof readModelFixture<Database>>>;
const as = <T>() => fx.db as unknown as Kysely<T>;
const positions: Record<string, bigint> = {};

async function rows() {
  const read = fx.db.withSchema('read');
  return {
    alerts: await read.selectFrom('alerts').selectAll().orderBy('alert_id').execute(),
    acks: await read.selectFrom('alert_acks').selectAll().orderBy('alert_id').execute(),
  };
}
let inSmallBatches: Awaited<ReturnType<typeof rows>>;

const raise = (
  alertId: string,
  kind: 'target_behind' | 'risk_high',
  employeeId: string,
  assignees: { role: string; id?: string }[],
  at: string,
) =>
  fx.append(alertStream(alertId), 'AlertRaised', {
    alertId,
    kind,
    employeeId,
    assignees,
    evidence:
      kind === 'target_behind'
        ? { kind: 'target', ref: '2026-03', position: '3' }
        : { kind: 'retention_risk', position: '4' },
    message: { en: `${kind} ${employeeId}`, zh: `预警 ${employeeId}` },
    raisedBy: `reactor:${kind}`,
    at,
  });
const acknowledge = (alertId: string, acknowledgedBy: string, at: string, note?: string) =>
  fx.append(alertStream(alertId), 'AlertAcknowledged', {
    alertId,
    acknowledgedBy,
    at,
    ...(note === undefined ? {} : { note }),
  });

beforeAll(async () => {
  fx = await readModelFixture<Database>('alerts');
  // Given: e1 (team sh-1, managed by m1) mentored by m2 from Monday 2 March; e2 in team sh-2.
  await fx.hire('m1');
  await fx.hire('m2');
  await fx.hire('e1', { managerId: 'm1' });
  await fx.hire('e2', { teamId: 'sh-2', managerId: 'm9' });
  await fx.append(mentorshipStream('e1'), 'MentorAssigned', {
    menteeId: 'e1',
    mentorId: 'm2',
    at: '2026-03-02',
  });
  // Only one of the week's three tasks: overdue once the week has ended.
  await fx.append(mentorshipStream('e1'), 'MentorTaskDone', {
    menteeId: 'e1',
    mentorId: 'm2',
    task: 'ride_along_visit',
    notes: 'visited c1',
    at: '2026-03-04',
  });
  positions.rated = await fx.append(mentorshipStream('e1'), 'MentorRated', {
    menteeId: 'e1',
    mentorId: 'm2',
    rating: 5,
    at: '2026-03-06',
  });
  positions.risk = await raise(
    'risk-e2-2026-03',
    'risk_high',
    'e2',
    [{ role: 'hr' }, { role: 'manager', id: 'm9' }],
    '2026-03-08',
  );
  positions.target = await raise(
    'target-e1-2026-03',
    'target_behind',
    'e1',
    [
      { role: 'manager', id: 'm1' },
      { role: 'employee', id: 'e1' },
    ],
    '2026-03-09',
  );
  // When: the manager acknowledges the target alert, HR the derived overdue week (its clock
  // time, 10 March, also ends the week of 2 March).
  positions.targetAck = await acknowledge('target-e1-2026-03', 'm1', '2026-03-10', 'plan agreed with e1');
  positions.overdueAck = await acknowledge('mentor_overdue:e1:m2:2026-03-02', 'hr1', '2026-03-10');

  await rebuildProjection(fx.store, as<PeopleDb>(), peopleProjection);
  await rebuildProjection(fx.store, as<MentoringDb>(), mentoringProjection);
  await rebuildProjection(fx.store, as<AlertsDb>(), alertsProjection, { batchSize: 1 });
  inSmallBatches = await rows();
  await rebuildProjection(fx.store, as<AlertsDb>(), alertsProjection, { batchSize: 1000 });
});
afterAll(() => fx?.close());

describe('alerts read model', () => {
  it('given raised alerts and acknowledgements, holds one row each', async () => {
    const { alerts, acks } = await rows();
    expect(alerts).toEqual([
      {
        alert_id: 'risk-e2-2026-03',
        kind: 'risk_high',
        employee_id: 'e2',
        assignees: [{ role: 'hr' }, { role: 'manager', id: 'm9' }],
        evidence_kind: 'retention_risk',
        evidence_ref: null,
        evidence_position: '4',
        message_en: 'risk_high e2',
        message_zh: '预警 e2',
        raised_by: 'reactor:risk_high',
        raised_at: '2026-03-08',
        position: positions.risk?.toString(),
      },
      {
        alert_id: 'target-e1-2026-03',
        kind: 'target_behind',
        employee_id: 'e1',
        assignees: [
          { role: 'manager', id: 'm1' },
          { role: 'employee', id: 'e1' },
        ],
        evidence_kind: 'target',
        evidence_ref: '2026-03',
        evidence_position: '3',
        message_en: 'target_behind e1',
        message_zh: '预警 e1',
        raised_by: 'reactor:target_behind',
        raised_at: '2026-03-09',
        position: positions.target?.toString(),
      },
    ]);
    // The acknowledgement of a derived alert is kept too: nothing raised it as an event.
    expect(acks).toEqual([
      {
        alert_id: 'mentor_overdue:e1:m2:2026-03-02',
        acknowledged_by: 'hr1',
        note: null,
        at: '2026-03-10',
        position: positions.overdueAck?.toString(),
      },
      {
        alert_id: 'target-e1-2026-03',
        acknowledged_by: 'm1',
        note: 'plan agreed with e1',
        at: '2026-03-10',
        position: positions.targetAck?.toString(),
      },
    ]);
  });

  it('reaches the same rows one event per batch as in one batch', async () => {
    expect(await rows()).toEqual(inSmallBatches);
  });

  it('lists raised and derived alerts newest first, with who must act and their state', async () => {
    const ratingId = (
      await fx.db.withSchema('read').selectFrom('mentor_ratings').select('event_id').execute()
    )[0]?.event_id;
    const inbox = await alertInbox(fx.db, { kind: 'all' });
    expect(inbox.map((a) => [a.id, a.kind, a.employeeId, a.at, a.state])).toEqual([
      ['target-e1-2026-03', 'target_behind', 'e1', '2026-03-09', 'acknowledged'],
      ['risk-e2-2026-03', 'risk_high', 'e2', '2026-03-08', 'open'],
      [`mentor_rated_low:e1:m2:${ratingId}`, 'mentor_rated_low', 'e1', '2026-03-06', 'open'],
      ['mentor_overdue:e1:m2:2026-03-02', 'mentor_overdue', 'e1', '2026-03-02', 'acknowledged'],
    ]);
    const overdue = inbox[3]!;
    expect(overdue.assignees).toEqual([
      { role: 'mentor', id: 'm2' },
      { role: 'manager', id: 'm1' },
      { role: 'hr' },
    ]);
    expect(overdue.message.en).toContain('missing: deal review, performance talk');
    expect(overdue.acknowledged).toEqual({ by: 'hr1', at: '2026-03-10', note: null });
    const rated = inbox[2]!;
    expect(rated.assignees).toEqual([{ role: 'hr' }, { role: 'manager', id: 'm1' }]);
    expect(rated.evidence).toEqual({
      kind: 'mentorship',
      ref: ratingId,
      position: positions.rated?.toString(),
    });
    expect(inbox[0]?.acknowledged).toEqual({ by: 'm1', at: '2026-03-10', note: 'plan agreed with e1' });
  });

  it('filters by state, kind, person and who must act', async () => {
    const ids = async (filter: Parameters<typeof alertInbox>[2]) =>
      (await alertInbox(fx.db, { kind: 'all' }, filter)).map((a) => a.kind);
    expect(await ids({ state: 'open' })).toEqual(['risk_high', 'mentor_rated_low']);
    expect(await ids({ state: 'acknowledged', kind: 'mentor_overdue' })).toEqual(['mentor_overdue']);
    expect(await ids({ employeeId: 'e2' })).toEqual(['risk_high']);
    expect(await ids({ assignee: { role: 'manager', id: 'm1' } })).toEqual([
      'target_behind',
      'mentor_rated_low',
      'mentor_overdue',
    ]);
    expect(await ids({ assignee: { role: 'hr' } })).toEqual([
      'risk_high',
      'mentor_rated_low',
      'mentor_overdue',
    ]);
    expect(await ids({ assignee: { role: 'mentor', id: 'm1' } })).toEqual([]);
    expect(await ids({ limit: 2 })).toEqual(['target_behind', 'risk_high']);
  });

  it('shows only the alerts about people within the reader’s scope', async () => {
    const kinds = async (scope: Parameters<typeof alertInbox>[1]) =>
      (await alertInbox(fx.db, scope)).map((a) => `${a.employeeId} ${a.kind}`);
    expect(await kinds({ kind: 'team', teamId: 'sh-2' })).toEqual(['e2 risk_high']);
    expect(await kinds({ kind: 'self', employeeId: 'e1' })).toEqual([
      'e1 target_behind',
      'e1 mentor_rated_low',
      'e1 mentor_overdue',
    ]);
    expect(await kinds({ kind: 'branch', branchId: 'bj' })).toEqual([]);
  });

  it('refuses a limit outside 1 to 1000, naming it', async () => {
    await expect(alertInbox(fx.db, { kind: 'all' }, { limit: 0 })).rejects.toThrow(/limit must be .*got 0/);
    await expect(alertInbox(fx.db, { kind: 'all' }, { limit: 1.5 })).rejects.toThrow(RangeError);
  });
});
