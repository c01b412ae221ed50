import type {
  CalibrationBin,
  CandidateRecord,
  FactorContribution,
  KpiId,
  PersonPeriodFacts,
  RequirementCheck,
  RetentionFeatures,
  ScorePart,
} from '@trackrecord/domain';
import type { ColumnType, Insertable, Selectable } from 'kysely';

/** A jsonb column written as JSON text or a value and read back parsed. */
export type Json<T> = ColumnType<T, string, string>;
/** A `bigint` position: read back as a string, written as a number or string. */
type PositionColumn = ColumnType<string, number | string, number | string>;

/**
 * The facts fold's state (domain calc/factsFold.ts), stored between batches: one row per
 * person, sale and team, and one global row (clock, policies in force). Owned by the
 * `evaluations` projection; not for the API.
 */
export interface EvalPeopleStateTable {
  employee_id: string;
  team_id: string | null;
  state: Json<unknown>;
}
/** One person's facts of one month (`MonthFold`), apart so a batch writes only the months it changed. */
export interface EvalMonthsStateTable {
  employee_id: string;
  month: string;
  state: Json<unknown>;
}
export interface EvalSalesStateTable {
  sale_id: string;
  state: Json<unknown>;
}
export interface EvalTeamStateTable {
  team_id: string;
  state: Json<unknown>;
}
export interface EvalGlobalStateTable {
  id: number;
  state: Json<unknown>;
}

export interface EvaluationsStateDb {
  eval_people_state: EvalPeopleStateTable;
  eval_months_state: EvalMonthsStateTable;
  eval_sales_state: EvalSalesStateTable;
  eval_team_state: EvalTeamStateTable;
  eval_global_state: EvalGlobalStateTable;
}

// ——— what the projection writes from the fold: scores, eligibility, retention risk ———

/**
 * `read.scores`: the composite score of one person and calendar month with its full breakdown
 * (`compositeScore` of the domain over the month's `PersonPeriodFacts`), the scoring policy it
 * was computed under (published in the stream, or the demo default) and the global position of
 * the last event it rests on.
 */
export interface ScoresTable {
  employee_id: string;
  /** `YYYY-MM`. */
  month: string;
  /** The ladder level the month is scored at (held on its first day). */
  rank: string;
  /** 0–100, 2 decimals. */
  score: number;
  /** Each weighted KPI: raw value and formula, normalised points, weight, points. */
  parts: Json<ScorePart[]>;
  formula: string;
  /** The month's facts the score was computed from. */
  inputs: Json<PersonPeriodFacts>;
  /** KPIs the facts could not define (they scored 0). */
  missing: Json<KpiId[]>;
  policy_id: string;
  policy_version: number;
  policy_source: 'published' | 'default';
  /** The branch whose variant of the scoring policy scored it; null for the headquarters default. */
  policy_branch_id: string | null;
  position: PositionColumn;
}
export type ScoreRow = Selectable<ScoresTable>;
export type NewScoreRow = Insertable<ScoresTable>;

export interface ScoresDb {
  scores: ScoresTable;
}

/**
 * `read.eligibility`: per active person and next level (one per continuing track of the
 * ladder), the verdict with every requirement met or unmet, its gap and growth task in English
 * and Chinese; the candidate record it was judged on, the ladder version, and the position.
 */
export interface EligibilityTable {
  employee_id: string;
  track: string;
  from_level: string;
  to_level: string;
  eligible: boolean;
  /** Requirements met, and all of them. */
  met: number;
  required: number;
  /** `RequirementCheck[]`: requirement, met, actual value, text and task (bilingual). */
  checks: Json<RequirementCheck[]>;
  summary_en: string;
  summary_zh: string;
  candidate: Json<CandidateRecord>;
  /** `YYYY-MM`: the latest month ended when it was judged, whose score and KPIs count. */
  evaluated_month: string;
  ladder_id: string;
  ladder_version: number;
  ladder_source: 'published' | 'default';
  /** The branch whose variant of the ladder judged it; null for the headquarters default. */
  ladder_branch_id: string | null;
  position: PositionColumn;
}
export type EligibilityRow = Selectable<EligibilityTable>;
export type NewEligibilityRow = Insertable<EligibilityTable>;

export interface EligibilityDb {
  eligibility: EligibilityTable;
}

/**
 * `read.retention_risk`: per active person, the risk of leaving as of the latest week, from
 * the published retention model (probability, factor contributions in log-odds) or, before
 * one is published, the cold-start rules (signals met); its band and the model version.
 */
export interface RetentionRiskTable {
  employee_id: string;
  method: 'model' | 'coldStart';
  /** Probability of leaving within the model's horizon; null under the cold-start rules. */
  risk: number | null;
  flagged: boolean;
  band: 'low' | 'medium' | 'high';
  threshold: number | null;
  /** Sorted by absolute contribution, largest first (empty under the cold-start rules). */
  contributions: Json<FactorContribution[]>;
  /** The cold-start rules' signals with texts (empty under a model). */
  signals: Json<{ rule: string; met: boolean; text: { en: string; zh: string } }[]>;
  features: Json<RetentionFeatures>;
  formula: string;
  model_id: string | null;
  model_version: number | null;
  model_source: 'published' | 'default';
  /** Monday of the week the features are as of, ISO date. */
  week_start: string;
  position: PositionColumn;
}
export type RetentionRiskRow = Selectable<RetentionRiskTable>;
export type NewRetentionRiskRow = Insertable<RetentionRiskTable>;

/** `read.retention_model_quality`: the figures published with each retention model version. */
export interface RetentionModelQualityTable {
  model_id: string;
  model_version: number;
  horizon_weeks: number;
  threshold: number;
  features: Json<string[]>;
  /** Area under the ROC curve on the held-out people; null when published without metrics. */
  auc: number | null;
  precision_at_threshold: number | null;
  recall_at_threshold: number | null;
  positive_rate: number | null;
  train_rows: number | null;
  test_rows: number | null;
  calibration: Json<CalibrationBin[]> | null;
  position: PositionColumn;
}
export type RetentionModelQualityRow = Selectable<RetentionModelQualityTable>;

/**
 * `read.retention_predictions`: each active person's risk under the published retention model
 * as of the end of every week (the flag history): a row per person, week and model version.
 */
export interface RetentionPredictionsTable {
  employee_id: string;
  /** Monday of the week the features are as of (its end), ISO date. */
  week_start: string;
  model_id: string;
  model_version: number;
  risk: number;
  flagged: boolean;
  threshold: number;
  /** The model's horizon: a prediction comes true when the person leaves within it. */
  horizon_days: number;
  position: PositionColumn;
}
export type RetentionPredictionRow = Selectable<RetentionPredictionsTable>;

export interface RetentionDb {
  retention_risk: RetentionRiskTable;
  retention_predictions: RetentionPredictionsTable;
  retention_model_quality: RetentionModelQualityTable;
}
