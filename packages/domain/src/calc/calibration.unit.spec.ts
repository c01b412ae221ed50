import { describe, expect, it } from 'vitest';
import {
  compareGroups,
  cycleTime,
  type GroupMember,
  readinessBand,
  readinessShare,
  roundDates,
  roundOf,
  scoreBand,
  scoreHistogram,
} from './calibration.ts';

const members = (group: string, scores: number[], outcome: GroupMember['outcome'][]): GroupMember[] =>
  scores.map((score, i) => ({ group, score, outcome: outcome[i] ?? null }));

describe('calibration of a promotion round', () => {
  it('places a score on the 9-box at its boundaries: low < 80 ≤ mid < 90 ≤ high', () => {
    expect([79.99, 80, 89.99, 90, 100].map((s) => scoreBand(s))).toEqual([
      'low',
      'mid',
      'mid',
      'high',
      'high',
    ]);
  });
  it('places readiness at its boundaries: low < 60% ≤ mid < 100% = high', () => {
    // 2 of 5 requirements met = 40%, 3 of 5 = 60%, 4 of 5 = 80%, 5 of 5 = 100%.
    const shares = [2, 3, 4, 5].map((met) => readinessShare(met, 5) as number);
    expect(shares).toEqual([0.4, 0.6, 0.8, 1]);
    expect(shares.map((s) => readinessBand(s))).toEqual(['low', 'mid', 'mid', 'high']);
    expect(readinessShare(0, 0)).toBeNull();
  });
  it('names the round of a date and the days of a round', () => {
    expect(roundOf('2026-05-14T09:00:00Z')).toBe('2026-Q2');
    expect(roundOf('2026-12-31')).toBe('2026-Q4');
    expect(roundDates('2026-Q1')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(roundDates('2024-Q1')).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(roundDates('2026-Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(() => roundDates('2026-Q5')).toThrow(/YYYY-Qn/);
  });
  it('counts scores in 5-point bars from the lowest score up to 100 (100 in the last bar)', () => {
    expect(scoreHistogram([78, 80, 84.9, 90, 100])).toEqual([
      { from: 75, to: 80, count: 1 },
      { from: 80, to: 85, count: 2 },
      { from: 85, to: 90, count: 0 },
      { from: 90, to: 95, count: 1 },
      { from: 95, to: 100, count: 1 },
    ]);
    expect(scoreHistogram([])).toEqual([]);
  });
  it('flags a group whose mean score and approval rate lie beyond the bounds, from 5 candidates', () => {
    // m1: 91..95, mean 93, sd √2.5 = 1.581, all rejected; m2: 71..79 step 2, mean 75, sd √10 = 3.162, all approved.
    // Company: mean (465 + 375) / 10 = 84, approval 5/10 = 50%.
    // m1: +9 points > 5 and > 1.96·1.581/√5 = 1.386; 0% approved, −50 pp, Wilson(0, 5) = [0, 0.434] excludes 50%.
    // m2: −9 points > 5 and > 1.96·3.162/√5 = 2.772; 100% approved, +50 pp, Wilson(5, 5) = [0.566, 1] excludes 50%.
    const { company, groups } = compareGroups([
      ...members('m1', [91, 92, 93, 94, 95], Array(5).fill('rejected')),
      ...members('m2', [71, 73, 75, 77, 79], Array(5).fill('approved')),
    ]);
    expect(company).toMatchObject({
      nominations: 10,
      meanScore: 84,
      decided: 10,
      approved: 5,
      approvalRate: 0.5,
    });
    const [m1, m2] = groups;
    expect(m1).toMatchObject({
      group: 'm1',
      meanScore: 93,
      scoreDifference: 9,
      approvalRate: 0,
      approvalDifference: -0.5,
    });
    expect(m1?.scoreSd).toBeCloseTo(1.5811, 4);
    expect(m1?.warnings).toEqual(['score', 'approval']);
    expect(m2).toMatchObject({
      meanScore: 75,
      scoreDifference: -9,
      approvalRate: 1,
      approvalDifference: 0.5,
    });
    expect(m2?.scoreSd).toBeCloseTo(3.1623, 4);
    expect(m2?.warnings).toEqual(['score', 'approval']);
  });
  it('does not flag a difference within the noise of its sample', () => {
    // d: 60, 70, 100, 100, 100: mean 86, sd √380 = 19.49, 2 of 5 approved; e: five 74s, all approved.
    // Company: mean (430 + 370) / 10 = 80, approval 7/10 = 70%.
    // d: +6 points > 5 but < 1.96·19.49/√5 = 17.09; 40% approved, −30 pp, but Wilson(2, 5) = [0.118, 0.769] holds 70%.
    // e: −6 points, sd 0: flagged; 100% approved, +30 pp, Wilson(5, 5) = [0.566, 1] holds 70%.
    const { company, groups } = compareGroups([
      ...members('d', [60, 70, 100, 100, 100], ['approved', 'approved', 'rejected', 'rejected', 'rejected']),
      ...members('e', [74, 74, 74, 74, 74], Array(5).fill('approved')),
    ]);
    expect(company).toMatchObject({ meanScore: 80, approvalRate: 0.7 });
    const [d, e] = groups;
    expect(d).toMatchObject({ meanScore: 86, scoreDifference: 6, approvalRate: 0.4 });
    expect(d?.approvalDifference).toBeCloseTo(-0.3, 10);
    expect(d?.warnings).toEqual([]);
    expect(e).toMatchObject({ meanScore: 74, scoreDifference: -6, approvalRate: 1 });
    expect(e?.warnings).toEqual(['score']);
  });
  it('never flags a group below the minimum sample of 5, however far off', () => {
    // f: four 60s, all rejected; g: six 95s, all approved. Company mean (240 + 570) / 10 = 81.
    const { groups } = compareGroups([
      ...members('f', [60, 60, 60, 60], Array(4).fill('rejected')),
      ...members('g', [95, 95, 95, 95, 95, 95], Array(6).fill('approved')),
    ]);
    const [f, g] = groups;
    expect(f).toMatchObject({
      nominations: 4,
      meanScore: 60,
      scoreDifference: -21,
      tooFew: true,
      warnings: [],
    });
    // g: +14 points, sd 0: flagged; 100% vs 60% = +40 pp, Wilson(6, 6) = [0.610, 1] excludes 60%.
    expect(g).toMatchObject({ nominations: 6, tooFew: false, warnings: ['score', 'approval'] });
  });
  it('counts only decided reviews in the approval rate', () => {
    const { company, groups } = compareGroups(members('h', [90, 90, 90], ['approved', null, null]));
    expect(company).toMatchObject({ nominations: 3, decided: 1, approved: 1, approvalRate: 1 });
    expect(groups[0]).toMatchObject({ tooFew: true, approvalDifference: 0 });
  });
  it('takes the median and 90th percentile of cycle times by linear interpolation', () => {
    // Sorted 3, 7, 10, 14, 30: median the 3rd = 10; p90 at rank 0.9·4 = 3.6: 14 + 0.6·(30 − 14) = 23.6.
    expect(cycleTime([30, 3, 14, 7, 10])).toEqual({
      decided: 5,
      medianDays: 10,
      p90Days: expect.closeTo(23.6, 10),
    });
    // An even count: the median halfway between the middle two, (4 + 6) / 2 = 5.
    expect(cycleTime([2, 4, 6, 8])?.medianDays).toBe(5);
    expect(cycleTime([])).toBeNull();
  });
});
