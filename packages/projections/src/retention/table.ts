import type { CalibrationBin, FactorContribution, RetentionFeatures } from '@trackrecord/domain';
import type { ColumnType, Insertable, Selectable } from 'kysely';
import type { Json } from '../evaluations/table.ts';

type PositionColumn = ColumnType<string, number | string, number | string>;

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

export interface RetentionDb {
  retention_risk: RetentionRiskTable;
  retention_model_quality: RetentionModelQualityTable;
}
