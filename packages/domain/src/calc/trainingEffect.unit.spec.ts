import { describe, expect, it } from 'vitest';
import {
  comparablePeers,
  differenceInDifferences,
  MIN_COMPARABLE_PEERS,
  measureEffect,
  personEffect,
  tQuantile975,
} from './trainingEffect.ts';

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

describe('an honest effect', () => {
  const changes = (id: string, xs: number[]) =>
    xs.map((x, i) => ({ personId: `${id}${i}`, before: 10, after: 10 + x }));

  it('states no number on fewer comparable peers than the minimum', () => {
    const trained = changes('t', [3, 5]);
    expect(measureEffect('demos', trained, changes('p', [1, 1, 2, 0]))).toEqual({
      status: 'not_enough_peers',
      trainees: 2,
      peers: 4,
      minimum: MIN_COMPARABLE_PEERS,
    });
    expect(measureEffect('demos', [], changes('p', [1]))).toEqual({
      status: 'no_trainees',
      trainees: 0,
      peers: 1,
    });
    const ok = measureEffect('demos', trained, changes('p', [1, 1, 2, 0, 1]));
    expect(ok.status).toBe('measured');
    expect(ok.status === 'measured' && ok.did.effect).toBe(4 - 1);
  });

  it("Welch's interval: t with Welch–Satterthwaite degrees of freedom, by hand", () => {
    // trained changes 3, 5 (mean 4, var 2); peers 0, 1, 1, 2 (mean 1, var 2/3).
    const did = differenceInDifferences('demos', changes('t', [3, 5]), changes('p', [0, 1, 1, 2]));
    const a = 2 / 2;
    const b = 2 / 3 / 4;
    const se = Math.sqrt(a + b);
    const df = (a + b) ** 2 / (a ** 2 / 1 + b ** 2 / 3);
    expect(did.standardError).toBeCloseTo(se, 12);
    expect(did.ci95[1] - did.effect).toBeCloseTo(tQuantile975(df) * se, 12);
    expect(df).toBeGreaterThan(1);
    expect(df).toBeLessThan(2);
    expect(tQuantile975(df)).toBeGreaterThan(4.3);
  });

  it('one trainee: a prediction interval from the peers’ spread on n − 1 degrees of freedom', () => {
    const did = differenceInDifferences('demos', changes('t', [4]), changes('p', [0, 1, 1, 2, 1]));
    const sd = Math.sqrt(0.5);
    expect(did.effect).toBe(3);
    expect(did.ci95[1] - did.effect).toBeCloseTo(2.776 * sd * Math.sqrt(1 + 1 / 5), 12);
  });

  it('t quantiles: the table, then towards 1.96', () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(30)).toBe(2.042);
    expect(tQuantile975(1e9)).toBeCloseTo(1.96, 6);
    expect(tQuantile975(0.5)).toBe(Number.POSITIVE_INFINITY);
  });
});
