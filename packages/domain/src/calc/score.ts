import { validation } from '../core/errors.ts';
import { type PolicyRef, policyRef } from '../policy/common.ts';
import type { KpiId } from '../policy/kpi.ts';
import type { LevelId } from '../policy/ladder.ts';
import type { ScoringPolicy } from '../policy/scoring.ts';
import type { PersonPeriodFacts } from './facts.ts';
import { num, round } from './format.ts';
import { type KpiValue, kpiValue, normalise, rawKpiValue } from './kpi.ts';

/** One weighted part of a composite score: `points = normalised × weight ÷ 100`. */
export type ScorePart = KpiValue & { readonly weight: number; readonly points: number };

/** The composite performance score of one person and period, with everything that produced it. */
export type ScoreBreakdown = {
  readonly personId: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly rank: LevelId;
  readonly policy: PolicyRef;
  readonly inputs: PersonPeriodFacts;
  readonly parts: readonly ScorePart[];
  /** 0–100, rounded to 2 decimals. */
  readonly score: number;
  readonly formula: string;
  /** KPIs the facts could not define; they scored 0 points. */
  readonly missing: readonly KpiId[];
};

/**
 * The composite score alone, without the breakdown's texts: the same arithmetic as
 * `compositeScore`, for bulk use (simulation, what-if over the whole history).
 */
export function compositeScoreValue(facts: PersonPeriodFacts, rank: LevelId, policy: ScoringPolicy): number {
  let total = 0;
  for (const { kpi, weight } of policy.weightsByRank[rank]) {
    const template = policy.kpis.find((k) => k.kpi === kpi);
    if (!template) {
      throw validation(
        `scoring policy ${policy.id} v${policy.version} weights KPI ${kpi} without a template`,
      );
    }
    const raw = rawKpiValue(kpi, facts);
    total += raw === null ? 0 : (normalise(raw, template.normalisation) * weight) / 100;
  }
  return round(total, 2);
}

/** All KPI values of the policy's templates for one person and period. */
export function kpiValues(facts: PersonPeriodFacts, policy: ScoringPolicy): KpiValue[] {
  return policy.kpis.map((template) => kpiValue(template, facts));
}

/**
 * Composite score for a person at `rank`: `Σ weight_k × normalised_k ÷ 100` over the rank's
 * weights in the scoring policy (weights sum to 100, so the score is within 0–100).
 */
export function compositeScore(
  facts: PersonPeriodFacts,
  rank: LevelId,
  policy: ScoringPolicy,
): ScoreBreakdown {
  const weights = policy.weightsByRank[rank];
  const parts: ScorePart[] = weights.map(({ kpi, weight }) => {
    const template = policy.kpis.find((k) => k.kpi === kpi);
    if (!template) {
      throw validation(
        `scoring policy ${policy.id} v${policy.version} weights KPI ${kpi} without a template`,
      );
    }
    const value = kpiValue(template, facts);
    return { ...value, weight, points: (value.normalised * weight) / 100 };
  });
  const score = round(
    parts.reduce((sum, p) => sum + p.points, 0),
    2,
  );
  const formula = `score = Σ weight × points ÷ 100 = ${parts
    .map((p) => `${num(p.weight)}% × ${num(p.normalised, 2)}`)
    .join(' + ')} = ${num(score, 2)}`;
  return {
    personId: facts.personId,
    periodStart: facts.periodStart,
    periodEnd: facts.periodEnd,
    rank,
    policy: policyRef(policy),
    inputs: facts,
    parts,
    score,
    formula,
    missing: parts.filter((p) => p.missing).map((p) => p.kpi),
  };
}
