import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../catalog.ts';
import { weekOf } from '../core/calendar.ts';
import { fitLogistic, interceptShift, logOdds } from './logistic.ts';
import { auc, calibration, expectedCalibrationError } from './metrics.ts';
import {
  calibrationDrift,
  featureVector,
  predictionOutcomes,
  RECALIBRATION_SHARE,
  type RetentionRow,
  timeSplit,
  trainRetentionModel,
} from './retention.ts';
import { createRetentionObserver, weekEndOf } from './retentionTraining.ts';

describe('the product’s retention model figures, by hand', () => {
  it('AUC counts a tie between a leaver and a stayer as half a pair', () => {
    // Pairs (leaver, stayer): 0.4>0.1 1, 0.4=0.4 ½, 0.8>0.1 1, 0.8>0.4 1 → 3.5 of 4.
    expect(auc([0.1, 0.4, 0.4, 0.8], [0, 1, 0, 1])).toBe(0.875);
  });

  it('ECE weighs each bin’s |mean predicted − observed| by its share of rows', () => {
    const bins = calibration([0.05, 0.15, 0.15, 0.95], [0, 1, 0, 1]);
    expect(bins.filter((b) => b.count > 0).map((b) => [b.count, b.meanPredicted, b.observedRate])).toEqual([
      [1, 0.05, 0],
      [2, 0.15, 0.5],
      [1, 0.95, 1],
    ]);
    // ¼ × 0.05 + ½ × 0.35 + ¼ × 0.05 = 0.2
    expect(expectedCalibrationError(bins)).toBeCloseTo(0.2, 12);
    expect(expectedCalibrationError([])).toBe(0);
  });

  it('splits by time: the earliest 70% of rows by outcome window train, the rest is held out, a week never cut', () => {
    const rows = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5].map((week, i) => ({ week, i }));
    const { train, test, splitWeek } = timeSplit(rows, 0.3);
    expect(splitWeek).toBe(5);
    expect(train.map((r) => r.week)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    expect(test.map((r) => r.week)).toEqual([5, 5]);
    // 0.5 of 10 rows: weeks 1–3 (6 rows ≥ 5) train.
    expect(timeSplit(rows, 0.5).splitWeek).toBe(4);
    expect(() => timeSplit(rows, 1)).toThrow(/testShare/);
  });

  it('recalibration in the large: the log-odds shift that makes the mean prediction equal the observed rate', () => {
    // Four rows at log-odds 0 (risk ½), one of four left: σ(a) = ¼ → a = ln(⅓).
    expect(interceptShift([0, 0, 0, 0], [1, 0, 0, 0])).toBeCloseTo(Math.log(1 / 3), 12);
    // Log-odds 0 and ln 3, one leaver: u/(1+u) + 3u/(1+3u) = 1 with u = eᵃ → 3u² = 1 → a = −½ ln 3.
    expect(interceptShift([0, Math.log(3)], [0, 1])).toBeCloseTo(-Math.log(3) / 2, 12);
    // Already calibrated (risks ¼ and ¾, one leaver of two): no shift.
    expect(interceptShift([-Math.log(3), Math.log(3)], [1, 0])).toBeCloseTo(0, 12);
    // Nobody (or everybody) left: no finite shift.
    expect(interceptShift([0, 1], [0, 0])).toBeNull();
    expect(interceptShift([0, 1], [1, 1])).toBeNull();
    expect(() => interceptShift([0], [])).toThrow(/as many labels/);
  });

  it('live outcomes: precision and recall of past flags, and drift beyond the bound only on enough predictions', () => {
    const outcomes = [
      { risk: 0.6, flagged: true, left: true },
      { risk: 0.5, flagged: true, left: false },
      { risk: 0.2, flagged: false, left: true },
      { risk: 0.1, flagged: false, left: false },
    ];
    const o = predictionOutcomes(outcomes, 0.5);
    expect([o.flagged, o.left, o.flaggedLeft, o.precision, o.recall]).toEqual([2, 2, 1, 0.5, 0.5]);
    expect(o.meanPredicted).toBeCloseTo(0.35, 12);
    expect(calibrationDrift(0.12, 0.05, 99)).toEqual({ judged: false, drift: 0.12 - 0.05, warning: false });
    expect(calibrationDrift(0.12, 0.05, 100).warning).toBe(true);
    expect(calibrationDrift(0.09, 0.05, 100).warning).toBe(false);
  });
});

const neutral = {
  trainingCompletionRate: 1,
  mentorRating: 8,
  weeksWithoutSalesGrowth: 0,
  targetAttainment: 1,
  tenureMonths: 12,
  monthsEligibleWithoutPromotion: 0,
  feedbackTrend: 0,
  satisfactionLevel: 7,
  satisfactionTrend: 0,
  recruitingFit: 70,
  followUpTrend: 0,
};

describe('training', () => {
  const rows: RetentionRow[] = Array.from({ length: 400 }, (_, i) => {
    const satisfaction = 1 + (i % 10);
    return {
      personId: `p${i % 50}`,
      week: Math.floor(i / 40),
      features: { ...neutral, satisfactionLevel: satisfaction },
      left: satisfaction <= 3 && i % 3 !== 0 ? 1 : 0,
      branchId: i % 2 === 0 ? 'north' : 'south',
    };
  });

  it('is deterministic and measures the later rows only, overall and per branch', () => {
    const a = trainRetentionModel(rows, { horizonDays: 90 });
    const b = trainRetentionModel([...rows], { horizonDays: 90 });
    expect(a.coefficients).toEqual(b.coefficients);
    expect(a.metrics?.trainRows).toBe(280);
    expect(a.metrics?.testRows).toBe(120);
    expect(a.metrics?.byBranch?.map((x) => [x.branchId, x.rows])).toEqual([
      ['north', 60],
      ['south', 60],
    ]);
    // Leaving depends on satisfaction alone: ranked perfectly apart from ties at the same level.
    expect(a.metrics?.auc).toBeGreaterThan(0.9);
    expect(a.horizonWeeks).toBe(13);
  });

  it('shifts the intercept to the leaving rate of the latest training rows, fitted without the held-out rows', () => {
    // Later weeks: people leave more often at every satisfaction level (the rate moves with time).
    const drifting = rows.map((r, i) => ({
      ...r,
      left: (r.left === 1 || (r.week >= 4 && r.features.satisfactionLevel <= 5 && i % 2 === 0) ? 1 : 0) as
        | 0
        | 1,
    }));
    const source = { position: '9', cutOff: '2026-01-01', seed: 1, everyWeeks: 1 } as const;
    const closesOn = (week: number) => `2026-01-${String(week + 10).padStart(2, '0')}`;
    const model = trainRetentionModel(drifting, { horizonDays: 90, source, closesOn });
    const plain = trainRetentionModel(drifting, { horizonDays: 90, source, closesOn, recalibrate: false });
    expect(plain.training?.recalibration).toBeNull();
    const r = model.training?.recalibration;
    if (!r) throw new Error('no recalibration');
    // 280 training rows (weeks 0–6): 70% of them (196) reach into week 4, so weeks 0–4 (200 rows)
    // are fitted on and weeks 5–6 (80 rows) recalibrate (a week is never cut).
    const train = drifting.filter((x) => x.week < 7);
    const earlier = train.filter((x) => x.week < 5);
    const window = train.filter((x) => x.week >= 5);
    expect(RECALIBRATION_SHARE).toBe(0.3);
    expect([r.from, r.rows]).toEqual([closesOn(5), window.length]);
    expect(r.observedRate).toBeCloseTo(window.filter((x) => x.left === 1).length / window.length, 12);
    // The shift is the one `interceptShift` finds for the earlier rows' model on the window …
    const x = (rs: RetentionRow[]) => rs.map((row) => featureVector(row.features, model.features));
    const early = fitLogistic(
      x(earlier),
      earlier.map((row) => row.left),
      { l2: 1 },
    );
    const eta = x(window).map((v) => logOdds(early, v));
    expect(r.shift).toBeCloseTo(
      interceptShift(
        eta,
        window.map((row) => row.left),
      ) as number,
      10,
    );
    expect(r.shift).toBeGreaterThan(0); // the window left more often than the earlier weeks
    // … added to the intercept of the model refitted on all training rows; slopes unchanged.
    expect(model.intercept).toBeCloseTo(plain.intercept + r.shift, 10);
    expect(model.coefficients).toEqual(plain.coefficients);
    // Ranking unchanged: same AUC on the held-out rows.
    expect(model.metrics?.auc).toBe(plain.metrics?.auc);
  });

  it('refuses a history with nothing to hold out, or nobody leaving', () => {
    expect(() => trainRetentionModel(rows.filter((r) => r.week === 0))).toThrow(/not enough history/);
    expect(() => trainRetentionModel(rows.map((r) => ({ ...r, left: 0 as const })))).toThrow(/nobody left/);
  });
});

describe('observations from events', () => {
  const at = (d: string) => `${d}T09:00:00.000Z`;
  const hired = (employeeId: string): DomainEvent =>
    ({
      type: 'EmployeeHired',
      data: {
        employeeId,
        name: employeeId,
        branchId: 'b1',
        teamId: 't1',
        managerId: null,
        regionId: 'r1',
        level: 'sales_representative',
        track: 'sales',
        hiredAt: at('2025-01-06'),
        probationEnd: null,
        recruitingFit: 70,
      },
    }) as unknown as DomainEvent;
  const followUp = (employeeId: string, day: string): DomainEvent =>
    ({
      type: 'CustomerFollowUpLogged',
      data: { employeeId, customerId: 'c1', channel: 'phone', at: at(day) },
    }) as unknown as DomainEvent;
  const left = (employeeId: string, day: string, voluntary: boolean): DomainEvent =>
    ({ type: 'EmployeeLeft', data: { employeeId, voluntary, reason: 'x', leftAt: at(day) } }) as DomainEvent;

  it('observes everyone employed at each week’s end and labels who left voluntarily within the horizon', () => {
    const events: DomainEvent[] = [
      hired('a'),
      hired('b'),
      followUp('a', '2025-01-07'),
      followUp('a', '2025-01-14'), // week 2 starts: week 1 observed (a, b)
      left('b', '2025-01-22', true), // 10 days after week 1's end (Sunday 2025-01-12)
      followUp('a', '2025-01-21'), // week 3 starts: week 2 observed (a, b)
      followUp('a', '2025-03-31'), // week 3 observed (a)
    ];
    const observer = createRetentionObserver({ seed: 1, everyWeeks: 1 });
    for (const [i, event] of events.entries()) observer.apply({ position: BigInt(i + 1), event });
    const w1 = weekOf('2025-01-06');
    expect(weekEndOf(w1)).toBe('2025-01-12');
    expect(observer.observations().map((o) => [o.personId, o.week - w1])).toEqual([
      ['a', 0],
      ['b', 0],
      ['a', 1],
      ['b', 1],
      ['a', 2],
    ]);
    // Horizon 14 days: b left 10 days after week 1's end and 3 days after week 2's end.
    const rows = observer.rows('2025-03-31', 14);
    expect(rows.map((r) => [r.personId, r.week - w1, r.left])).toEqual([
      ['a', 0, 0],
      ['b', 0, 1],
      ['a', 1, 0],
      ['b', 1, 1],
      ['a', 2, 0],
    ]);
    // A cut-off before week 2's window closes (2025-02-02) leaves its rows out.
    expect(observer.rows('2025-01-30', 14).map((r) => r.week - w1)).toEqual([0, 0]);
    // Horizon 7 days: week 1's window closes on 2025-01-19, before b left.
    expect(observer.rows('2025-03-31', 7).map((r) => r.left)).toEqual([0, 0, 0, 1, 0]);
  });

  it('a dismissal is not leaving; every other week, a person is observed from the week the seed draws', () => {
    const events: DomainEvent[] = [
      hired('a'),
      followUp('a', '2025-01-07'),
      followUp('a', '2025-01-14'),
      left('a', '2025-01-15', false),
      followUp('x', '2025-03-31'),
    ];
    const observer = createRetentionObserver({ seed: 1, everyWeeks: 1 });
    for (const [i, event] of events.entries()) observer.apply({ position: BigInt(i + 1), event });
    expect(observer.rows('2025-03-31', 14).map((r) => r.left)).toEqual([0]);
    const weeksOf = (seed: number) => {
      const o = createRetentionObserver({ seed, everyWeeks: 2 });
      const many = [hired('a'), ...['07', '14', '21', '28'].map((d) => followUp('a', `2025-01-${d}`))];
      for (const [i, event] of many.entries()) o.apply({ position: BigInt(i + 1), event });
      return o.observations().map((x) => x.week % 2);
    };
    expect(weeksOf(1)).toEqual(weeksOf(1));
    expect(new Set(weeksOf(1)).size).toBe(1);
  });
});
