import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER, type Ladder } from '../policy/ladder.ts';
import { DEFAULT_TARGET_POLICY } from '../policy/targets.ts';
import { type CandidateRecord, eligibilityFor, requirementLabel } from './eligibility.ts';
import { decisionFlip, requirementsInTheWay, selectionRates, targetWarningsUnder } from './policyWhatIf.ts';

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

describe('requirementsInTheWay (why a draft flips no more rejections)', () => {
  const track = DEFAULT_LADDER.tracks.find((t) => t.id === 'sales_management');
  const supervisor = track?.levels.find((l) => l.id === 'sales_supervisor');
  if (!supervisor) throw new Error('the default ladder has a supervisor level');
  // The draft: the supervisor's score threshold lowered from 90 to 80, the rest as published.
  const draft: Ladder = {
    ...DEFAULT_LADDER,
    tracks: DEFAULT_LADDER.tracks.map((t) => ({
      ...t,
      levels: t.levels.map((l) =>
        l.id === 'sales_supervisor'
          ? { ...l, requirements: l.requirements.map((r) => (r.kind === 'score' ? { ...r, min: 80 } : r)) }
          : l,
      ),
    })),
  };
  const level = draft.tracks[0]?.levels.find((l) => l.id === 'sales_supervisor');
  const keyAccount = draft.tracks
    .find((t) => t.id === 'key_account')
    ?.levels.find((l) => l.id === 'key_account_consultant');
  if (!level || !keyAccount) throw new Error('the draft has supervisor and key-account levels');
  // Meets every supervisor requirement; each case below spoils some of them.
  const strong: CandidateRecord = {
    personId: 'p',
    currentLevel: 'sales_representative',
    score: 92,
    kpis: { salesCompletionRate: 1.2, collectionRate: 0.97 },
    completedCourses: ['sales-team-management'],
    menteeClosedDeals: 6,
    experienceMonths: 30,
    annualSales: 1_600_000_00,
    teamSalesGrowth: null,
  };
  const judged = (outcome: string, c: Partial<CandidateRecord>) => ({
    outcome,
    toLevel: 'sales_supervisor',
    underDraft: eligibilityFor({ ...strong, ...c }, draft, 'sales_management', level),
  });

  it('counts, over rejections the draft leaves short, who misses each requirement and who misses it alone', () => {
    const rows = requirementsInTheWay([
      // Score 85 is enough under the draft: eligible, not in the way (the flip itself).
      judged('rejected', { score: 85 }),
      // Completion 96% alone.
      judged('rejected', { score: 85, kpis: { salesCompletionRate: 0.96, collectionRate: 0.97 } }),
      // Completion and the course.
      judged('rejected', { kpis: { salesCompletionRate: 1.0, collectionRate: 0.97 }, completedCourses: [] }),
      // Score 70 (under 80 too) and completion.
      judged('rejected', { score: 70, kpis: { salesCompletionRate: 0.9, collectionRate: 0.97 } }),
      // Approved decisions are not what a draft flips to eligible: left out.
      judged('approved', { completedCourses: [] }),
      // Never judged (no record at the evidence position): left out.
      { outcome: 'rejected', toLevel: 'sales_supervisor', underDraft: null },
      // The same requirement of another level is another row.
      {
        outcome: 'rejected',
        toLevel: 'key_account_consultant',
        underDraft: eligibilityFor(
          {
            ...strong,
            kpis: { salesCompletionRate: 0.9, collectionRate: 0.97, customerRetentionRate: 0.9 },
            completedCourses: ['key-account-sales-strategy'],
          },
          draft,
          'key_account',
          keyAccount,
        ),
      },
    ]);
    expect(rows.map((r) => [r.toLevel, r.label.en, r.decisions, r.alone])).toEqual([
      ['sales_supervisor', 'completion ≥ 110%', 3, 1],
      ['key_account_consultant', 'completion ≥ 110%', 1, 1],
      ['sales_supervisor', 'course Sales Team Management', 1, 0],
      ['sales_supervisor', 'score ≥ 80', 1, 0],
    ]);
    expect(rows[0]?.requirement).toEqual({ kind: 'kpi', kpi: 'salesCompletionRate', min: 1.1 });
    expect(rows.map((r) => r.label.zh)).toEqual([
      '销售完成率 ≥ 110%',
      '销售完成率 ≥ 110%',
      '课程《销售团队管理》',
      '综合评分 ≥ 80',
    ]);
  });

  it('names every kind of requirement with its threshold and no one’s value', () => {
    expect(supervisor.requirements.map((r) => requirementLabel(r).en)).toEqual([
      'score ≥ 90',
      'completion ≥ 110%',
      'collection ≥ 95%',
      'course Sales Team Management',
      'deals closed by mentees ≥ 5',
      'experience (months) ≥ 24',
      'annual sales ≥ ¥1,500,000',
    ]);
    expect(requirementLabel({ kind: 'teamSalesGrowth', min: 0.15 })).toEqual({
      en: 'team sales growth ≥ 15%',
      zh: '团队销售增长 ≥ 15%',
    });
    expect(requirementLabel({ kind: 'experience', months: 24 }).zh).toBe('从业经验 ≥ 24 个月');
  });
});
