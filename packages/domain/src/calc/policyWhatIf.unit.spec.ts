import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGET_POLICY } from '../policy/targets.ts';
import { decisionFlip, selectionRates, targetWarningsUnder } from './policyWhatIf.ts';

describe('selectionRates (four-fifths rule)', () => {
  it('branch A 10 of 20, branch B 3 of 12: B at 0.25 is half of A’s 0.5, flagged', () => {
    const [a, b] = selectionRates([
      { group: 'A', evaluated: 20, selected: 10 },
      { group: 'B', evaluated: 12, selected: 3 },
    ]);
    expect(a).toEqual({
      group: 'A',
      evaluated: 20,
      selected: 10,
      rate: 0.5,
      ratioToHighest: 1,
      belowBound: false,
    });
    expect(b).toEqual({
      group: 'B',
      evaluated: 12,
      selected: 3,
      rate: 0.25,
      ratioToHighest: 0.5,
      belowBound: true,
    });
  });

  it('0.8 of the highest is not below the bound; 7 of 18 against 1 of 2 is (0.389 ÷ 0.5 = 0.778)', () => {
    const rows = selectionRates([
      { group: 'A', evaluated: 10, selected: 5 },
      { group: 'B', evaluated: 10, selected: 4 },
      { group: 'C', evaluated: 18, selected: 7 },
    ]);
    expect(rows.map((r) => r.ratioToHighest)).toEqual([1, 0.8, 7 / 18 / 0.5]);
    expect(rows.map((r) => r.belowBound)).toEqual([false, false, true]);
  });

  it('no rate without anyone evaluated, no ratio when nobody is selected anywhere', () => {
    expect(selectionRates([{ group: 'A', evaluated: 0, selected: 0 }])[0]).toMatchObject({
      rate: null,
      ratioToHighest: null,
      belowBound: false,
    });
    expect(
      selectionRates([
        { group: 'A', evaluated: 4, selected: 0 },
        { group: 'B', evaluated: 3, selected: 0 },
      ]).map((r) => [r.rate, r.ratioToHighest, r.belowBound]),
    ).toEqual([
      [0, null, false],
      [0, null, false],
    ]);
  });
});

describe('decisionFlip', () => {
  it('approved and not eligible under the draft, eligible then: flips', () => {
    expect(decisionFlip('approved', true, false)).toBe('approved_to_ineligible');
    expect(decisionFlip('rejected', false, true)).toBe('rejected_to_eligible');
  });
  it('a verdict the draft leaves as it was is no flip of the draft’s making', () => {
    // Approved against the verdict then (an override), still not eligible under the draft.
    expect(decisionFlip('approved', false, false)).toBeNull();
    // Rejected although eligible then, still eligible under the draft.
    expect(decisionFlip('rejected', true, true)).toBeNull();
    expect(decisionFlip('approved', true, true)).toBeNull();
    expect(decisionFlip('rejected', false, false)).toBeNull();
  });
});

describe('targetWarningsUnder', () => {
  const row = { consecutiveWeeksBehind: 2, attainment: 0.6, peerMedian: 0.9, weeksElapsed: 3 };
  it('the demo policy (3 weeks, 30%): 2 weeks behind is no warning; 0.6 < 0.9 × 0.7 = 0.63 is a gap', () => {
    expect(targetWarningsUnder(row, DEFAULT_TARGET_POLICY)).toEqual({ behind: false, peerGap: true });
  });
  it('a draft warning after 2 weeks, at a 40% gap (0.6 ≥ 0.9 × 0.6 = 0.54)', () => {
    expect(targetWarningsUnder(row, { earlyWarning: { consecutiveWeeksBehind: 2, peerGap: 0.4 } })).toEqual({
      behind: true,
      peerGap: false,
    });
  });
  it('no gap warning before a week has ended, or without peers', () => {
    expect(targetWarningsUnder({ ...row, weeksElapsed: 0 }, DEFAULT_TARGET_POLICY).peerGap).toBe(false);
    expect(targetWarningsUnder({ ...row, peerMedian: null }, DEFAULT_TARGET_POLICY).peerGap).toBe(false);
  });
});
