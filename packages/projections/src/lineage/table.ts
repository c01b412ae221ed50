import type { ColumnType, Selectable } from 'kysely';

type BigintColumn = ColumnType<string, number | string, number | string>;

/** `read.lineage_sales`: each sale as first counted: who, which month, and where in `$all`. */
export interface LineageSalesTable {
  sale_id: string;
  employee_id: string;
  /** `YYYY-MM` of the close: the score period that counted it. */
  month: string;
  /** Amount as currently recorded (fen), after corrections. */
  amount: BigintColumn;
  /** Global position of `SaleClosed`: evidence at or after it counted the sale. */
  position: BigintColumn;
}

/** `read.lineage_decisions`: decided reviews with the position their evidence was computed at. */
export interface LineageDecisionsTable {
  review_id: string;
  employee_id: string;
  outcome: string;
  evidence_position: BigintColumn;
  position: BigintColumn;
}

/** `read.lineage_corrections`: every reversal or correction, so later decisions can be checked too. */
export interface LineageCorrectionsTable {
  event_id: string;
  sale_id: string;
  employee_id: string;
  correction: 'reversed' | 'corrected';
  sale_position: BigintColumn;
  position: BigintColumn;
}

/**
 * `read.lineage_flags`: a score, eligibility verdict or decision that counted a sale later
 * reversed or corrected, to be reviewed. Whatever was computed from `$all` at a position in
 * [`from_position`, `before_position`) included the sale as it was:
 * - `score`: the composite score of `employee_id` for month `ref`;
 * - `eligibility`: `employee_id`'s eligibility verdicts computed in that range (`ref` = employee);
 * - `decision`: review `ref`, whose evidence position lies in that range.
 */
export interface LineageFlagsTable {
  flag_id: string;
  sale_id: string;
  employee_id: string;
  correction: 'reversed' | 'corrected';
  correction_event_id: string;
  correction_position: BigintColumn;
  correction_at: string;
  reason: string;
  sale_position: BigintColumn;
  kind: 'score' | 'eligibility' | 'decision';
  ref: string;
  from_position: BigintColumn;
  before_position: BigintColumn;
  amount_before: BigintColumn;
  /** 0 for a reversal. */
  amount_after: BigintColumn;
  position: BigintColumn;
}
export type LineageFlag = Selectable<LineageFlagsTable>;

export interface LineageDb {
  lineage_sales: LineageSalesTable;
  lineage_decisions: LineageDecisionsTable;
  lineage_corrections: LineageCorrectionsTable;
  lineage_flags: LineageFlagsTable;
}
