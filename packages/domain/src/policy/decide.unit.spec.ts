import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWith } from '../core/catalog.ts';
import { spec } from '../core/spec.ts';
import type { PolicyCommand } from './commands.ts';
import { DEFAULT_COMMISSION_PLAN } from './commission.ts';
import { type CoursePolicy, DEFAULT_COURSE_POLICY } from './courses.ts';
import { decidePolicy, policyDecider } from './decide.ts';
import { type PolicyEvent, ScoringPolicyPublished } from './events.ts';
import { evolvePolicy } from './evolve.ts';
import { DEFAULT_LADDER, type Ladder } from './ladder.ts';
import { DEFAULT_PROBATION_POLICY, type ProbationPolicy } from './probation.ts';
import { COMPANY_A_SCORING_POLICY, DEFAULT_SCORING_POLICY, type ScoringPolicy } from './scoring.ts';
import { initialPolicyState } from './state.ts';
import { DEFAULT_TARGET_POLICY, policyCoefficients, type TargetPolicy } from './targets.ts';
import { coursePolicyIssues, ladderProblems, scoringPolicyProblems } from './validate.ts';

const metadata = { commandId: 'cmd-1', at: '2025-01-06T09:00:00.000Z', actor: 'user:hr-1', source: 'ui' };

/** given(events) / when(command) / then(events) | thenThrows(code, message), via core's spec helper. */
const given = (events: PolicyEvent[]) => {
  const g = spec(policyDecider).given(events);
  return {
    when: (command: PolicyCommand) => {
      const w = g.when(command, undefined);
      return {
        thenEvents: (expected: PolicyEvent[]) => w.thenEvents(expected),
        thenError: (message: RegExp, code: 'VALIDATION' | 'ILLEGAL_STATE' = 'VALIDATION') =>
          w.thenThrows(code, message),
      };
    },
  };
};

const publishScoring = (policy: ScoringPolicy): PolicyCommand => ({
  type: 'PublishScoringPolicy',
  data: { policy },
  metadata,
});
const scoringPublished = (policy: ScoringPolicy): PolicyEvent => ({
  type: 'ScoringPolicyPublished',
  data: { policy },
});
const publishLadder = (ladder: Ladder): PolicyCommand => ({
  type: 'PublishLadder',
  data: { ladder },
  metadata,
});

describe('publishing a scoring policy', () => {
  it('publishes version 1 of a new policy', () => {
    given([])
      .when(publishScoring(COMPANY_A_SCORING_POLICY))
      .thenEvents([scoringPublished(COMPANY_A_SCORING_POLICY)]);
  });
  it('publishes the next version', () => {
    const v2 = { ...COMPANY_A_SCORING_POLICY, version: 2 };
    given([scoringPublished(COMPANY_A_SCORING_POLICY)])
      .when(publishScoring(v2))
      .thenEvents([scoringPublished(v2)]);
  });
  it('rejects a version that does not increment by one', () => {
    given([scoringPublished(COMPANY_A_SCORING_POLICY)])
      .when(publishScoring({ ...COMPANY_A_SCORING_POLICY, version: 3 }))
      .thenError(/version 3 must be 2 \(the published version is 1\)/);
    given([scoringPublished(COMPANY_A_SCORING_POLICY)])
      .when(publishScoring(COMPANY_A_SCORING_POLICY))
      .thenError(/version 1 must be 2/);
  });
  it('rejects weights that do not sum to 100, naming the rank', () => {
    const bad: ScoringPolicy = {
      ...COMPANY_A_SCORING_POLICY,
      weightsByRank: {
        ...COMPANY_A_SCORING_POLICY.weightsByRank,
        sales_manager: [
          { kpi: 'salesCompletionRate', weight: 40 },
          { kpi: 'collectionRate', weight: 30 },
          { kpi: 'customerFollowUps', weight: 20 },
        ],
      },
    };
    given([])
      .when(publishScoring(bad))
      .thenError(/weights of rank sales_manager sum to 90, not 100/);
  });
  it('rejects a weighted KPI without a template', () => {
    const bad: ScoringPolicy = { ...COMPANY_A_SCORING_POLICY, kpis: COMPANY_A_SCORING_POLICY.kpis.slice(1) };
    given([])
      .when(publishScoring(bad))
      .thenError(/weights KPI salesCompletionRate, which has no template/);
  });
  it('rejects thresholds out of range', () => {
    given([])
      .when(
        publishScoring({
          ...COMPANY_A_SCORING_POLICY,
          thresholds: { score: 120, salesCompletionRate: 1.1, collectionRate: 0.95 },
        }),
      )
      .thenError(/invalid scoring policy: policy\.thresholds\.score: Too big/);
  });
  it('rejects a different kind of document on the same stream', () => {
    const ladderOnScoringStream = { ...DEFAULT_LADDER, id: 'scoring-company-a', version: 2 };
    given([scoringPublished(COMPANY_A_SCORING_POLICY)])
      .when(publishLadder(ladderOnScoringStream))
      .thenError(/is a scoring document/, 'ILLEGAL_STATE');
  });
  it('rejects another policy id on the stream', () => {
    given([scoringPublished(COMPANY_A_SCORING_POLICY)])
      .when(publishScoring({ ...DEFAULT_SCORING_POLICY, version: 2 }))
      .thenError(/policy id scoring-demo does not match the stream's policy scoring-company-a/);
  });
});

describe('publishing a ladder', () => {
  it('publishes the demo ladder', () => {
    given([])
      .when(publishLadder(DEFAULT_LADDER))
      .thenEvents([{ type: 'LadderPublished', data: { ladder: DEFAULT_LADDER } }]);
  });
  it('rejects levels out of order', () => {
    const [management, ...rest] = DEFAULT_LADDER.tracks;
    if (!management) throw new Error('no track');
    const [rep, supervisor, manager, director] = management.levels;
    if (!rep || !supervisor || !manager || !director) throw new Error('levels');
    const swapped: Ladder = {
      ...DEFAULT_LADDER,
      tracks: [{ ...management, levels: [rep, manager, supervisor, director] }, ...rest],
    };
    given([])
      .when(publishLadder(swapped))
      .thenError(
        /level sales_supervisor requires score 90, less than 95 for sales_manager below it: levels out of order/,
      );
  });
});

describe('publishing a commission plan and a retention model', () => {
  it('rejects tiers that do not rise', () => {
    const plan = {
      ...DEFAULT_COMMISSION_PLAN,
      tiers: [
        { from: 0, rate: 0.03 },
        { from: 0, rate: 0.05 },
      ],
    };
    given([])
      .when({ type: 'PublishCommissionPlan', data: { plan }, metadata })
      .thenError(/tier 2 starts at 0, not above tier 1/);
  });
  it('publishes a valid plan', () => {
    given([])
      .when({ type: 'PublishCommissionPlan', data: { plan: DEFAULT_COMMISSION_PLAN }, metadata })
      .thenEvents([{ type: 'CommissionPlanPublished', data: { plan: DEFAULT_COMMISSION_PLAN } }]);
  });
  it('rejects a model whose coefficients do not match its features', () => {
    const model = {
      id: 'retention-model',
      version: 1,
      horizonWeeks: 12,
      threshold: 0.3,
      features: ['tenureMonths', 'recruitingFit'] as const,
      intercept: -2,
      coefficients: [0.1],
      means: [10, 60],
      stds: [5, 15],
      l2: 1,
      coldStart: { trainingCompletionBelow: 0.8, mentorRatingBelow: 7, weeksWithoutSalesGrowthAtLeast: 2 },
    };
    given([])
      .when({
        type: 'PublishRetentionModel',
        data: { model: { ...model, features: [...model.features] } },
        metadata,
      })
      .thenError(/1 coefficients for 2 features/);
  });

  it('a model published by hand carries no metrics: the publisher cannot type them in', () => {
    const model = {
      id: 'retention-x',
      version: 1,
      horizonWeeks: 12,
      threshold: 0.3,
      features: ['tenureMonths' as const],
      intercept: -2,
      coefficients: [0.1],
      means: [10],
      stds: [5],
      l2: 1,
      coldStart: { trainingCompletionBelow: 0.8, mentorRatingBelow: 7, weeksWithoutSalesGrowthAtLeast: 2 },
    };
    given([])
      .when({ type: 'PublishRetentionModel', data: { model }, metadata })
      .thenEvents([
        { type: 'RetentionModelPublished', data: { model: { ...model, metrics: null, training: null } } },
      ]);
    given([])
      .when({
        type: 'PublishRetentionModel',
        data: { model: { ...model, metrics: null } } as never,
        metadata,
      })
      .thenError(/metrics/);
  });
});

describe('publishing the course catalogue and recommendation rules', () => {
  const publishCourses = (courses: CoursePolicy): PolicyCommand => ({
    type: 'PublishCoursePolicy',
    data: { courses },
    metadata,
  });
  const v2 = (change: (p: CoursePolicy) => CoursePolicy) =>
    change(structuredClone({ ...DEFAULT_COURSE_POLICY, version: 2 }));
  const published: PolicyEvent = { type: 'CoursePolicyPublished', data: { courses: DEFAULT_COURSE_POLICY } };

  it('publishes the demo policy as version 1, then its next version', () => {
    given([]).when(publishCourses(DEFAULT_COURSE_POLICY)).thenEvents([published]);
    const hours = v2((p) => ({
      ...p,
      courses: p.courses.map((c) => (c.id === 'strategic-selling' ? { ...c, hours: 30 } : c)),
    }));
    given([published])
      .when(publishCourses(hours))
      .thenEvents([{ type: 'CoursePolicyPublished', data: { courses: hours } }]);
    given([published])
      .when(publishCourses(DEFAULT_COURSE_POLICY))
      .thenError(/version 1 must be 2/);
  });

  it('refuses bands out of order and a course outside the catalogue, naming the field', () => {
    const bands = v2((p) => ({ ...p, rules: { ...p.rules, bands: { ...p.rules.bands, basicUpTo: 95 } } }));
    given([published])
      .when(publishCourses(bands))
      .thenError(/the leadership band starts at 90, not above the basics band's top \(95\)/);
    try {
      decidePolicy(publishCourses(bands), evolvePolicy(initialPolicyState, published));
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({
        details: { field: 'courses.rules.bands.relationshipBelow', rule: 'bands_order' },
      });
    }
    const missing = v2((p) => ({
      ...p,
      courses: p.courses.filter((c) => c.id !== 'sales-team-communication'),
    }));
    expect(coursePolicyIssues(missing).map((i) => [i.code, i.path, i.params.course])).toEqual([
      ['not_in_catalogue', 'courses.rules.kpiGaps.1.courses', 'sales-team-communication'],
    ]);
    const band = v2((p) => ({
      ...p,
      courses: p.courses.map((c, i) => (i === 0 ? { ...c, scoreBand: { min: 80, max: 20 } } : c)),
    }));
    expect(coursePolicyIssues(band).map((i) => [i.code, i.field])).toEqual([
      ['band_order', { kind: 'course', course: 'basic-selling-skills', figure: 'scoreBand' }],
    ]);
    // The schema first: hours must be above 0, a band within 0–100.
    const hours = v2((p) => ({ ...p, courses: p.courses.map((c, i) => (i === 0 ? { ...c, hours: 0 } : c)) }));
    given([published])
      .when(publishCourses(hours))
      .thenError(/courses\.courses\.0\.hours/);
    expect(coursePolicyIssues(DEFAULT_COURSE_POLICY)).toEqual([]);
  });
});

describe('policy invariants', () => {
  it('the demo policies are valid: weights of every rank sum to 100, the ladder is ordered', () => {
    expect(scoringPolicyProblems(DEFAULT_SCORING_POLICY)).toEqual([]);
    expect(scoringPolicyProblems(COMPANY_A_SCORING_POLICY)).toEqual([]);
    expect(ladderProblems(DEFAULT_LADDER)).toEqual([]);
    for (const weights of Object.values(DEFAULT_SCORING_POLICY.weightsByRank)) {
      expect(weights.reduce((s, w) => s + w.weight, 0)).toBe(100);
    }
  });
  it("property: a rank's weights are accepted exactly when they sum to 100", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 4 }), (ws) => {
        const kpis = [
          'salesCompletionRate',
          'collectionRate',
          'customerFollowUps',
          'teamCollaboration',
        ] as const;
        const weights = ws.map((weight, i) => ({ kpi: kpis[i] as (typeof kpis)[number], weight }));
        const policy = {
          ...COMPANY_A_SCORING_POLICY,
          weightsByRank: { ...COMPANY_A_SCORING_POLICY.weightsByRank, sales_representative: weights },
        };
        const sum = ws.reduce((a, b) => a + b, 0);
        expect(scoringPolicyProblems(policy).length === 0).toBe(sum === 100);
      }),
    );
  });
  it('property: every published event validates against its schema and evolve is deterministic', () => {
    const events = decidePolicy(publishScoring(DEFAULT_SCORING_POLICY), initialPolicyState);
    for (const e of events) expect(parseWith(ScoringPolicyPublished, 1, e.data)).toEqual(e.data);
    expect(events.reduce(evolvePolicy, initialPolicyState)).toEqual(
      events.reduce(evolvePolicy, initialPolicyState),
    );
  });
});

describe('publishing a target policy', () => {
  const publish = (targetPolicy: TargetPolicy): PolicyCommand => {
    return {
      type: 'PublishTargetPolicy',
      data: { targetPolicy },
      metadata: { commandId: 'c', at: '2026-01-01T00:00:00Z', actor: 'user:hr', source: 'ui' },
    };
  };
  const withCoefficients: TargetPolicy = {
    ...DEFAULT_TARGET_POLICY,
    coefficients: {
      region: [{ regionId: 'region-1', coefficient: 1.1 }],
      market: [{ branchId: 'branch-2', coefficient: 0.9 }],
      productDifficulty: 1.05,
    },
  };
  it('publishes version 1, and the next version after it', () => {
    const [first] = decidePolicy(publish(withCoefficients), initialPolicyState);
    expect(first).toEqual({ type: 'TargetPolicyPublished', data: { targetPolicy: withCoefficients } });
    const state = evolvePolicy(initialPolicyState, first as PolicyEvent);
    expect(state).toMatchObject({ kind: 'target', version: 1 });
    const next = {
      ...withCoefficients,
      version: 2,
      earlyWarning: { consecutiveWeeksBehind: 2, peerGap: 0.25 },
    };
    expect(decidePolicy(publish(next), state)).toHaveLength(1);
    expect(() => decidePolicy(publish({ ...next, version: 3 }), state)).toThrow(/version 3 must be 2/);
  });
  it('refuses figures out of bounds, each problem naming its field (path) for the API to word', () => {
    const bad: TargetPolicy = {
      ...withCoefficients,
      extremeShare: { above: 12, below: 0.5 },
      earlyWarning: { consecutiveWeeksBehind: 8, peerGap: 0.3 },
      coefficients: { ...withCoefficients.coefficients, region: [{ regionId: 'region-1', coefficient: 6 }] },
    };
    let details: Record<string, unknown> = {};
    try {
      decidePolicy(publish(bad), initialPolicyState);
    } catch (error) {
      details = (error as { details: Record<string, unknown> }).details;
    }
    const issues = details.issues as { path: (string | number)[]; code: string }[];
    expect(issues.map((i) => [i.path.join('.'), i.code])).toEqual([
      ['targetPolicy.extremeShare.above', 'policy_range'],
      ['targetPolicy.earlyWarning.consecutiveWeeksBehind', 'policy_range'],
      ['targetPolicy.coefficients.region.0.coefficient', 'policy_range'],
    ]);
  });
  it('gives each person the coefficients of their region and branch, neutral where none is listed', () => {
    expect(policyCoefficients(withCoefficients, { regionId: 'region-1', branchId: 'branch-2' })).toEqual({
      region: 1.1,
      market: 0.9,
      productDifficulty: 1.05,
    });
    expect(policyCoefficients(withCoefficients, { regionId: 'region-9', branchId: null })).toEqual({
      region: 1,
      market: 1,
      productDifficulty: 1.05,
    });
  });
});

describe('publishing a probation policy', () => {
  const publish = (probationPolicy: ProbationPolicy): PolicyCommand => ({
    type: 'PublishProbationPolicy',
    data: { probationPolicy },
    metadata: { commandId: 'c', at: '2026-01-01T00:00:00Z', actor: 'user:hr', source: 'ui' },
  });
  it('publishes version 1, and only the next version after it', () => {
    const [first] = decidePolicy(publish(DEFAULT_PROBATION_POLICY), initialPolicyState);
    expect(first).toEqual({
      type: 'ProbationPolicyPublished',
      data: { probationPolicy: DEFAULT_PROBATION_POLICY },
    });
    const state = evolvePolicy(initialPolicyState, first as PolicyEvent);
    expect(state).toMatchObject({ kind: 'probation', version: 1 });
    const next = { ...DEFAULT_PROBATION_POLICY, version: 2, baseDealsPerMonth: 4 };
    expect(decidePolicy(publish(next), state)).toHaveLength(1);
    expect(() => decidePolicy(publish({ ...next, version: 3 }), state)).toThrow(/version 3 must be 2/);
  });
  it('refuses a reduced target above the base, a stretch below it and a growth bar over 100%, by field', () => {
    const bad: ProbationPolicy = {
      ...DEFAULT_PROBATION_POLICY,
      baseDealsPerMonth: 3,
      reduced: { dealsPerMonth: 4, weeklySkillGrowthAbove: 0.1 },
      stretch: { dealsPerMonth: 2, dailySalesGrowthAbove: 1.5, bonus: 100 },
    };
    let details: Record<string, unknown> = {};
    try {
      decidePolicy(publish(bad), initialPolicyState);
    } catch (error) {
      details = (error as { details: Record<string, unknown> }).details;
    }
    const issues = details.issues as { path: string[]; code: string; params: Record<string, string> }[];
    expect(issues.map((i) => [i.path.join('.'), i.code, i.params])).toEqual([
      ['probationPolicy.reduced.dealsPerMonth', 'policy_range', { min: '1', max: '3', value: '4' }],
      ['probationPolicy.stretch.dealsPerMonth', 'policy_range', { min: '3', max: '100', value: '2' }],
      [
        'probationPolicy.stretch.dailySalesGrowthAbove',
        'policy_range',
        { above: '0', max: '1', value: '1.5' },
      ],
    ]);
  });
  it('accepts the bounds themselves: reduced = base = stretch, a bar of exactly 100%, no bonus', () => {
    const edge: ProbationPolicy = {
      ...DEFAULT_PROBATION_POLICY,
      months: 12,
      reduced: { dealsPerMonth: 3, weeklySkillGrowthAbove: 1 },
      stretch: { dealsPerMonth: 3, dailySalesGrowthAbove: 1, bonus: 0 },
    };
    expect(decidePolicy(publish(edge), initialPolicyState)).toHaveLength(1);
    expect(() => decidePolicy(publish({ ...edge, months: 13 }), initialPolicyState)).toThrow(
      /months 13 is outside 1–12/,
    );
  });
});
