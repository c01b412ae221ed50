import type { ColumnType } from 'kysely';

/** A jsonb column written as JSON text or a value and read back parsed. */
export type Json<T> = ColumnType<T, string, string>;

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
