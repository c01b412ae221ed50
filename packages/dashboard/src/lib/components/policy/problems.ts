import {
  commissionPlanIssues,
  ladderIssues,
  type PolicyField,
  type PolicyProblem,
  scoringPolicyIssues,
} from '@trackrecord/domain/policy/validate';
import { formatNumber, label, type MessageKey, t } from '$lib/i18n.svelte.ts';
import { unitName } from '$lib/names.svelte.ts';
import {
  type CommissionDocument,
  commissionInput,
  domainLadder,
  type LadderDocument,
  type ScoringDocument,
} from './drafts.ts';

/**
 * The policy rules of the domain (packages/domain/src/policy/validate.ts) run on the editor's
 * draft, each problem said in the page's language next to its field, naming the field as the
 * editor shows it ("Sales Supervisor · minimum closed deals must be at least 1").
 */
export type { PolicyProblem };

/** Every problem of the drafts (the same rules the API applies when publishing). */
export function draftIssues(
  scoring: ScoringDocument | null,
  ladder: LadderDocument | null,
  commission: CommissionDocument | null = null,
): PolicyProblem[] {
  return [
    ...(scoring ? scoringPolicyIssues(scoring) : []),
    ...(ladder ? ladderIssues(domainLadder(ladder)) : []),
    // The rules read the tiers only.
    ...(commission
      ? commissionPlanIssues({
          ...commissionInput(commission, commission.version),
          effectiveFrom: undefined,
          description: undefined,
        })
      : []),
  ];
}

/** A stable key of a field, to put a problem next to the input it is about. */
export function fieldKey(field: PolicyField): string {
  switch (field.kind) {
    case 'threshold':
      return `threshold:${field.threshold}`;
    case 'weights':
      return field.kpi ? `weight:${field.rank}:${field.kpi}` : `weights:${field.rank}`;
    case 'kpis':
      return `kpi:${field.kpi}`;
    case 'track':
      return `track:${field.track}`;
    case 'level':
      return `level:${field.track}:${field.level}`;
    case 'requirement':
      return `requirement:${field.track}:${field.level}:${field.index}`;
    case 'tier':
      return `tier:${field.index}`;
    case 'features':
      return 'features';
    case 'target':
      return field.key === undefined ? `target:${field.figure}` : `target:${field.figure}:${field.key}`;
    case 'probation':
      return `probation:${field.figure}`;
    case 'fieldRule':
      return `fieldRule:${field.field}`;
  }
}

export interface Names {
  kpi(id: string): string;
  level(track: string, level: string): string;
  track(id: string): string;
}

/** The figure a requirement sets, as the editor labels it. */
export function requirementFigure(kind: string, kpi: string | undefined, names: Names): string {
  const figure = t(`policyField.${kind}` as MessageKey);
  return kind === 'kpi' && kpi ? `${names.kpi(kpi)} ${figure}` : figure;
}

/** The field as a person knows it: "Sales Supervisor · minimum closed deals". */
export function fieldName(field: PolicyField, names: Names): string {
  switch (field.kind) {
    case 'threshold':
      return t(`policy.threshold.${field.threshold}` as MessageKey);
    case 'weights':
      return field.kpi
        ? `${label('level', field.rank)} · ${names.kpi(field.kpi)} ${t('policyField.weight')}`
        : `${label('level', field.rank)} · ${t('policyField.weights')}`;
    case 'kpis':
      return names.kpi(field.kpi);
    case 'track':
      return names.track(field.track);
    case 'level':
      return names.level(field.track, field.level);
    case 'requirement':
      return `${names.level(field.track, field.level)} · ${requirementFigure(field.requirement, field.kpi, names)}`;
    case 'tier':
      return t('policyField.tier', { n: field.index + 1 });
    case 'features':
      return t('policyField.features');
    case 'target':
      return targetFigureName(field.figure, field.key);
    case 'probation':
      return t(`probationPolicy.${field.figure}`);
    case 'fieldRule':
      return t(`fieldRules.field.${field.field}`);
  }
}

const TARGET_FIGURES: Record<string, MessageKey> = {
  historyMonths: 'targetPolicy.historyMonths',
  growth: 'targetPolicy.growth',
  roundTo: 'targetPolicy.roundTo',
  rankFactor: 'targetPolicy.rankFactor',
  defaultMonthlyTarget: 'targetPolicy.defaultMonthlyTarget',
  extremeAbove: 'targetPolicy.extremeAbove',
  extremeBelow: 'targetPolicy.extremeBelow',
  weeksBehind: 'targetPolicy.weeksBehind',
  peerGap: 'targetPolicy.peerGap',
  region: 'targetPolicy.region',
  market: 'targetPolicy.market',
  productDifficulty: 'targetPolicy.productDifficulty',
};
/** A target policy figure as the editor labels it: "Sales Supervisor · level factor". */
export function targetFigureName(figure: string, key?: string): string {
  const name = t(TARGET_FIGURES[figure] ?? 'targetPolicy.growth');
  if (key === undefined) return name;
  const of =
    figure === 'region'
      ? unitName(key, 'region')
      : figure === 'market'
        ? unitName(key, 'branch')
        : label('level', key);
  return `${of} · ${name}`;
}

const MESSAGE: Record<PolicyProblem['code'], MessageKey> = {
  kpi_twice: 'policyProblem.twice',
  track_twice: 'policyProblem.twice',
  level_twice: 'policyProblem.twice',
  feature_twice: 'policyProblem.twice',
  weights_sum: 'policyProblem.weights_sum',
  weight_range: 'policyProblem.weight_range',
  weight_without_template: 'policyProblem.weight_without_template',
  weight_twice: 'policyProblem.weight_twice',
  not_a_number: 'policyProblem.not_a_number',
  range: 'policyProblem.range',
  at_least: 'policyProblem.at_least',
  above: 'policyProblem.above',
  whole_number: 'policyProblem.whole_number',
  entry_has_requirements: 'policyProblem.entry_has_requirements',
  level_without_requirements: 'policyProblem.level_without_requirements',
  levels_out_of_order: 'policyProblem.levels_out_of_order',
  tier_start: 'policyProblem.tier_start',
  tier_order: 'policyProblem.tier_order',
  feature_lists: 'policyProblem.feature_lists',
  hr_admin_required: 'policyProblem.hr_admin_required',
  role_twice: 'policyProblem.role_twice',
};

/** One problem as a sentence in the page's language, starting with the field's name. */
export function describeProblem(problem: PolicyProblem, names: Names, yuan = false): string {
  const field = fieldName(problem.field, names);
  const params: Record<string, string | number> = { field };
  const amount = (v: number) => formatNumber(yuan ? v / 100 : v, { maximumFractionDigits: 4 });
  for (const [key, value] of Object.entries(problem.params)) {
    params[key] = typeof value === 'number' ? amount(value) : value;
  }
  if (problem.code === 'levels_out_of_order' && typeof problem.params.below === 'string') {
    const track =
      problem.field.kind === 'requirement' || problem.field.kind === 'level' ? problem.field.track : '';
    params.below = names.level(track, problem.params.below);
  }
  if (problem.code === 'range' && 'above' in problem.params) return t('policyProblem.rangeAbove', params);
  return t(MESSAGE[problem.code], params);
}
