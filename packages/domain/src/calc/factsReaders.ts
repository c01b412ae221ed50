import {
  addMonths,
  daysBetween,
  daysInMonth,
  monthEnd,
  monthStart,
  weekOf,
  weekStartOf,
} from '../core/calendar.ts';
import { KPI_IDS, type KpiId } from '../policy/kpi.ts';
import { DEFAULT_LADDER, type Ladder, type LevelId } from '../policy/ladder.ts';
import type { RetentionModel } from '../policy/retention.ts';
import { DEFAULT_SCORING_POLICY, type ScoringPolicy } from '../policy/scoring.ts';
import { type CandidateRecord, type EligibilityVerdict, eligibility } from './eligibility.ts';
import { emptyFacts, WEEKS_PER_MONTH } from './facts.ts';
import {
  branchOn,
  evaluatedMonth,
  type FactsState,
  type MonthFold,
  type PersonFold,
  type PolicySource,
  type Position,
  scoringInForce,
} from './factsFold.ts';
import { rawKpiValue } from './kpi.ts';
import { type RetentionFeatures, type RetentionRisk, retentionRisk } from './retention.ts';
import { retentionFeaturesOf } from './retentionFeatures.ts';
import { compositeScore, compositeScoreValue, type ScoreBreakdown } from './score.ts';

/**
 * What the facts fold's state (`factsFold.ts`) says: the composite score of a person's month,
 * their eligibility for the next levels and their retention risk, as of the fold's clock. Pure
 * functions of the state; they change no state, so snapshots of the fold do not depend on them.
 *
 * Definitions (where the calc types leave a choice):
 * - **Rank of a period**: the level held on the period's first day (the hire level when hired
 *   during it).
 * - **Evaluated period** of eligibility (`evaluatedMonth`): experience counts to that month's
 *   end; annual sales are the 12 months ending with it; team sales growth compares the team's
 *   sales of the 3 months ending with it with the same 3 months a year earlier.
 * - **Retention week**: features as of the clock's week.
 */

const maxPos = (...ps: Position[]): Position => ps.reduce((a, b) => (BigInt(b) > BigInt(a) ? b : a), '0');

/** The level a person held on `date` (their first level when hired after it); null if never hired. */
export function levelOn(p: PersonFold, date: string): LevelId | null {
  let level: LevelId | null = p.levels[0]?.level ?? null;
  for (const l of p.levels) if (l.from <= date) level = l.level;
  return level;
}

/** The rank a period is scored at: the level held on its first day. */
export const rankOfMonth = (p: PersonFold, m: string): LevelId | null => levelOn(p, monthStart(m));

/** The scoring policy a period was stamped with. */
export function scoringPolicyOf(state: FactsState, mf: MonthFold): ScoringPolicy {
  if (mf.policySource === 'default') return DEFAULT_SCORING_POLICY;
  const doc = state.global.scoringVersions[`${mf.policy.id}@${mf.policy.version}`];
  if (!doc) throw new Error(`scoring policy ${mf.policy.id} v${mf.policy.version} is not in the fold`);
  return doc;
}

export type ScoreResult = {
  readonly personId: string;
  readonly month: string;
  readonly rank: LevelId;
  readonly breakdown: ScoreBreakdown;
  readonly policySource: PolicySource;
  /** The branch whose variant the month was scored under; null for the headquarters default. */
  readonly policyBranchId: string | null;
  readonly position: Position;
};

/** The composite score of one person and month; null for no facts, no hire, or a rank the policy does not weigh. */
export function scoreOf(state: FactsState, personId: string, m: string): ScoreResult | null {
  const p = state.people[personId];
  const mf = p?.months[m];
  if (!p || !mf || !p.hired) return null;
  const rank = rankOfMonth(p, m);
  const policy = scoringPolicyOf(state, mf);
  if (!rank || !policy.weightsByRank[rank]) return null;
  return {
    personId,
    month: m,
    rank,
    breakdown: compositeScore(mf.facts, rank, policy),
    policySource: mf.policySource,
    policyBranchId: mf.policyBranchId ?? null,
    position: mf.position,
  };
}

/**
 * The ladder in force for a branch's people: the branch's variant, else the last headquarters
 * ladder published, else the demo default. `branchId` null (or left out): headquarters.
 */
export const ladderInForce = (
  state: FactsState,
  branchId: string | null = null,
): { ladder: Ladder; source: PolicySource; position: Position; branchId: string | null } => {
  const variant = branchId === null ? undefined : state.global.branchLadder[branchId];
  if (variant) return { ladder: variant.doc, source: 'published', position: variant.position, branchId };
  return state.global.ladder
    ? {
        ladder: state.global.ladder.doc,
        source: 'published',
        position: state.global.ladder.position,
        branchId: null,
      }
    : { ladder: DEFAULT_LADDER, source: 'default', position: '0', branchId: null };
};

/** The branch a person's eligibility is judged for: the one held at the evaluated month's end. */
export function eligibilityBranchOf(state: FactsState, personId: string): string | null {
  const p = state.people[personId];
  const clock = state.global.clock;
  if (!p || clock === null) return null;
  return branchOn(p, monthEnd(evaluatedMonth(clock)));
}

const ALL_KPIS: readonly KpiId[] = KPI_IDS;

/** What is known about a candidate as of the clock (see the module comment); null if not an active hire or no clock. */
export function candidateRecord(
  state: FactsState,
  personId: string,
): { record: CandidateRecord; month: string } | null {
  const p = state.people[personId];
  const clock = state.global.clock;
  if (!p?.hired || !p.active || clock === null || p.levels.length === 0) return null;
  const m = evaluatedMonth(clock);
  const end = monthEnd(m);
  const currentLevel = levelOn(p, '9999-12-31') as LevelId;
  const mf = p.months[m];
  const rank = rankOfMonth(p, m) ?? currentLevel;
  const facts = mf?.facts ?? emptyFacts(personId, monthStart(m), end, daysInMonth(m) / 7);
  const policy = mf
    ? scoringPolicyOf(state, mf)
    : scoringInForce(state.global, branchOn(p, monthStart(m))).policy;
  const score = policy.weightsByRank[rank] ? compositeScoreValue(facts, rank, policy) : 0;
  const kpis: Partial<Record<KpiId, number | null>> = {};
  for (const k of ALL_KPIS) kpis[k] = rawKpiValue(k, facts);
  let annualSales = 0;
  for (let i = 0; i < 12; i++) annualSales += p.months[addMonths(m, -i)]?.facts.salesAmount ?? 0;
  let teamSalesGrowth: number | null = null;
  const team = p.teamId ? state.teams[p.teamId] : undefined;
  if (team) {
    let now = 0;
    let before = 0;
    for (let i = 0; i < 3; i++) {
      now += team.months[addMonths(m, -i)] ?? 0;
      before += team.months[addMonths(m, -12 - i)] ?? 0;
    }
    teamSalesGrowth = before > 0 ? now / before - 1 : null;
  }
  const experienceDays = p.hiredAt ? Math.max(0, daysBetween(p.hiredAt, end) + 1) : 0;
  return {
    month: m,
    record: {
      personId,
      currentLevel,
      score,
      kpis,
      completedCourses: [...p.completedCourses],
      menteeClosedDeals: p.menteeClosedDeals,
      experienceMonths: experienceDays / (7 * WEEKS_PER_MONTH),
      annualSales,
      teamSalesGrowth,
    },
  };
}

export type EligibilityResult = {
  readonly personId: string;
  /** The evaluated month (YYYY-MM) the performance figures come from. */
  readonly month: string;
  readonly candidate: CandidateRecord;
  readonly verdicts: readonly EligibilityVerdict[];
  readonly ladderSource: PolicySource;
  /** The branch whose variant of the ladder judged it; null for the headquarters default. */
  readonly ladderBranchId: string | null;
  readonly position: Position;
};

/**
 * What a person's eligibility rests on, as of the clock: the candidate record and its month, the
 * ladder in force and the position. The verdicts (`eligibilityOf`) are a function of these, so
 * a projection can compare them with what it stored and judge again only when they differ.
 */
export type EligibilityInputs = {
  readonly personId: string;
  readonly month: string;
  readonly candidate: CandidateRecord;
  readonly ladder: Ladder;
  readonly ladderSource: PolicySource;
  readonly ladderBranchId: string | null;
  readonly position: Position;
};

/** The inputs of a person's eligibility; null when there is no candidate. */
export function eligibilityInputsOf(state: FactsState, personId: string): EligibilityInputs | null {
  const c = candidateRecord(state, personId);
  if (!c) return null;
  const p = state.people[personId] as PersonFold;
  const branch = eligibilityBranchOf(state, personId);
  const { ladder, source, position, branchId } = ladderInForce(state, branch);
  const team = p.teamId ? state.teams[p.teamId] : undefined;
  return {
    personId,
    month: c.month,
    candidate: c.record,
    ladder,
    ladderSource: source,
    ladderBranchId: branchId,
    position: maxPos(
      p.eligibilityPosition,
      team?.eligibilityPosition ?? '0',
      state.global.evaluatedMonthPosition,
      position,
      state.global.scoring?.position ?? '0',
      branch === null ? '0' : (state.global.branchPosition[branch] ?? '0'),
    ),
  };
}

/** The verdicts of eligibility inputs. */
export function eligibilityFromInputs(inputs: EligibilityInputs): EligibilityResult {
  return {
    personId: inputs.personId,
    month: inputs.month,
    candidate: inputs.candidate,
    verdicts: eligibility(inputs.candidate, inputs.ladder),
    ladderSource: inputs.ladderSource,
    ladderBranchId: inputs.ladderBranchId,
    position: inputs.position,
  };
}

/** Eligibility for every next level, as of the clock; null when there is no candidate. */
export function eligibilityOf(state: FactsState, personId: string): EligibilityResult | null {
  const inputs = eligibilityInputsOf(state, personId);
  return inputs ? eligibilityFromInputs(inputs) : null;
}

export type RiskBand = 'low' | 'medium' | 'high';

/** High at the alert threshold (≥ 2 signals cold-start), medium from half of it (1 signal), else low. */
export function riskBand(risk: RetentionRisk): RiskBand {
  if (risk.method === 'model')
    return risk.risk >= risk.threshold ? 'high' : risk.risk >= risk.threshold / 2 ? 'medium' : 'low';
  const met = risk.signals.filter((s) => s.met).length;
  return met >= 2 ? 'high' : met === 1 ? 'medium' : 'low';
}

export type RetentionResult = {
  readonly personId: string;
  readonly week: number;
  /** Monday of the week, ISO date. */
  readonly weekStart: string;
  readonly features: RetentionFeatures;
  readonly risk: RetentionRisk;
  readonly band: RiskBand;
  readonly modelSource: PolicySource;
  readonly position: Position;
};

/**
 * What a person's retention risk rests on, as of the clock's week: the features, the model in
 * force and the position. The risk (`retentionOf`) is a function of these.
 */
export type RetentionInputs = {
  readonly personId: string;
  readonly week: number;
  /** Monday of the week, ISO date. */
  readonly weekStart: string;
  readonly features: RetentionFeatures;
  readonly model: RetentionModel | null;
  readonly modelSource: PolicySource;
  readonly position: Position;
};

/** The inputs of a person's retention risk; null for people not active or without a clock. */
export function retentionInputsOf(state: FactsState, personId: string): RetentionInputs | null {
  const p = state.people[personId];
  const clock = state.global.clock;
  if (!p?.hired || !p.active || !p.retention || clock === null) return null;
  const week = weekOf(clock);
  const model = state.global.retentionModel;
  return {
    personId,
    week,
    weekStart: weekStartOf(week),
    features: retentionFeaturesOf(p.retention, week),
    model: model?.doc ?? null,
    modelSource: model ? 'published' : 'default',
    position: maxPos(p.position, state.global.weekPosition, model?.position ?? '0'),
  };
}

/** The risk of retention inputs. */
export function retentionFromInputs(inputs: RetentionInputs): RetentionResult {
  const risk = retentionRisk(inputs.model, inputs.features);
  return {
    personId: inputs.personId,
    week: inputs.week,
    weekStart: inputs.weekStart,
    features: inputs.features,
    risk,
    band: riskBand(risk),
    modelSource: inputs.modelSource,
    position: inputs.position,
  };
}

/** Retention risk as of the clock's week; null for people not active or without a clock. */
export function retentionOf(state: FactsState, personId: string): RetentionResult | null {
  const inputs = retentionInputsOf(state, personId);
  return inputs ? retentionFromInputs(inputs) : null;
}
