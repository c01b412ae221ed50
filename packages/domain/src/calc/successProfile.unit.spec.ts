import { describe, expect, it } from 'vitest';
import { retentionByFitBand, successProfile } from './successProfile.ts';

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
