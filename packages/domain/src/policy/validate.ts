import type { CommissionPlan } from './commission.ts';
import type { Ladder, Requirement } from './ladder.ts';
import type { RetentionModel } from './retention.ts';
import type { ScoringPolicy } from './scoring.ts';

/**
 * Cross-field rules of policy documents that a schema cannot express. Each returns the list of
 * problems, each naming what is wrong; an empty list means the document is valid.
 */

/** Weights of a rank must sum to exactly 100 (to 1e-9, to forgive decimal weights like 33.3 + 66.7). */
export function scoringPolicyProblems(policy: ScoringPolicy): string[] {
  const problems: string[] = [];
  const templates = new Set(policy.kpis.map((k) => k.kpi));
  if (templates.size !== policy.kpis.length) problems.push('a KPI template is listed twice');
  for (const [rank, weights] of Object.entries(policy.weightsByRank)) {
    const total = weights.reduce((sum, w) => sum + w.weight, 0);
    if (Math.abs(total - 100) > 1e-9) problems.push(`weights of rank ${rank} sum to ${total}, not 100`);
    const seen = new Set<string>();
    for (const w of weights) {
      if (!templates.has(w.kpi))
        problems.push(`rank ${rank} weights KPI ${w.kpi}, which has no template in the policy`);
      if (seen.has(w.kpi)) problems.push(`rank ${rank} weights KPI ${w.kpi} twice`);
      seen.add(w.kpi);
    }
  }
  const { thresholds } = policy;
  if (thresholds.score <= 0 || thresholds.score > 100)
    problems.push(`score threshold ${thresholds.score} is outside 0–100`);
  if (thresholds.salesCompletionRate <= 0)
    problems.push(`completion threshold ${thresholds.salesCompletionRate} must be above 0`);
  if (thresholds.collectionRate <= 0 || thresholds.collectionRate > 1) {
    problems.push(`collection threshold ${thresholds.collectionRate} is outside (0, 1]`);
  }
  return problems;
}

const minimum = (reqs: readonly Requirement[], kind: 'score' | 'experience'): number => {
  for (const r of reqs) {
    if (r.kind === 'score' && kind === 'score') return r.min;
    if (r.kind === 'experience' && kind === 'experience') return r.months;
  }
  return 0;
};

/**
 * A ladder is ordered when, within each track, level ids are unique, the entry level has no
 * requirements, every higher level has some, and the score and experience required never
 * decrease going up.
 */
export function ladderProblems(ladder: Ladder): string[] {
  const problems: string[] = [];
  const trackIds = new Set<string>();
  for (const track of ladder.tracks) {
    if (trackIds.has(track.id)) problems.push(`track ${track.id} is listed twice`);
    trackIds.add(track.id);
    const ids = new Set<string>();
    track.levels.forEach((level, i) => {
      if (ids.has(level.id)) problems.push(`track ${track.id} lists level ${level.id} twice`);
      ids.add(level.id);
      if (i === 0 && level.requirements.length > 0)
        problems.push(`entry level ${level.id} of track ${track.id} must have no requirements`);
      if (i > 0 && level.requirements.length === 0)
        problems.push(`level ${level.id} of track ${track.id} has no requirements`);
      const previous = track.levels[i - 1];
      if (!previous) return;
      for (const kind of ['score', 'experience'] as const) {
        const before = minimum(previous.requirements, kind);
        const now = minimum(level.requirements, kind);
        if (now < before) {
          problems.push(
            `level ${level.id} requires ${kind} ${now}, less than ${before} for ${previous.id} below it: levels out of order`,
          );
        }
      }
    });
  }
  return problems;
}

/** Tiers start at 0 and rise strictly. */
export function commissionPlanProblems(plan: CommissionPlan): string[] {
  const problems: string[] = [];
  if (plan.tiers[0]?.from !== 0) problems.push('the first commission tier must start at 0');
  plan.tiers.forEach((tier, i) => {
    const previous = plan.tiers[i - 1];
    if (previous && tier.from <= previous.from) {
      problems.push(
        `commission tier ${i + 1} starts at ${tier.from}, not above tier ${i} (${previous.from})`,
      );
    }
  });
  return problems;
}

/** One coefficient, mean and standard deviation per feature; no feature twice. */
export function retentionModelProblems(model: RetentionModel): string[] {
  const problems: string[] = [];
  const n = model.features.length;
  if (new Set(model.features).size !== n) problems.push('a retention feature is listed twice');
  for (const [name, list] of [
    ['coefficients', model.coefficients],
    ['means', model.means],
    ['stds', model.stds],
  ] as const) {
    if (list.length !== n) problems.push(`${list.length} ${name} for ${n} features`);
  }
  return problems;
}
