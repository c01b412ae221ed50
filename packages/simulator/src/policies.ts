import {
  type CommissionPlan,
  commissionPlanExample,
  DEFAULT_COMMISSION_PLAN,
  DEFAULT_FIELD_RULES,
  DEFAULT_LADDER,
  DEFAULT_PROBATION_POLICY,
  DEFAULT_SCORING_POLICY,
  DEFAULT_TARGET_POLICY,
  type FieldRules,
  type Ladder,
  type ProbationPolicy,
  type ScoringPolicy,
  type TargetPolicy,
} from '@trackrecord/domain';

/** Policies the simulated company runs under. */
export type SimulationPolicies = {
  readonly scoring: ScoringPolicy;
  readonly ladder: Ladder;
  readonly targets: TargetPolicy;
  readonly probation: ProbationPolicy;
  readonly commission: CommissionPlan;
  readonly fieldRules: FieldRules;
};

export const DEFAULT_SIMULATION_POLICIES: SimulationPolicies = {
  scoring: DEFAULT_SCORING_POLICY,
  ladder: DEFAULT_LADDER,
  targets: DEFAULT_TARGET_POLICY,
  probation: DEFAULT_PROBATION_POLICY,
  commission: withExample(DEFAULT_COMMISSION_PLAN),
  fieldRules: DEFAULT_FIELD_RULES,
};

/**
 * The revision HR publishes halfway through the simulation: the representatives' scoring puts
 * 5 more points on collection (回款) and 5 fewer on follow-ups; the commission plan pays 10%
 * more in its upper tiers.
 */
export function revisedPolicies(p: SimulationPolicies): Pick<SimulationPolicies, 'scoring' | 'commission'> {
  const reps = p.scoring.weightsByRank.sales_representative;
  const shiftable =
    reps.some((w) => w.kpi === 'customerFollowUps' && w.weight >= 5) &&
    reps.some((w) => w.kpi === 'collectionRate');
  const shifted = shiftable
    ? reps.map((w) =>
        w.kpi === 'customerFollowUps'
          ? { ...w, weight: w.weight - 5 }
          : w.kpi === 'collectionRate'
            ? { ...w, weight: w.weight + 5 }
            : w,
      )
    : reps;
  return {
    scoring: {
      ...p.scoring,
      version: p.scoring.version + 1,
      weightsByRank: { ...p.scoring.weightsByRank, sales_representative: shifted },
    },
    commission: withExample({
      ...p.commission,
      version: p.commission.version + 1,
      tiers: p.commission.tiers.map((t, i) =>
        i === 0 ? t : { ...t, rate: Math.round(t.rate * 1.1 * 1000) / 1000 },
      ),
    }),
  };
}

/** The plan with its description: a worked example computed from its own tiers. */
function withExample(plan: CommissionPlan): CommissionPlan {
  return { ...plan, description: commissionPlanExample(plan) };
}

/** Who publishes policies and chairs the promotion committee in the simulated company (ids, not employees). */
export const SIMULATED_HR = 'hr-office';
export const SIMULATED_COMMITTEE_CHAIR = 'hr-promotion-committee';
