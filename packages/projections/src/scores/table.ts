import type { KpiId, PersonPeriodFacts, ScorePart } from '@trackrecord/domain';
import type { ColumnType, Insertable, Selectable } from 'kysely';
import type { Json } from '../evaluations/table.ts';

/** A `bigint` position: read back as a string, written as a number or string. */
type PositionColumn = ColumnType<string, number | string, number | string>;

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
  position: PositionColumn;
}
export type ScoreRow = Selectable<ScoresTable>;
export type NewScoreRow = Insertable<ScoresTable>;

export interface ScoresDb {
  scores: ScoresTable;
}
