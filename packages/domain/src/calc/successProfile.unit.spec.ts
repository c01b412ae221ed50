import { describe, expect, it } from 'vitest';
import { newcombe95, variance, wilson95 } from './stats.ts';
import { retentionByFitBand, successProfile, teamPractices } from './successProfile.ts';

describe('success profile', () => {
  it('finds the behaviours that set the top 20% apart', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({
      personId: `p${i}`,
      score: 50 + i * 5,
      behaviours: { weeklyFollowUps: i >= 8 ? 12 + (i - 8) : 7 + (i % 3), feedbackRating: 4 + (i % 2) * 0.1 },
    }));
    const profile = successProfile(rows, 0.2);
    expect(profile.topCount).toBe(2);
    expect(profile.cutoffScore).toBe(90);
    const [first] = profile.behaviours;
    expect(first?.behaviour).toBe('weeklyFollowUps');
    expect(first?.topMean).toBe(12.5);
    expect(first?.bar).toBe(12.3);
    expect(first?.shareOfRestAtBar).toBe(0);
    expect(first?.text).toBe('weeklyFollowUps ≥ 12.3: top 20% average 12.5, the rest 7.88');
  });

  it('retention by recruiting-fit band: fit > 80 vs < 60', () => {
    const rows = [
      ...Array.from({ length: 10 }, (_, i) => ({ personId: `h${i}`, fit: 85, stayed: i < 8 })),
      ...Array.from({ length: 10 }, (_, i) => ({ personId: `l${i}`, fit: 50, stayed: i < 4 })),
      { personId: 'm', fit: 70, stayed: true },
    ];
    const r = retentionByFitBand(rows);
    expect(r.bands.map((b) => [b.band, b.count, b.retention])).toEqual([
      ['high', 10, 0.8],
      ['middle', 1, 1],
      ['low', 10, 0.4],
    ]);
    expect(r.highToLowRatio).toBe(2);
  });
});

describe('best practices and common problems by team', () => {
  const row = (teamId: string, i: number, demos: number, followUps: number) => ({
    personId: `${teamId}${i}`,
    teamId,
    score: 60 + demos,
    behaviours: { demos, followUps },
  });
  it('names what a team does clearly more and less of than the company, in standard deviations', () => {
    // Company demos: a 2,2,2 · b 6,6,6 · c 4,4,4 · d 9 → mean 4.5, sd √(46.5/9).
    const rows = [
      ...[0, 1, 2].map((i) => row('a', i, 2, 5)),
      ...[0, 1, 2].map((i) => row('b', i, 6, 5)),
      ...[0, 1, 2].map((i) => row('c', i, 4, 5)),
      row('d', 0, 9, 9),
    ];
    const withD = teamPractices(rows);
    const sd = Math.sqrt(variance([2, 2, 2, 6, 6, 6, 4, 4, 4, 9]));
    const mean = 45 / 10;
    const byTeam = Object.fromEntries(withD.map((t) => [t.teamId, t]));
    expect(byTeam.b?.bestPractices).toEqual([
      { behaviour: 'demos', teamMean: 6, companyMean: mean, z: (6 - mean) / sd, n: 3 },
    ]);
    expect(byTeam.a?.commonProblems.map((c) => c.behaviour)).toEqual(['demos']);
    // Team c is within half a standard deviation: neither.
    expect(byTeam.c?.bestPractices).toEqual([]);
    expect(byTeam.c?.commonProblems).toEqual([]);
    // Follow-ups: a, b, c at 5 and d at 9 — too few people in d to say anything about it.
    expect(byTeam.d).toMatchObject({ people: 1, enough: false, bestPractices: [], commonProblems: [] });
    expect(byTeam.a?.commonProblems[0]?.z).toBeCloseTo((2 - mean) / sd, 12);
  });
});

describe('Wilson interval', () => {
  it('by hand: 8 of 10', () => {
    const [lo, hi] = wilson95(8, 10) as [number, number];
    // centre = (0.8 + 1.9208/10)/(1.38416); half = 1.96·√(0.016 + 0.009604)/1.38416
    expect(lo).toBeCloseTo(0.4902, 4);
    expect(hi).toBeCloseTo(0.9433, 4);
    expect(wilson95(0, 0)).toBeNull();
  });
});

describe('Newcombe interval of a difference of proportions', () => {
  it('by hand from two Wilson intervals: 7 of 10 against 4 of 10', () => {
    const [l1, u1] = wilson95(7, 10) as [number, number];
    const [l2, u2] = wilson95(4, 10) as [number, number];
    const [lo, hi] = newcombe95(7, 10, 4, 10) as [number, number];
    expect(lo).toBeCloseTo(0.3 - Math.sqrt((0.7 - l1) ** 2 + (u2 - 0.4) ** 2), 12);
    expect(hi).toBeCloseTo(0.3 + Math.sqrt((u1 - 0.7) ** 2 + (0.4 - l2) ** 2), 12);
    // Newcombe's table (method 10) for 56/70 − 48/80: 0.0524 to 0.3339.
    const [a, b] = newcombe95(56, 70, 48, 80) as [number, number];
    expect(a).toBeCloseTo(0.0524, 3);
    expect(b).toBeCloseTo(0.3339, 3);
    expect(newcombe95(1, 0, 1, 1)).toBeNull();
  });
});
