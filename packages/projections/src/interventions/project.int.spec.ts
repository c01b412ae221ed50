import { activityStream, alertStream, employeeStream, newcombe95, wilson95 } from '@trackrecord/domain';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsProjection } from '../alerts/project.ts';
import type { AlertsDb } from '../alerts/table.ts';
import type { Database } from '../database.ts';
import { peopleProjection } from '../people/project.ts';
import type { PeopleDb } from '../people/table.ts';
import { rebuildProjection } from '../runner/rebuild.ts';
import { readModelFixture } from '../testSupport.ts';
import { interventionsProjection } from './project.ts';
import { interventionOutcome, interventionsOf } from './queries.ts';
import type { InterventionsDb } from './table.ts';

let fx: Awaited<ReturnType<typeof readModelFixture<Database>>>;
const db = () => fx.db as unknown as Kysely<Database>;
const all = { kind: 'all' } as const;

/**
 * Thirteen people first flagged by the published model in the week of 2026-01-05 (the flag
 * history, `read.retention_predictions`; the landmark is 19 January, the follow-up ends 5 April),
 * one flagged late (too recent), and one never flagged (a risk alert alone is not a kept flag).
 * i1–i6 get an intervention on 2026-01-12 and i1 leaves within the follow-up; n1–n6 get none and
 * n1, n2, n3 leave within it, n4 after; g1 leaves within the grace days (in neither group).
 */
const LEFT: Record<string, string> = {
  g1: '2026-01-15',
  i1: '2026-02-20',
  n1: '2026-02-01',
  n2: '2026-03-01',
  n3: '2026-03-30',
  n4: '2026-05-01',
};

beforeAll(async () => {
  fx = await readModelFixture<Database>('interventions');
  const ids = ['i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'late', 'calm', 'g1'];
  for (const id of ids) await fx.hire(id, { hiredAt: '2025-06-02' });
  const flag = (id: string, at: string) =>
    fx.append(alertStream(`risk-${id}`), 'AlertRaised', {
      alertId: `risk-${id}`,
      kind: 'risk_high',
      employeeId: id,
      assignees: [{ role: 'hr' }],
      evidence: { kind: 'retention_risk', ref: 'retention-demo v1', position: '1' },
      message: { en: `risk ${id}`, zh: `风险 ${id}` },
      raisedBy: 'reactor:risk_high',
      at,
    });
  // A risk alert on calm: not a flag of the published model's history, so not compared.
  await flag('calm', '2026-01-05');
  const intervene = (id: string, at: string, kind = 'coaching') =>
    fx.append(activityStream(id, at), 'InterventionRecorded', {
      employeeId: id,
      kind,
      note: `note on ${id}`,
      recordedBy: 'm1',
      at,
    });
  for (const id of ['i1', 'i2', 'i3', 'i4', 'i5', 'i6']) await intervene(id, '2026-01-12T10:00:00Z');
  await intervene('i2', '2026-02-02T10:00:00Z', 'career_talk');
  await intervene('calm', '2026-01-20T10:00:00Z', 'other');
  for (const [id, leftAt] of Object.entries(LEFT)) {
    await fx.append(employeeStream(id), 'EmployeeLeft', {
      employeeId: id,
      voluntary: true,
      reason: 'offer',
      leftAt,
    });
  }
  await rebuildProjection(fx.store, fx.db as unknown as Kysely<PeopleDb>, peopleProjection);
  await rebuildProjection(fx.store, fx.db as unknown as Kysely<AlertsDb>, alertsProjection);
  await rebuildProjection(fx.store, fx.db as unknown as Kysely<InterventionsDb>, interventionsProjection, {
    batchSize: 1,
  });
  // The flag history as the evaluations projection keeps it: the weeks before the first flag
  // are kept too (not flagged), and a later flagged week does not move the first.
  const prediction = (employee_id: string, week_start: string, flagged: boolean) => ({
    employee_id,
    week_start,
    model_id: 'retention-demo',
    model_version: 1,
    risk: flagged ? 0.4 : 0.1,
    flagged,
    threshold: 0.3,
    horizon_days: 90,
    position: '1',
  });
  await db()
    .withSchema('read')
    .insertInto('retention_predictions')
    .values([
      ...[...ids.slice(0, 12), 'g1'].flatMap((id) => [
        prediction(id, '2025-12-29', false),
        prediction(id, '2026-01-05', true),
        prediction(id, '2026-01-12', true),
      ]),
      prediction('late', '2026-05-04', true),
      prediction('calm', '2026-01-05', false),
    ])
    .execute();
});
afterAll(() => fx?.close());

describe('interventions read model', () => {
  it('holds every intervention of a person, oldest first, within the scope', async () => {
    const i2 = await interventionsOf(db(), all, 'i2');
    expect(i2.map((r) => [r.kind, r.at, r.recorded_by, r.note])).toEqual([
      ['coaching', '2026-01-12T10:00:00Z', 'm1', 'note on i2'],
      ['career_talk', '2026-02-02T10:00:00Z', 'm1', 'note on i2'],
    ]);
    expect(await interventionsOf(db(), { kind: 'team', teamId: 'elsewhere' }, 'i2')).toEqual([]);
  });

  it('compares the retention of flagged people with and without an intervention from their first flag (landmark), by hand', async () => {
    const outcome = await interventionOutcome(db(), all, { asOf: '2026-06-10', minimumPerGroup: 5 });
    // Intervened within 14 days of the 5 January flag: i1–i6; i1 left by 5 April → 5 of 6 stayed.
    // Not intervened: n1–n6: n1 n2 n3 left by 5 April, n4 after → 3 of 6. g1 left on day 10.
    expect(outcome).toMatchObject({
      followUpDays: 90,
      graceDays: 14,
      intervened: { people: 6, stayed: 5 },
      notIntervened: { people: 6, stayed: 3 },
      leftBeforeGraceEnd: 1,
      intervenedBeforeFlag: 0,
      intervenedAfterGrace: 0,
      tooRecent: 1,
      unflaggedInterventions: 1,
      flaggedFrom: '2026-01-05',
      flaggedTo: '2026-01-05',
    });
    // With 6 grace days the 12 January interventions come after the landmark (11 January), and g1 (left 15 January) is compared.
    const short = await interventionOutcome(db(), all, { asOf: '2026-06-10', graceDays: 6 });
    expect(short).toMatchObject({
      intervened: { people: 0 },
      notIntervened: { people: 13, stayed: 8 },
      intervenedAfterGrace: 6,
      leftBeforeGraceEnd: 0,
    });
    // Within a team's scope: nobody of it.
    const team = await interventionOutcome(
      db(),
      { kind: 'team', teamId: 'elsewhere' },
      { asOf: '2026-06-10' },
    );
    expect(team).toMatchObject({
      intervened: { people: 0 },
      notIntervened: { people: 0 },
      unflaggedInterventions: 0,
    });
    expect(outcome.intervened.interval).toEqual(wilson95(5, 6));
    expect(outcome.difference).toBeCloseTo(5 / 6 - 3 / 6, 12);
    expect(outcome.differenceInterval).toEqual(newcombe95(5, 6, 3, 6));
    // With the default minimum of 5 per group it still states the difference; with 7 it does not.
    const strict = await interventionOutcome(db(), all, { asOf: '2026-06-10', minimumPerGroup: 7 });
    expect(strict).toMatchObject({ difference: null, differenceInterval: null });
    await expect(interventionOutcome(db(), all, { asOf: '2026-06-10', followUpDays: 3 })).rejects.toThrow(
      /followUpDays/,
    );
  });
});
