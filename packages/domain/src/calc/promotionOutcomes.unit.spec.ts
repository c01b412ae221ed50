import { describe, expect, it } from 'vitest';
import { type PromotionFact, promotionOutcomes, type ScoredMonth } from './promotionOutcomes.ts';

const scored = (rank: string, months: Record<string, number>) =>
  new Map(Object.entries(months).map(([m, score]): [string, ScoredMonth] => [m, { score, rank }]));
const sales = (months: Record<string, number>) => new Map(Object.entries(months));

// A was promoted in March (rep → senior); B in May, whose after-window has not ended by June.
const A: PromotionFact = {
  employeeId: 'A',
  reviewId: 'r-A',
  month: '2026-03',
  fromLevel: 'rep',
  toLevel: 'senior',
  teamId: 'T1',
  region: 'R1',
};
const B: PromotionFact = { ...A, employeeId: 'B', reviewId: 'r-B', month: '2026-05', teamId: 'T5' };

const input = {
  promotions: [A, B],
  people: ['A', 'B', 'P1', 'P2', 'P3', 'P5', 'P6']
    .map((employeeId) => ({ employeeId, region: 'R1' }))
    .concat([{ employeeId: 'P4', region: 'R2' }]),
  scores: new Map([
    // Before: (60 + 70) / 2 = 65; after (April, May): (80 + 84) / 2 = 82; change +17.
    [
      'A',
      new Map([
        ...scored('rep', { '2026-01': 60, '2026-02': 70 }),
        ...scored('senior', { '2026-03': 72, '2026-04': 80, '2026-05': 84 }),
      ]),
    ],
    // Peers of A's former level in R1 with a baseline within 25% of 65: P1 (62 → 67, +5), P2 (68 → 71, +3).
    ['P1', scored('rep', { '2026-01': 60, '2026-02': 64, '2026-04': 66, '2026-05': 68 })],
    ['P2', scored('rep', { '2026-01': 70, '2026-02': 66, '2026-04': 70, '2026-05': 72 })],
    // Not comparable: baseline 30; another region; another level; not scored at the window's end.
    ['P3', scored('rep', { '2026-01': 30, '2026-02': 30, '2026-04': 31, '2026-05': 33 })],
    ['P4', scored('rep', { '2026-01': 64, '2026-02': 66, '2026-04': 90, '2026-05': 90 })],
    ['P5', scored('senior', { '2026-01': 64, '2026-02': 66, '2026-04': 90, '2026-05': 90 })],
    ['P6', scored('rep', { '2026-01': 64, '2026-02': 66, '2026-04': 90 })],
    // B would be comparable, but is promoted within the window: not a peer.
    ['B', scored('rep', { '2026-01': 64, '2026-02': 66, '2026-04': 99, '2026-05': 99 })],
  ]),
  teamSales: new Map([
    // T1 (A's): 100 → 140, +40; T2: 100 → 110, +10; T3: 110 → 130, +20.
    ['T1', sales({ '2026-01': 100, '2026-02': 100, '2026-03': 500, '2026-04': 150, '2026-05': 130 })],
    ['T2', sales({ '2026-01': 90, '2026-02': 110, '2026-04': 110, '2026-05': 110 })],
    ['T3', sales({ '2026-01': 120, '2026-02': 100, '2026-04': 130, '2026-05': 130 })],
    // Another region, and B's team (a promotion within the window): not peers.
    ['T4', sales({ '2026-01': 100, '2026-02': 100, '2026-04': 900, '2026-05': 900 })],
    ['T5', sales({ '2026-01': 100, '2026-02': 100, '2026-04': 900, '2026-05': 900 })],
  ]),
  teamRegion: new Map([
    ['T1', 'R1'],
    ['T2', 'R1'],
    ['T3', 'R1'],
    ['T4', 'R2'],
    ['T5', 'R1'],
  ]),
  lastMonth: '2026-06',
  windowMonths: 2,
  minimumPeers: 2,
};

describe('promotion outcomes (difference-in-differences)', () => {
  it('sets the promoted person’s score change against comparable people of the former level', () => {
    const out = promotionOutcomes(input);
    expect(out.score.status).toBe('measured');
    if (out.score.status !== 'measured') return;
    expect(out.score.trainees).toBe(1);
    expect(out.score.peers).toBe(2);
    const did = out.score.did;
    expect(did.trained.meanChange).toBe(17);
    expect(did.peers.meanChange).toBe(4);
    expect(did.effect).toBe(13);
    // One promoted person: a prediction interval from the peers' spread (changes 5 and 3:
    // variance 2, of the mean 1), se = √(2 + 1), t(1 df) = 12.706.
    expect(did.standardError).toBeCloseTo(Math.sqrt(3), 10);
    expect(did.ci95[0]).toBeCloseTo(13 - 12.706 * Math.sqrt(3), 6);
    expect(did.ci95[1]).toBeCloseTo(13 + 12.706 * Math.sqrt(3), 6);
  });

  it('sets the team’s sales change against teams of the region without a promotion', () => {
    const out = promotionOutcomes(input);
    expect(out.teamSales.status).toBe('measured');
    if (out.teamSales.status !== 'measured') return;
    expect(out.teamSales.did.trained.meanBefore).toBe(100);
    expect(out.teamSales.did.trained.meanAfter).toBe(140);
    expect(out.teamSales.did.peers.meanChange).toBe(15);
    expect(out.teamSales.did.effect).toBe(25);
  });

  it('lists each promotion; one whose after-window has not ended is pending, not measured', () => {
    const out = promotionOutcomes(input);
    expect(out.promotions.map((p) => [p.employeeId, p.status, p.scoreBefore, p.scoreAfter])).toEqual([
      ['A', 'measured', 65, 82],
      // B's before-window is March and April: only April (99) was scored.
      ['B', 'pending', 99, null],
    ]);
    expect(out.promotions[0]?.teamSalesAfter).toBe(140);
  });

  it('states no number on fewer comparable peers than the minimum', () => {
    const out = promotionOutcomes({ ...input, minimumPeers: 3 });
    expect(out.score).toEqual({ status: 'not_enough_peers', trainees: 1, peers: 2, minimum: 3 });
    expect(promotionOutcomes({ ...input, promotions: [B] }).score.status).toBe('no_trainees');
  });
});
