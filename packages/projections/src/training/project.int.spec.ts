import { differenceInDifferences, enrollmentStream } from '@trackrecord/domain';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database.ts';
import { kpiFactsProjection } from '../kpiFacts/project.ts';
import type { KpiFactsDb } from '../kpiFacts/table.ts';
import { peopleProjection } from '../people/project.ts';
import type { PeopleDb } from '../people/table.ts';
import { rebuildProjection } from '../runner/rebuild.ts';
import { readModelFixture } from '../testSupport.ts';
import { trainingProjection } from './project.ts';
import { courseEffect, courseSummary, enrollmentsOf, recommendationsFor } from './queries.ts';
import type { TrainingDb } from './table.ts';

let fx: Awaited<ReturnType<typeof readModelFixture<Database>>>;
const as = <T>() => fx.db as unknown as Kysely<T>;
const all = { kind: 'all' } as const;
let inSmallBatches: unknown;

const rows = () =>
  fx.db
    .withSchema('read')
    .selectFrom('training_enrollments')
    .selectAll()
    .orderBy('employee_id')
    .orderBy('course_id')
    .execute();
const enrol = (employeeId: string, courseId: string) => enrollmentStream(employeeId, courseId);
const YUAN = 100;

beforeAll(async () => {
  fx = await readModelFixture<Database>('training');
  for (const id of ['t1', 't2', 'p1', 'p2']) await fx.hire(id);
  await fx.hire('x1', { regionId: 'north' });
  const course = 'basic-selling-skills';
  await fx.append(enrol('t1', course), 'CourseAssigned', {
    employeeId: 't1',
    courseId: course,
    assignedBy: 'm1',
    reason: 'score 65',
    at: '2026-03-01',
  });
  await fx.append(enrol('t1', course), 'CourseStarted', {
    employeeId: 't1',
    courseId: course,
    at: '2026-03-02',
  });
  await fx.append(enrol('t1', course), 'CourseCompleted', {
    employeeId: 't1',
    courseId: course,
    testScore: 88,
    at: '2026-03-20',
  });
  // Self-paced: completed without a start.
  await fx.append(enrol('t2', course), 'CourseAssigned', {
    employeeId: 't2',
    courseId: course,
    assignedBy: 'hr',
    at: '2026-03-01',
  });
  await fx.append(enrol('t2', course), 'CourseCompleted', {
    employeeId: 't2',
    courseId: course,
    testScore: 72,
    at: '2026-03-25',
  });
  await fx.append(enrol('p1', 'strategic-selling'), 'CourseAssigned', {
    employeeId: 'p1',
    courseId: 'strategic-selling',
    assignedBy: 'hr',
    at: '2026-03-05',
  });
  // Sales in February (before) and April (after); March is the month of the course.
  const sales: [string, number, number][] = [
    ['t1', 100_000, 160_000],
    ['t2', 120_000, 170_000],
    ['p1', 110_000, 120_000],
    ['p2', 100_000, 130_000],
    ['x1', 100_000, 400_000],
  ];
  for (const [who, feb, apr] of sales) {
    await fx.sale(`${who}-feb`, who, feb * YUAN, '2026-02-10');
    await fx.sale(`${who}-apr`, who, apr * YUAN, '2026-04-10');
  }
  await rebuildProjection(fx.store, as<PeopleDb>(), peopleProjection);
  await rebuildProjection(fx.store, as<KpiFactsDb>(), kpiFactsProjection);
  await rebuildProjection(fx.store, as<TrainingDb>(), trainingProjection, { batchSize: 2 });
  inSmallBatches = await rows();
  await rebuildProjection(fx.store, as<TrainingDb>(), trainingProjection, { batchSize: 1000 });
});
afterAll(() => fx?.close());

describe('training read model', () => {
  it('given assignments, starts and completions, holds one row per person and course', async () => {
    expect(
      (await rows()).map((r) => [
        r.employee_id,
        r.course_id,
        r.state,
        r.assigned_by,
        r.started_at,
        r.completed_at,
        r.test_score,
      ]),
    ).toEqual([
      ['p1', 'strategic-selling', 'assigned', 'hr', null, null, null],
      ['t1', 'basic-selling-skills', 'completed', 'm1', '2026-03-02', '2026-03-20', 88],
      ['t2', 'basic-selling-skills', 'completed', 'hr', null, '2026-03-25', 72],
    ]);
    expect(await rows()).toEqual(inSmallBatches);
    expect(await courseSummary(as<Database>(), all)).toEqual([
      { courseId: 'basic-selling-skills', assigned: 2, started: 1, completed: 2, meanTestScore: 80 },
      { courseId: 'strategic-selling', assigned: 1, started: 0, completed: 0, meanTestScore: null },
    ]);
    expect(await enrollmentsOf(as<Database>(), { kind: 'self', employeeId: 't2' }, 't1')).toEqual([]);
  });

  it('measures a course by difference-in-differences against peers of the same rank and region', async () => {
    const effect = await courseEffect(as<Database>(), 'basic-selling-skills', {
      kpi: 'salesAmount',
      windowMonths: 1,
      minimumPeers: 2,
    });
    const expected = differenceInDifferences(
      'salesAmount',
      [
        { personId: 't1@2026-03', before: 100_000 * YUAN, after: 160_000 * YUAN },
        { personId: 't2@2026-03', before: 120_000 * YUAN, after: 170_000 * YUAN },
      ],
      [
        { personId: 'p1@2026-03', before: 110_000 * YUAN, after: 120_000 * YUAN },
        { personId: 'p2@2026-03', before: 100_000 * YUAN, after: 130_000 * YUAN },
      ],
    );
    expect(effect).toMatchObject({ trainees: 2, peers: 2, kpi: 'salesAmount' });
    expect(effect.result).toEqual(expected);
    // (55,000 − 20,000) yuan: the peer from another region (+300,000) is not compared.
    expect(effect.result?.effect).toBe(35_000 * YUAN);
    // Per team: both trainees are in sh-1, against the same two peers.
    expect(effect.byTeam).toEqual([
      { teamId: 'sh-1', effect: { status: 'measured', trainees: 2, peers: 2, did: expected } },
    ]);
    // Per trainee: their own change against the peers' (+20,000): t1 +60,000 → +40,000; t2 +50,000 → +30,000.
    expect(
      effect.byTrainee.map((t) => [
        t.employeeId,
        t.month,
        t.effect.status === 'measured' && t.effect.did.effect,
      ]),
    ).toEqual([
      ['t1', '2026-03', 40_000 * YUAN],
      ['t2', '2026-03', 30_000 * YUAN],
    ]);
    // One trainee: a prediction interval from the peers' spread (sd 14,142 yuan, 1 degree of
    // freedom: t = 12.706) × √(1 + 1/2).
    const t1 = effect.byTrainee[0]?.effect;
    expect(t1?.status === 'measured' && t1.did.ci95[1] - t1.did.effect).toBeCloseTo(
      12.706 * Math.sqrt(200_000_000 * YUAN * YUAN) * Math.sqrt(1.5),
      0,
    );
  });

  it('states no number on fewer comparable peers than the minimum', async () => {
    const effect = await courseEffect(as<Database>(), 'basic-selling-skills', {
      kpi: 'salesAmount',
      windowMonths: 1,
    });
    expect(effect).toMatchObject({
      status: 'not_enough_peers',
      trainees: 2,
      peers: 2,
      minimumPeers: 5,
      result: null,
    });
    expect(effect.byTrainee.map((t) => t.effect)).toEqual([
      { status: 'not_enough_peers', trainees: 1, peers: 2, minimum: 5 },
      { status: 'not_enough_peers', trainees: 1, peers: 2, minimum: 5 },
    ]);
  });

  it('has no effect to show before the window after the course has ended', async () => {
    const effect = await courseEffect(as<Database>(), 'basic-selling-skills', {
      kpi: 'salesAmount',
      windowMonths: 3,
    });
    expect(effect).toMatchObject({
      trainees: 0,
      result: null,
      status: 'no_trainees',
      byTeam: [],
      byTrainee: [],
    });
    await expect(courseEffect(as<Database>(), 'juggling')).rejects.toThrow(/unknown course juggling/);
  });

  it('recommends courses from the score band and skips the ones completed', async () => {
    const db = as<Database>();
    expect((await recommendationsFor(db, all, 't1', { score: 65, kpis: [] })).map((r) => r.courseId)).toEqual(
      [],
    );
    const p1 = await recommendationsFor(db, all, 'p1', { score: 65, kpis: [] });
    expect(p1.map((r) => [r.courseId, r.reasons[0]?.en])).toEqual([
      ['basic-selling-skills', 'score 65 ≤ 70: build the basics'],
    ]);
    expect((await recommendationsFor(db, all, 't1', { score: 80, kpis: [] })).map((r) => r.courseId)).toEqual(
      ['customer-relationship-maintenance'],
    );
  });
});
