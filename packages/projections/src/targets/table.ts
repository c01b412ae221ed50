import type { ColumnType, Selectable } from 'kysely';

type BigintColumn = ColumnType<string, number | string, number | string>;

/** `read.target_members`: team, rank and region of each employee, for team sums and peers. */
export interface TargetMembersTable {
  employee_id: string;
  team_id: string;
  level: string;
  region_id: string;
  /** The branch the employee belongs to now (hire, transfers): whose target policy variant judges them. */
  branch_id: string | null;
  active: boolean;
}

/** `read.target_sales`: each sale with the period and week of the period it counts in. */
export interface TargetSalesTable {
  sale_id: string;
  employee_id: string;
  /** The seller's team when the sale closed: the team target it counts towards. */
  team_id: string;
  period: string;
  /** Week of the period: days 1–7 are week 0, 8–14 week 1, … 29–31 week 4. */
  week_index: number;
  amount: BigintColumn;
  reversed: boolean;
}

/** `read.target_weekly`: sales (fen, less reversals, as corrected) per subject, period and week. */
export interface TargetWeeklyTable {
  subject_id: string;
  period: string;
  week_index: number;
  amount: BigintColumn;
}

export type Light = 'green' | 'yellow' | 'red';

/**
 * `read.targets`: one row per person or team and month: the target, progress against the stage
 * target (阶段目标: the part of the month's target due by the end of each week, pro rata by
 * days), a traffic light and the early warnings. "Now" is the latest business time seen on
 * `$all` (`target_clock`), so a rebuild gives the same rows.
 */
export interface TargetsTable {
  subject_id: string;
  period: string;
  subject_kind: 'employee' | 'team';
  /** For a person: team, rank and region when the target was set (peers share rank and region). */
  team_id: string | null;
  level: string | null;
  region_id: string | null;
  /** Target in force (fen), after approved adjustments. */
  amount: BigintColumn;
  original_amount: BigintColumn;
  basis: string;
  set_by: string;
  set_at: string;
  /** Sales so far in the period (fen). */
  achieved: BigintColumn;
  /** Weeks of the period (4 or 5) and how many have ended. */
  weeks: number;
  weeks_elapsed: number;
  /** Stage target due by the end of the last ended week (fen); the whole target once the period ended. */
  stage_target: BigintColumn;
  /** achieved ÷ amount. */
  attainment: number;
  /** achieved ÷ stage_target; `null` before the first week has ended. */
  stage_attainment: number | null;
  /** green: ≥ 100% of the stage target (or no week ended yet); yellow: ≥ 85%; red: below 85%. */
  light: Light;
  consecutive_weeks_behind: number;
  /** Behind the stage target for `consecutiveWeeksBehind` (3) weeks in a row (target policy). */
  behind_warning: boolean;
  /** Median attainment of people of the same rank and region with a target in the period. */
  peer_median: number | null;
  /** Attainment more than 30% below the peers' median (target policy `peerGap`). */
  peer_gap_warning: boolean;
  /** The warnings in force, with their texts: `[{ kind, text: { en, zh } }]`. */
  warnings: ColumnType<{ kind: string; text: { en: string; zh: string } }[], string, string>;
  /** Position of the last event that set or adjusted the target. */
  updated_position: BigintColumn;
  /**
   * Position as of which the row was last written (its progress, peers' median or warnings
   * changed): the last event of the batch that changed it. What a warning raised from the row
   * rests on; 0 for rows written before the column existed.
   */
  evidence_position: BigintColumn;
  /**
   * The target policy whose warnings the row was last computed under: the variant of the
   * subject's branch in force then (`policy_branch_id` its branch), else the headquarters
   * default (`policy_branch_id` null). Null for rows written before the columns existed.
   */
  policy_id: string | null;
  policy_version: number | null;
  policy_branch_id: string | null;
}
export type Target = Selectable<TargetsTable>;

/** `read.target_adjustments`: mid-period adjustment requests and their outcome. */
export interface TargetAdjustmentsTable {
  request_id: string;
  subject_id: string;
  period: string;
  requested_amount: BigintColumn;
  reason: string;
  state: 'requested' | 'approved' | 'rejected';
  decided_amount: ColumnType<string | null, number | string | null, number | string | null>;
  decided_by: string | null;
  rejection_reason: string | null;
  /** Why the manager approved it, when they said. */
  approval_reason: string | null;
  requested_at: string;
  decided_at: string | null;
  position: BigintColumn;
}
export type TargetAdjustment = Selectable<TargetAdjustmentsTable>;

/** `read.target_clock`: the latest business time seen (one row). */
export interface TargetClockTable {
  id: number;
  now: string;
}

/** `read.target_policy`: the target policy in force (the latest published version; one row). */
export interface TargetPolicyTable {
  id: number;
  document: ColumnType<unknown, string, string>;
  position: BigintColumn;
}

/** `read.target_policy_variants`: each branch's target policy variant in force (deleted when withdrawn). */
export interface TargetPolicyVariantsTable {
  branch_id: string;
  document: ColumnType<unknown, string, string>;
  position: BigintColumn;
}

export interface TargetsDb {
  target_policy: TargetPolicyTable;
  target_policy_variants: TargetPolicyVariantsTable;
  target_members: TargetMembersTable;
  target_sales: TargetSalesTable;
  target_weekly: TargetWeeklyTable;
  targets: TargetsTable;
  target_adjustments: TargetAdjustmentsTable;
  target_clock: TargetClockTable;
}
