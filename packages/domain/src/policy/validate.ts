import type { CommissionPlan } from './commission.ts';
import type { CoursePolicy } from './courses.ts';
import {
  FIELD_RULE_ROLE_LABELS,
  type FieldRules,
  PROTECTED_FIELD_LABELS,
  PROTECTED_FIELDS,
  type ProtectedField,
} from './fieldRules.ts';
import type { Ladder, LadderLevel, LadderTrack, Requirement } from './ladder.ts';
import type { ProbationPolicy } from './probation.ts';
import type { RetentionModel } from './retention.ts';
import type { ScoringPolicy } from './scoring.ts';
import type { TargetPolicy } from './targets.ts';

/**
 * Rules of policy documents: the cross-field rules a schema cannot express, and the bounds of
 * every figure an editor lets a person change. Each problem names the field it is about (a
 * threshold, a rank's weights, a level's requirement …) with a code and the figures, so a
 * client can say it in the person's language next to that field; `message` is the English
 * sentence. An empty list means the document is valid.
 *
 * The `…Problems` functions give the English sentences alone (the command handlers' refusals).
 * This module imports types only, so the dashboard runs the same rules on a draft.
 */

export const THRESHOLDS = ['score', 'salesCompletionRate', 'collectionRate'] as const;
export type ThresholdKey = (typeof THRESHOLDS)[number];

/** Where a problem is: the field as the policy editor shows it. */
export type PolicyField =
  | { readonly kind: 'threshold'; readonly threshold: ThresholdKey }
  | { readonly kind: 'weights'; readonly rank: string; readonly kpi?: string }
  | { readonly kind: 'kpis'; readonly kpi: string }
  | { readonly kind: 'track'; readonly track: string }
  | { readonly kind: 'level'; readonly track: string; readonly level: string }
  | {
      readonly kind: 'requirement';
      readonly track: string;
      readonly level: string;
      /** Position in the level's requirements. */
      readonly index: number;
      readonly requirement: string;
      readonly kpi?: string;
    }
  | { readonly kind: 'tier'; readonly index: number }
  | { readonly kind: 'features' }
  /** A figure of the target policy, with the level, region or branch it is set for. */
  | { readonly kind: 'target'; readonly figure: TargetFigure; readonly key?: string }
  /** A figure of the probation policy. */
  | { readonly kind: 'probation'; readonly figure: ProbationFigure }
  /** A protected field of the field rules. */
  | { readonly kind: 'fieldRule'; readonly field: ProtectedField };

/** The figures of a probation policy an editor shows. */
export type ProbationFigure =
  | 'months'
  | 'baseDealsPerMonth'
  | 'reducedDealsPerMonth'
  | 'weeklySkillGrowthAbove'
  | 'stretchDealsPerMonth'
  | 'dailySalesGrowthAbove'
  | 'bonus';

/** The figures of a target policy an editor shows. */
export type TargetFigure =
  | 'historyMonths'
  | 'growth'
  | 'roundTo'
  | 'rankFactor'
  | 'defaultMonthlyTarget'
  | 'extremeAbove'
  | 'extremeBelow'
  | 'weeksBehind'
  | 'peerGap'
  | 'region'
  | 'market'
  | 'productDifficulty';

export type PolicyProblemCode =
  | 'kpi_twice'
  | 'weights_sum'
  | 'weight_range'
  | 'weight_without_template'
  | 'weight_twice'
  | 'not_a_number'
  | 'range'
  | 'at_least'
  | 'above'
  | 'whole_number'
  | 'track_twice'
  | 'level_twice'
  | 'entry_has_requirements'
  | 'level_without_requirements'
  | 'levels_out_of_order'
  | 'tier_start'
  | 'tier_order'
  | 'feature_twice'
  | 'feature_lists'
  | 'hr_admin_required'
  | 'role_twice';

export type PolicyProblem = {
  readonly code: PolicyProblemCode;
  readonly field: PolicyField;
  readonly params: Readonly<Record<string, string | number>>;
  readonly message: string;
};

const problem = (
  code: PolicyProblemCode,
  field: PolicyField,
  params: Record<string, string | number>,
  message: string,
): PolicyProblem => ({ code, field, params, message });

/** Bounds of the three alert thresholds: score (0, 100], completion (0, 5], collection (0, 1]. */
export const THRESHOLD_BOUNDS: Record<ThresholdKey, { readonly above: number; readonly max: number }> = {
  score: { above: 0, max: 100 },
  salesCompletionRate: { above: 0, max: 5 },
  collectionRate: { above: 0, max: 1 },
};

const THRESHOLD_WORDS: Record<ThresholdKey, string> = {
  score: 'score threshold',
  salesCompletionRate: 'completion threshold',
  collectionRate: 'collection threshold',
};

/** Every rule of a scoring policy, each problem with the field it is about. */
export function scoringPolicyIssues(policy: ScoringPolicy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const templates = new Set(policy.kpis.map((k) => k.kpi));
  const listed = new Set<string>();
  for (const k of policy.kpis) {
    if (listed.has(k.kpi))
      problems.push(
        problem('kpi_twice', { kind: 'kpis', kpi: k.kpi }, { kpi: k.kpi }, 'a KPI template is listed twice'),
      );
    listed.add(k.kpi);
  }
  for (const [rank, weights] of Object.entries(policy.weightsByRank)) {
    const total = weights.reduce((sum, w) => sum + w.weight, 0);
    if (!(Math.abs(total - 100) <= 1e-9)) {
      problems.push(
        problem(
          'weights_sum',
          { kind: 'weights', rank },
          { rank, sum: total },
          `weights of rank ${rank} sum to ${total}, not 100`,
        ),
      );
    }
    const seen = new Set<string>();
    for (const w of weights) {
      const field: PolicyField = { kind: 'weights', rank, kpi: w.kpi };
      if (!Number.isFinite(w.weight) || w.weight <= 0 || w.weight > 100) {
        problems.push(
          problem(
            'weight_range',
            field,
            { rank, kpi: w.kpi, weight: w.weight },
            `rank ${rank} weights KPI ${w.kpi} ${w.weight}, not in (0, 100]`,
          ),
        );
      }
      if (!templates.has(w.kpi)) {
        problems.push(
          problem(
            'weight_without_template',
            field,
            { rank, kpi: w.kpi },
            `rank ${rank} weights KPI ${w.kpi}, which has no template in the policy`,
          ),
        );
      }
      if (seen.has(w.kpi))
        problems.push(
          problem('weight_twice', field, { rank, kpi: w.kpi }, `rank ${rank} weights KPI ${w.kpi} twice`),
        );
      seen.add(w.kpi);
    }
  }
  for (const key of THRESHOLDS) {
    const value = policy.thresholds[key];
    const { above, max } = THRESHOLD_BOUNDS[key];
    const field: PolicyField = { kind: 'threshold', threshold: key };
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      problems.push(problem('not_a_number', field, {}, `${THRESHOLD_WORDS[key]} must be a number`));
    } else if (value <= above || value > max) {
      problems.push(
        problem(
          'range',
          field,
          { above, max, value },
          `${THRESHOLD_WORDS[key]} ${value} is outside (${above}, ${max}]`,
        ),
      );
    }
  }
  return problems;
}

/** The figure of a requirement an editor may change, with its bounds (amounts in fen). */
export const REQUIREMENT_FIGURES: Readonly<
  Record<
    Requirement['kind'],
    { field: string; min?: number; above?: number; max?: number; whole?: boolean } | null
  >
> = {
  score: { field: 'min', min: 0, max: 100 },
  kpi: { field: 'min' },
  course: null,
  mentoring: { field: 'closedDeals', min: 1, whole: true },
  experience: { field: 'months', min: 0, whole: true },
  annualSales: { field: 'min', above: 0, whole: true },
  teamSalesGrowth: { field: 'min' },
};

/**
 * A requirement as an editor drafts it: a course requirement may name any course id (the
 * schema checks it when the ladder is published; no rule here reads it).
 */
export type DraftRequirement =
  | Exclude<Requirement, { kind: 'course' }>
  | { readonly kind: 'course'; readonly courseId: string };
/** A ladder as an editor drafts it; every ladder is one. */
export type DraftLadder = Omit<Ladder, 'tracks'> & {
  readonly tracks: readonly (Omit<LadderTrack, 'levels'> & {
    readonly levels: readonly (Omit<LadderLevel, 'requirements'> & {
      readonly requirements: readonly DraftRequirement[];
    })[];
  })[];
};

function requirementIssues(
  req: DraftRequirement,
  where: { track: string; level: string; index: number },
): PolicyProblem[] {
  const figure = REQUIREMENT_FIGURES[req.kind];
  if (!figure) return [];
  const value = (req as Record<string, unknown>)[figure.field];
  const field: PolicyField = {
    kind: 'requirement',
    ...where,
    requirement: req.kind,
    ...(req.kind === 'kpi' ? { kpi: req.kpi } : {}),
  };
  const name = `${where.level} ${req.kind} ${figure.field}`;
  if (typeof value !== 'number' || !Number.isFinite(value))
    return [problem('not_a_number', field, {}, `${name} must be a number`)];
  if (figure.min !== undefined && figure.max !== undefined && (value < figure.min || value > figure.max)) {
    return [
      problem(
        'range',
        field,
        { min: figure.min, max: figure.max, value },
        `${name} ${value} is outside ${figure.min}–${figure.max}`,
      ),
    ];
  }
  if (figure.min !== undefined && value < figure.min)
    return [
      problem(
        'at_least',
        field,
        { min: figure.min, value },
        `${name} must be at least ${figure.min}, got ${value}`,
      ),
    ];
  if (figure.above !== undefined && value <= figure.above)
    return [
      problem(
        'above',
        field,
        { above: figure.above, value },
        `${name} must be above ${figure.above}, got ${value}`,
      ),
    ];
  if (figure.whole && !Number.isInteger(value))
    return [problem('whole_number', field, { value }, `${name} must be a whole number, got ${value}`)];
  return [];
}

const minimum = (reqs: readonly DraftRequirement[], kind: 'score' | 'experience'): number => {
  for (const r of reqs) {
    if (r.kind === 'score' && kind === 'score') return r.min;
    if (r.kind === 'experience' && kind === 'experience') return r.months;
  }
  return 0;
};

/**
 * A ladder is ordered when, within each track, level ids are unique, the entry level has no
 * requirements, every higher level has some, and the score and experience required never
 * decrease going up; every requirement's figure is within its bounds.
 */
export function ladderIssues(ladder: DraftLadder): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const trackIds = new Set<string>();
  for (const track of ladder.tracks) {
    if (trackIds.has(track.id))
      problems.push(
        problem('track_twice', { kind: 'track', track: track.id }, {}, `track ${track.id} is listed twice`),
      );
    trackIds.add(track.id);
    const ids = new Set<string>();
    track.levels.forEach((level, i) => {
      const field: PolicyField = { kind: 'level', track: track.id, level: level.id };
      if (ids.has(level.id))
        problems.push(problem('level_twice', field, {}, `track ${track.id} lists level ${level.id} twice`));
      ids.add(level.id);
      if (i === 0 && level.requirements.length > 0) {
        problems.push(
          problem(
            'entry_has_requirements',
            field,
            {},
            `entry level ${level.id} of track ${track.id} must have no requirements`,
          ),
        );
      }
      if (i > 0 && level.requirements.length === 0)
        problems.push(
          problem(
            'level_without_requirements',
            field,
            {},
            `level ${level.id} of track ${track.id} has no requirements`,
          ),
        );
      level.requirements.forEach((req, index) => {
        problems.push(...requirementIssues(req, { track: track.id, level: level.id, index }));
      });
      const previous = track.levels[i - 1];
      if (!previous) return;
      for (const kind of ['score', 'experience'] as const) {
        const before = minimum(previous.requirements, kind);
        const now = minimum(level.requirements, kind);
        if (now < before) {
          const index = level.requirements.findIndex((r) => r.kind === kind);
          problems.push(
            problem(
              'levels_out_of_order',
              index >= 0
                ? { kind: 'requirement', track: track.id, level: level.id, index, requirement: kind }
                : field,
              { requirement: kind, now, before, below: previous.id },
              `level ${level.id} requires ${kind} ${now}, less than ${before} for ${previous.id} below it: levels out of order`,
            ),
          );
        }
      }
    });
  }
  return problems;
}

/** Tiers start at 0 and rise strictly. */
export function commissionPlanIssues(plan: CommissionPlan): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  if (plan.tiers[0]?.from !== 0)
    problems.push(
      problem('tier_start', { kind: 'tier', index: 0 }, {}, 'the first commission tier must start at 0'),
    );
  plan.tiers.forEach((tier, i) => {
    const previous = plan.tiers[i - 1];
    if (previous && tier.from <= previous.from) {
      problems.push(
        problem(
          'tier_order',
          { kind: 'tier', index: i },
          { tier: i + 1, from: tier.from, previous: i, previousFrom: previous.from },
          `commission tier ${i + 1} starts at ${tier.from}, not above tier ${i} (${previous.from})`,
        ),
      );
    }
  });
  return problems;
}

/** One coefficient, mean and standard deviation per feature; no feature twice. */
export function retentionModelIssues(model: RetentionModel): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const n = model.features.length;
  if (new Set(model.features).size !== n)
    problems.push(problem('feature_twice', { kind: 'features' }, {}, 'a retention feature is listed twice'));
  for (const [name, list] of [
    ['coefficients', model.coefficients],
    ['means', model.means],
    ['stds', model.stds],
  ] as const) {
    if (list.length !== n) {
      problems.push(
        problem(
          'feature_lists',
          { kind: 'features' },
          { list: name, count: list.length, features: n },
          `${list.length} ${name} for ${n} features`,
        ),
      );
    }
  }
  return problems;
}

/** Where a problem of a course policy is, as the editor shows it. */
export type CoursePolicyField =
  | { readonly kind: 'course'; readonly course: string; readonly figure: 'scoreBand' | 'course' }
  | {
      readonly kind: 'rule';
      readonly rule: 'relationshipBelow' | 'basic' | 'relationship' | 'leadership' | 'kpiGap';
      /** The KPI gap rule's position, for `kpiGap`. */
      readonly index?: number;
    };
export type CoursePolicyProblemCode =
  | 'course_twice'
  | 'band_order'
  | 'bands_order'
  | 'not_in_catalogue'
  | 'kpi_gap_twice';
export type CoursePolicyProblem = {
  readonly code: CoursePolicyProblemCode;
  readonly field: CoursePolicyField;
  /** The field's path in the published document (`courses.rules.bands.basic`), for the API. */
  readonly path: string;
  readonly params: Readonly<Record<string, string | number>>;
  readonly message: string;
};

/**
 * The rules of a course policy a schema cannot express: each course once, each course's score
 * band from its minimum up to its maximum, the basics band below the relationship band, every
 * course a rule names in the catalogue, each KPI gap rule once.
 */
export function coursePolicyIssues(policy: CoursePolicy): CoursePolicyProblem[] {
  const problems: CoursePolicyProblem[] = [];
  const seen = new Set<string>();
  policy.courses.forEach((c, i) => {
    if (seen.has(c.id)) {
      problems.push({
        code: 'course_twice',
        field: { kind: 'course', course: c.id, figure: 'course' },
        path: `courses.courses.${i}.id`,
        params: { course: c.id },
        message: `course ${c.id} is listed twice`,
      });
    }
    seen.add(c.id);
    if (c.scoreBand.min > c.scoreBand.max) {
      problems.push({
        code: 'band_order',
        field: { kind: 'course', course: c.id, figure: 'scoreBand' },
        path: `courses.courses.${i}.scoreBand`,
        params: { course: c.id, min: c.scoreBand.min, max: c.scoreBand.max },
        message: `course ${c.id}: score band from ${c.scoreBand.min} up to ${c.scoreBand.max} is empty (the minimum is above the maximum)`,
      });
    }
  });
  const { bands } = policy.rules;
  if (bands.basicUpTo >= bands.relationshipBelow) {
    problems.push({
      code: 'bands_order',
      field: { kind: 'rule', rule: 'relationshipBelow' },
      path: 'courses.rules.bands.relationshipBelow',
      params: { basicUpTo: bands.basicUpTo, relationshipBelow: bands.relationshipBelow },
      message: `the leadership band starts at ${bands.relationshipBelow}, not above the basics band's top (${bands.basicUpTo})`,
    });
  }
  for (const rule of ['basic', 'relationship', 'leadership'] as const) {
    if (!seen.has(bands[rule])) {
      problems.push({
        code: 'not_in_catalogue',
        field: { kind: 'rule', rule },
        path: `courses.rules.bands.${rule}`,
        params: { course: bands[rule] },
        message: `course ${bands[rule]} of the ${rule} band is not in the catalogue`,
      });
    }
  }
  const kpis = new Set<string>();
  policy.rules.kpiGaps.forEach((gap, index) => {
    if (kpis.has(gap.kpi)) {
      problems.push({
        code: 'kpi_gap_twice',
        field: { kind: 'rule', rule: 'kpiGap', index },
        path: `courses.rules.kpiGaps.${index}.kpi`,
        params: { kpi: gap.kpi },
        message: `the KPI gap rule of ${gap.kpi} is listed twice`,
      });
    }
    kpis.add(gap.kpi);
    for (const course of gap.courses) {
      if (!seen.has(course)) {
        problems.push({
          code: 'not_in_catalogue',
          field: { kind: 'rule', rule: 'kpiGap', index },
          path: `courses.rules.kpiGaps.${index}.courses`,
          params: { course },
          message: `course ${course} of the ${gap.kpi} gap rule is not in the catalogue`,
        });
      }
    }
  });
  return problems;
}

const messages = (problems: readonly { readonly message: string }[]): string[] =>
  problems.map((p) => p.message);
/** The bounds of one figure: `min`/`max` inclusive, `above`/`below` exclusive, `whole` a whole number. */
type FigureRule = { min?: number; above?: number; max?: number; below?: number; whole?: boolean };

/**
 * One figure against its bounds: at most one problem (the first rule it breaks), pushed on
 * `problems`, named `name` in the English sentence and `field` for the editor.
 */
function checkFigure(
  problems: PolicyProblem[],
  field: PolicyField,
  name: string,
  value: number,
  rule: FigureRule,
): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push(problem('not_a_number', field, {}, `${name} must be a number`));
    return;
  }
  const max = rule.max ?? rule.below;
  if (
    rule.above !== undefined &&
    max !== undefined &&
    (value <= rule.above || value > max || (rule.below !== undefined && value >= rule.below))
  ) {
    problems.push(
      problem(
        'range',
        field,
        { above: rule.above, max, value },
        `${name} ${value} must be above ${rule.above} and ${rule.below !== undefined ? 'below' : 'at most'} ${max}`,
      ),
    );
    return;
  }
  if (rule.min !== undefined && rule.max !== undefined && (value < rule.min || value > rule.max)) {
    problems.push(
      problem(
        'range',
        field,
        { min: rule.min, max: rule.max, value },
        `${name} ${value} is outside ${rule.min}–${rule.max}`,
      ),
    );
    return;
  }
  if (rule.min !== undefined && value < rule.min) {
    problems.push(
      problem(
        'at_least',
        field,
        { min: rule.min, value },
        `${name} must be at least ${rule.min}, got ${value}`,
      ),
    );
    return;
  }
  if (rule.above !== undefined && value <= rule.above) {
    problems.push(
      problem(
        'above',
        field,
        { above: rule.above, value },
        `${name} must be above ${rule.above}, got ${value}`,
      ),
    );
    return;
  }
  if (rule.whole && !Number.isInteger(value))
    problems.push(problem('whole_number', field, { value }, `${name} must be a whole number, got ${value}`));
}

/**
 * Every figure of a target policy in its bounds: history 1–24 months, growth −100%…+500%, rank
 * factors and coefficients above 0 and at most 5, default targets and rounding whole fen,
 * extreme shares above 1 (high) and between 0 and 1 (low), warnings after 1–5 weeks behind
 * and a peer gap between 0 and 1.
 */
export function targetPolicyIssues(policy: TargetPolicy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const check = (figure: TargetFigure, value: number, rule: FigureRule, key?: string) =>
    checkFigure(
      problems,
      key === undefined ? { kind: 'target', figure } : { kind: 'target', figure, key },
      key === undefined ? figure : `${figure} of ${key}`,
      value,
      rule,
    );
  check('historyMonths', policy.historyMonths, { min: 1, max: 24, whole: true });
  check('growth', policy.growth, { min: -1, max: 5 });
  check('roundTo', policy.roundTo, { min: 1, whole: true });
  for (const [level, factor] of Object.entries(policy.rankFactors))
    check('rankFactor', factor, { above: 0, max: 5 }, level);
  for (const [level, fen] of Object.entries(policy.defaultMonthlyTarget))
    check('defaultMonthlyTarget', fen, { min: 0, whole: true }, level);
  check('extremeAbove', policy.extremeShare.above, { above: 1, max: 10 });
  check('extremeBelow', policy.extremeShare.below, { above: 0, below: 1 });
  check('weeksBehind', policy.earlyWarning.consecutiveWeeksBehind, { min: 1, max: 5, whole: true });
  check('peerGap', policy.earlyWarning.peerGap, { above: 0, below: 1 });
  for (const r of policy.coefficients.region)
    check('region', r.coefficient, { above: 0, max: 5 }, r.regionId);
  for (const m of policy.coefficients.market)
    check('market', m.coefficient, { above: 0, max: 5 }, m.branchId);
  check('productDifficulty', policy.coefficients.productDifficulty, { above: 0, max: 5 });
  return problems;
}

/** Where each probation figure lives in the document (`PublishProbationPolicy`'s paths). */
export const PROBATION_FIGURE_PATHS: Record<ProbationFigure, readonly string[]> = {
  months: ['months'],
  baseDealsPerMonth: ['baseDealsPerMonth'],
  reducedDealsPerMonth: ['reduced', 'dealsPerMonth'],
  weeklySkillGrowthAbove: ['reduced', 'weeklySkillGrowthAbove'],
  stretchDealsPerMonth: ['stretch', 'dealsPerMonth'],
  dailySalesGrowthAbove: ['stretch', 'dailySalesGrowthAbove'],
  bonus: ['stretch', 'bonus'],
};

/**
 * Every figure of a probation policy in its bounds: probation of 1–12 months, whole deals a
 * month with the base 1–100, the reduced target 1 to the base and the stretch target the base
 * to 100, growth bars above 0 and at most 100% (fractions), the bonus whole fen, at least 0.
 */
export function probationPolicyIssues(policy: ProbationPolicy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const check = (figure: ProbationFigure, value: number, rule: FigureRule) =>
    checkFigure(problems, { kind: 'probation', figure }, figure, value, rule);
  const base = policy.baseDealsPerMonth;
  check('months', policy.months, { min: 1, max: 12, whole: true });
  check('baseDealsPerMonth', base, { min: 1, max: 100, whole: true });
  const baseOk = Number.isInteger(base) && base >= 1 && base <= 100;
  check('reducedDealsPerMonth', policy.reduced.dealsPerMonth, {
    min: 1,
    max: baseOk ? base : 100,
    whole: true,
  });
  check('weeklySkillGrowthAbove', policy.reduced.weeklySkillGrowthAbove, { above: 0, max: 1 });
  check('stretchDealsPerMonth', policy.stretch.dealsPerMonth, {
    min: baseOk ? base : 1,
    max: 100,
    whole: true,
  });
  check('dailySalesGrowthAbove', policy.stretch.dailySalesGrowthAbove, { above: 0, max: 1 });
  check('bonus', policy.stretch.bonus, { min: 0, whole: true });
  return problems;
}

/** Weights of a rank must sum to exactly 100 (to 1e-9, to forgive decimal weights like 33.3 + 66.7). */
export const scoringPolicyProblems = (policy: ScoringPolicy): string[] =>
  messages(scoringPolicyIssues(policy));
export const ladderProblems = (ladder: Ladder): string[] => messages(ladderIssues(ladder));
export const commissionPlanProblems = (plan: CommissionPlan): string[] =>
  messages(commissionPlanIssues(plan));
export const retentionModelProblems = (model: RetentionModel): string[] =>
  messages(retentionModelIssues(model));
export const coursePolicyProblems = (policy: CoursePolicy): string[] => messages(coursePolicyIssues(policy));
export const targetPolicyProblems = (policy: TargetPolicy): string[] => messages(targetPolicyIssues(policy));
export const probationPolicyProblems = (policy: ProbationPolicy): string[] =>
  messages(probationPolicyIssues(policy));

/**
 * The field rules' own rules: HR administrators keep every field (they administer the rules and
 * answer a person's requests), and no role is listed twice for a field.
 */
export function fieldRulesIssues(rules: Pick<FieldRules, 'fields'>): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  for (const field of PROTECTED_FIELDS) {
    const roles = rules.fields[field] ?? [];
    const label = PROTECTED_FIELD_LABELS[field].en;
    if (!roles.includes('hr_admin'))
      problems.push(
        problem(
          'hr_admin_required',
          { kind: 'fieldRule', field },
          { field },
          `${FIELD_RULE_ROLE_LABELS.hr_admin.en}s must keep reading the ${label}`,
        ),
      );
    const seen = new Set<string>();
    for (const role of roles) {
      if (seen.has(role))
        problems.push(
          problem(
            'role_twice',
            { kind: 'fieldRule', field },
            { field, role },
            `${role} is listed twice for the ${label}`,
          ),
        );
      seen.add(role);
    }
  }
  return problems;
}
export const fieldRulesProblems = (rules: FieldRules): string[] => messages(fieldRulesIssues(rules));
