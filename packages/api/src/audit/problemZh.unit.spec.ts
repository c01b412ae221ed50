import {
  commissionPlanIssues,
  DEFAULT_COMMISSION_PLAN,
  DEFAULT_LADDER,
  DEFAULT_SCORING_POLICY,
  ladderIssues,
  type PolicyProblem,
  type PolicyProblemCode,
  scoringPolicyIssues,
} from '@trackrecord/domain';
import { describe, expect, it } from 'vitest';
import { problemZh } from './simulation.ts';

/**
 * Every rule a draft can break reads in Chinese: no English message inside the Chinese sentence
 * (the what-if's refusals used to fall back to it for the rarer codes), levels, tracks and KPIs
 * by their Chinese names.
 */
const CODES: readonly PolicyProblemCode[] = [
  'kpi_twice',
  'weights_sum',
  'weight_range',
  'weight_without_template',
  'weight_twice',
  'not_a_number',
  'range',
  'at_least',
  'above',
  'whole_number',
  'track_twice',
  'level_twice',
  'entry_has_requirements',
  'level_without_requirements',
  'levels_out_of_order',
  'tier_start',
  'tier_order',
  'feature_twice',
  'feature_lists',
];
/** Latin words a Chinese sentence may hold: none but digits, signs and ids of regions/branches. */
const englishWords = (text: string) => text.match(/[A-Za-z]{3,}/g) ?? [];

describe('draft problems in Chinese', () => {
  it('says each problem of a broken scoring policy, ladder and commission plan in Chinese', () => {
    const reps = DEFAULT_SCORING_POLICY.weightsByRank.sales_representative ?? [];
    const scoring = {
      ...DEFAULT_SCORING_POLICY,
      kpis: [...DEFAULT_SCORING_POLICY.kpis, DEFAULT_SCORING_POLICY.kpis[0]!],
      weightsByRank: {
        ...DEFAULT_SCORING_POLICY.weightsByRank,
        sales_representative: [...reps, { ...reps[0]!, weight: 150 }],
      },
    };
    const [track] = DEFAULT_LADDER.tracks;
    const ladder = {
      ...DEFAULT_LADDER,
      tracks: [
        {
          ...track!,
          levels: track!.levels.map((l) =>
            l.id === 'sales_manager'
              ? {
                  ...l,
                  requirements: l.requirements.map((r) => (r.kind === 'score' ? { ...r, min: 50 } : r)),
                }
              : l,
          ),
        },
        track!,
      ],
    };
    const plan = {
      ...DEFAULT_COMMISSION_PLAN,
      tiers: [{ ...DEFAULT_COMMISSION_PLAN.tiers[0]!, from: 5 }, ...DEFAULT_COMMISSION_PLAN.tiers.slice(1)],
    };
    const problems: PolicyProblem[] = [
      ...scoringPolicyIssues(scoring as never),
      ...ladderIssues(ladder as never),
      ...commissionPlanIssues(plan as never),
    ];
    const codes = new Set(problems.map((p) => p.code));
    for (const code of [
      'kpi_twice',
      'weight_range',
      'weight_twice',
      'track_twice',
      'levels_out_of_order',
      'tier_start',
    ])
      expect(codes, code).toContain(code);
    for (const p of problems) {
      const zh = problemZh('草案', p);
      expect(englishWords(zh), `${p.code}: ${zh}`).toEqual([]);
      expect(zh).not.toContain(p.message);
    }
    const outOfOrder = problems.find((p) => p.code === 'levels_out_of_order')!;
    // The manager's score 50 lies below the supervisor's 90: said with both levels' Chinese names.
    expect(problemZh('职级体系', outOfOrder)).toBe(
      '职级体系：销售管理通道 · 销售经理 · 第 1 项条件（综合评分）要求综合评分 50，低于其下一级职级「销售主管」要求的 90：职级顺序颠倒',
    );
  });

  it('has a Chinese sentence for every code, whatever its parameters', () => {
    const fields: PolicyProblem['field'][] = [
      { kind: 'weights', rank: 'sales_supervisor', kpi: 'collectionRate' },
      { kind: 'kpis', kpi: 'salesCompletionRate' },
      { kind: 'track', track: 'key_account' },
      { kind: 'level', track: 'sales_management', level: 'sales_manager' },
      { kind: 'tier', index: 2 },
      { kind: 'features' },
      { kind: 'threshold', threshold: 'collectionRate' },
      { kind: 'probation', figure: 'bonus' },
    ];
    for (const code of CODES)
      for (const field of fields) {
        const zh = problemZh('草案', {
          code,
          field,
          params: {
            min: 1,
            max: 2,
            value: 3,
            above: 0,
            sum: 50,
            weight: 150,
            requirement: 'score',
            now: 50,
            before: 90,
            below: 'sales_supervisor',
            from: 10,
            previous: 1,
            previousFrom: 20,
            list: 'means',
            count: 3,
            features: 4,
          },
          message: 'English message',
        });
        expect(englishWords(zh), `${code}: ${zh}`).toEqual([]);
      }
  });
});
