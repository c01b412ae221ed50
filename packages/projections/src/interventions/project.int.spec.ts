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
 * Twelve people flagged at risk on 2026-01-05 (a risk_high alert), one flagged late (too recent),
 * and one never flagged. i1–i6 get an intervention on 2026-01-12 and i1 leaves within 90 days of
 * it; n1–n6 get none and n1, n2, n3 leave within 90 days of their flag; n4 leaves after.
 */
const LEFT: Record<string, string> = {
  i1: '2026-02-20',
  n1: '2026-02-01',
  n2: '2026-03-01',
  n3: '2026-03-30',
  n4: '2026-05-01',
};

beforeAll(async () => {
  fx = await readModelFixture<Database>('interventions');
  const ids = ['i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'late', 'calm'];
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
  for (const id of ids.slice(0, 12)) await flag(id, '2026-01-05');
  await flag('late', '2026-05-04');
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

  it('compares the retention of flagged people with and without an intervention, by hand', async () => {
    const outcome = await interventionOutcome(db(), all, { asOf: '2026-06-10', minimumPerGroup: 5 });
    // Intervened: i1–i6, 90 days after 12 January (12 April): i1 left → 5 of 6 stayed.
    // Not intervened: n1–n6, 90 days after 5 January (5 April): n1 n2 n3 left, n4 after → 3 of 6.
    expect(outcome).toMatchObject({
      horizonDays: 90,
      intervened: { people: 6, stayed: 5 },
      notIntervened: { people: 6, stayed: 3 },
      tooRecent: 1,
      unflaggedInterventions: 1,
    });
    expect(outcome.intervened.interval).toEqual(wilson95(5, 6));
    expect(outcome.difference).toBeCloseTo(5 / 6 - 3 / 6, 12);
    expect(outcome.differenceInterval).toEqual(newcombe95(5, 6, 3, 6));
    // With the default minimum of 5 per group it still states the difference; with 7 it does not.
    const strict = await interventionOutcome(db(), all, { asOf: '2026-06-10', minimumPerGroup: 7 });
    expect(strict).toMatchObject({ difference: null, differenceInterval: null });
    await expect(interventionOutcome(db(), all, { asOf: '2026-06-10', horizonDays: 3 })).rejects.toThrow(
      /horizonDays/,
    );
  });
});
