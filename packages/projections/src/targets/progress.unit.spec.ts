import { DEFAULT_TARGET_POLICY, peerGap } from '@trackrecord/domain';
import { describe, expect, it } from 'vitest';
import { peerMedian, peerWarnings } from './progress.ts';

describe('peer warnings', () => {
  it('equal those of each person against their peers sorted anew, ties and lone people included', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const people = Array.from({ length: 120 }, (_, i) => ({
      id: `p${i}`,
      level: ['l1', 'l2', 'l3'][i % 3]!,
      region: i === 119 ? 'alone' : ['east', 'west'][i % 2]!,
      // Ties on purpose: attainments in steps of 0.05.
      attainment: Math.round(random() * 30) / 20,
    }));
    const got = peerWarnings(people);
    for (const p of people) {
      const peers = people
        .filter((q) => q.id !== p.id && q.level === p.level && q.region === p.region)
        .map((q) => q.attainment);
      expect(got.get(p.id), p.id).toEqual(peerGap(p.attainment, peers, DEFAULT_TARGET_POLICY));
    }
  });

  it('reads the median of a sorted group without one entry', () => {
    const median = (xs: number[]) => peerGap(0, xs, DEFAULT_TARGET_POLICY).peerMedian;
    expect(peerMedian([1], 1)).toBeNull();
    expect(peerMedian([1, 2], 1)).toBe(2);
    expect(peerMedian([1, 2, 3, 4], 2)).toBe(median([1, 3, 4]));
    expect(peerMedian([1, 1, 2, 5, 9], 1)).toBe(median([1, 2, 5, 9]));
  });
});
