import { DEFAULT_COLD_START_RULES, employeeStream, type RetentionModel } from '@trackrecord/domain';
import type { JsonObject } from '@trackrecord/eventstore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenStore } from './given.testkit.ts';
import { retentionModelQuality, retentionRiskForPeople, retentionRiskList } from './queries.ts';

let given: Awaited<ReturnType<typeof givenStore>>;

/** A small published model: risk = σ(−1 + 0.8 × z(weeks without growth) − 0.5 × z(mentor rating)). */
const MODEL: RetentionModel = {
  id: 'retention-demo',
  version: 1,
  horizonWeeks: 12,
  threshold: 0.5,
  features: ['weeksWithoutSalesGrowth', 'mentorRating'],
  intercept: -1,
  coefficients: [0.8, -0.5],
  means: [2, 8],
  stds: [2, 2],
  l2: 1,
  coldStart: DEFAULT_COLD_START_RULES,
  metrics: {
    trainRows: 100,
    testRows: 40,
    positiveRate: 0.2,
    auc: 0.81,
    precisionAtThreshold: 0.6,
    recallAtThreshold: 0.5,
    calibration: [
      { from: 0, to: 0.5, count: 30, meanPredicted: 0.2, observedRate: 0.18 },
      { from: 0.5, to: 1, count: 10, meanPredicted: 0.7, observedRate: 0.6 },
    ],
  },
};

const rows = () => given.db.selectFrom('retention_risk').selectAll().orderBy('employee_id').execute();
let coldStart: Awaited<ReturnType<typeof rows>>;
let modelled: Awaited<ReturnType<typeof rows>>;

beforeAll(async () => {
  given = await givenStore('retention');
  const e = given.events;
  await e.hire('m0', { hiredAt: '2020-01-06' });
  await e.hire('r1', { hiredAt: '2026-01-05', probationEnd: '2026-07-06' });
  await e.hire('r2', { hiredAt: '2026-01-05' });
  await e.mentor('r1', 'm0', '2026-01-06');
  await e.rateMentor('r1', 'm0', 5, '2026-02-02');
  await e.courseAssigned('r1', 'sales-team-management', '2026-02-03');
  await e.sale('s1', 'r1', 50_000, '2026-03-02');
  await e.sale('s2', 'r1', 30_000, '2026-03-09');
  await e.sale('s3', 'r2', 10_000, '2026-03-16');
  await e.sale('s4', 'r2', 20_000, '2026-03-23');
  await e.sale('s5', 'm0', 20_000, '2026-03-16');
  await e.followUp('m0', '2026-03-23'); // the clock: the week of Monday 2026-03-23
  await given.project();
  coldStart = await rows();
  await e.publish('RetentionModelPublished', MODEL as unknown as JsonObject);
  await given.project();
  modelled = await rows();
  await e.append(employeeStream('r2'), 'EmployeeLeft', {
    employeeId: 'r2',
    voluntary: true,
    reason: 'better offer',
    leftAt: '2026-03-25',
  });
  await given.project();
});
afterAll(() => given?.close());

describe('retention risk read model', () => {
  it('given no published model, applies the cold-start rules: all three signals flag r1', () => {
    expect(
      coldStart.map((r) => [r.employee_id, r.method, r.flagged, r.band, r.model_source, r.week_start]),
    ).toEqual([
      ['m0', 'coldStart', false, 'low', 'default', '2026-03-23'], // one week without growth
      ['r1', 'coldStart', true, 'high', 'default', '2026-03-23'],
      ['r2', 'coldStart', false, 'low', 'default', '2026-03-23'],
    ]);
    const r1 = coldStart[1]!;
    expect((r1.signals as { rule: string; met: boolean }[]).map((s) => [s.rule, s.met])).toEqual([
      ['trainingCompletionBelow', true], // 0 of 1 course completed
      ['mentorRatingBelow', true], // rated 5
      ['weeksWithoutSalesGrowthAtLeast', true], // 50,000 → 30,000 → 0 → 0
    ]);
    expect(r1.features).toMatchObject({
      trainingCompletionRate: 0,
      mentorRating: 5,
      weeksWithoutSalesGrowth: 3,
    });
    expect(r1.formula).toBe('3 of 3 signals met; flagged at ≥ 2');
    expect(r1.risk).toBeNull();
  });

  it('applies a model published mid-stream, with each factor’s contribution, and keeps its quality figures', async () => {
    const r1 = modelled.find((r) => r.employee_id === 'r1')!;
    // weeks 3 → z 0.5 → +0.4; rating 5 → z −1.5 → +0.75; σ(−1 + 0.4 + 0.75) = σ(0.15)
    expect(r1.risk).toBeCloseTo(1 / (1 + Math.exp(-0.15)), 12);
    expect([r1.method, r1.flagged, r1.band, r1.model_id, r1.model_version, r1.model_source]).toEqual([
      'model',
      true,
      'high',
      'retention-demo',
      1,
      'published',
    ]);
    const contributions = r1.contributions as { feature: string; contribution: number }[];
    expect(contributions.map((c) => c.feature)).toEqual(['mentorRating', 'weeksWithoutSalesGrowth']);
    expect(contributions[0]?.contribution).toBeCloseTo(0.75, 12);
    expect(contributions[1]?.contribution).toBeCloseTo(0.4, 12);
    const quality = await retentionModelQuality(given.db as never);
    expect(
      quality.map((q) => [
        q.model_id,
        q.model_version,
        q.auc,
        q.precision_at_threshold,
        q.recall_at_threshold,
      ]),
    ).toEqual([['retention-demo', 1, 0.81, 0.6, 0.5]]);
    expect(quality[0]?.calibration).toEqual(MODEL.metrics?.calibration);
  });

  it('drops the people who left', async () => {
    expect((await rows()).map((r) => r.employee_id)).toEqual(['m0', 'r1']);
  });

  it('arrives at the same rows whatever the batch size', async () => {
    const before = await rows();
    await given.project(1);
    expect(await rows()).toEqual(before);
  });

  it('answers by list of people and by risk band', async () => {
    const db = given.db as never;
    expect((await retentionRiskForPeople(db, { kind: 'all' }, ['r1', 'nobody'])).map((r) => r.band)).toEqual([
      'high',
    ]);
    expect(
      (await retentionRiskList(db, { kind: 'all' }, { bands: ['high'] })).map((r) => r.employee_id),
    ).toEqual(['r1']);
    expect(await retentionRiskList(db, { kind: 'branch', branchId: 'sh' }, {})).toEqual([]);
    await expect(retentionRiskList(db, { kind: 'all' }, { bands: ['severe' as never] })).rejects.toThrow(
      RangeError,
    );
  });
});
