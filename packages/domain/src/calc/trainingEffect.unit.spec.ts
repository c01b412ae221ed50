import { describe, expect, it } from 'vitest';
import { comparablePeers, differenceInDifferences, personEffect } from './trainingEffect.ts';

describe('training effect', () => {
  it('before vs after for one person: retention 70% → 85%', () => {
    const e = personEffect('customerRetentionRate', { personId: 'a', before: 0.7, after: 0.85 });
    expect(e.change).toBeCloseTo(0.15, 12);
    expect(e.relativeChange).toBeCloseTo(0.15 / 0.7, 12);
  });

  it('difference-in-differences removes what happened to untrained peers anyway', () => {
    const trained = [
      { personId: 'a', before: 0.7, after: 0.85 },
      { personId: 'b', before: 0.72, after: 0.86 },
    ];
    const peers = [
      { personId: 'c', before: 0.7, after: 0.74 },
      { personId: 'd', before: 0.71, after: 0.73 },
    ];
    const did = differenceInDifferences('customerRetentionRate', trained, peers);
    // trained: +0.145 on average; peers: +0.03 → effect 0.115
    expect(did.effect).toBeCloseTo(0.115, 12);
    expect(did.ci95[0]).toBeLessThan(did.effect);
    expect(did.formula).toContain('= 0.115');
    expect(() => differenceInDifferences('customerRetentionRate', trained, [])).toThrow(/peer/);
  });

  it('comparable peers: same rank and region, untrained, similar baseline', () => {
    const base = { rank: 'sales_representative', region: 'r1', trained: false, after: 0 };
    const trainees = [{ ...base, personId: 't', before: 100, trained: true }];
    const candidates = [
      { ...base, personId: 'ok', before: 110 },
      { ...base, personId: 'far', before: 200 },
      { ...base, personId: 'other-region', before: 100, region: 'r2' },
      { ...base, personId: 'trained', before: 100, trained: true },
    ];
    expect(comparablePeers(trainees, candidates).map((p) => p.personId)).toEqual(['ok']);
  });
});
