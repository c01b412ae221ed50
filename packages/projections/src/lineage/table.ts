import type { ColumnType, Selectable } from 'kysely';

type BigintColumn = ColumnType<string, number | string, number | string>;
type JsonColumn<T> = ColumnType<T, string, string>;

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
  /** The mentor credited with the deal (the seller was on probation with a mentor); null otherwise. */
  mentor_id: string | null;
  /** The seller's team when the sale closed: the team whose sales (and growth) it counts in. */
  team_id: string | null;
  /** The seller's level and region when the sale closed: the peer group of its target month. */
  level: string | null;
  region_id: string | null;
  /** The evaluated month (`YYYY-MM`, last month ended) of the business clock at the close. */
  evaluated_month: string;
  reversed: boolean;
}

/** `read.lineage_members`: who is where now: team, level, region, probation and mentor. */
export interface LineageMembersTable {
  employee_id: string;
  team_id: string | null;
  level: string | null;
  region_id: string | null;
  on_probation: boolean;
  mentor_id: string | null;
  active: boolean;
}

/** `read.lineage_payments`: each payment with its commission payout month and when that month closed. */
export interface LineagePaymentsTable {
  payment_id: string;
  sale_id: string;
  employee_id: string;
  /** `YYYY-MM` of the payment. */
  month: string;
  /** `YYYY-MM` the line is paid in (its month, or the first open one when that was closed). */
  payout_month: string;
  /** What is still held of the payment (fen), after refunds. */
  amount: BigintColumn;
  position: BigintColumn;
  /** Global position of the `CommissionPeriodClosed` that drew the statement holding the line. */
  closed_position: BigintColumn | null;
}

/** `read.lineage_alerts`: target warnings raised (stage target, gap to peers), with the evidence position. */
export interface LineageAlertsTable {
  alert_id: string;
  kind: 'target_behind' | 'target_peer_gap';
  employee_id: string;
  /** `YYYY-MM`: the target month the warning is of. */
  period: string;
  /** The person's level and region when the alert was raised (their peer group). */
  level: string | null;
  region_id: string | null;
  evidence_position: BigintColumn;
  position: BigintColumn;
}

/** A ladder as lineage needs it: the requirement kinds of each level, from a position on. */
export interface LadderKinds {
  readonly position: string;
  readonly levels: Readonly<Record<string, readonly string[]>>;
  /** The levels that follow each level, over every track. */
  readonly next: Readonly<Record<string, readonly string[]>>;
}

/** `read.lineage_state`: one row: the business clock, the commission close, the evaluated months, the ladders. */
export interface LineageStateTable {
  id: number;
  /** Latest business date that moves the facts' clock (`clockTimeOf`), `YYYY-MM-DD`; '' before any. */
  clock: string;
  /** `YYYY-MM`: the last commission payout month closed; null before any close. */
  closed_through: string | null;
  /** Each evaluated month with the position from which it was the evaluated month, oldest first. */
  evaluated: JsonColumn<{ month: string; position: string }[]>;
  /** Every ladder published, oldest first (none: the demo ladder). */
  ladders: JsonColumn<LadderKinds[]>;
}

/** `read.lineage_decisions`: decided reviews with the position their evidence was computed at. */
export interface LineageDecisionsTable {
  review_id: string;
  employee_id: string;
  outcome: string;
  evidence_position: BigintColumn;
  position: BigintColumn;
  to_level: string;
  /** The candidate's team when decided: whose growth a team-growth requirement read. */
  team_id: string | null;
  /** The evaluated month at the evidence position: the month the verdict's figures come from. */
  evaluated_month: string;
  /** The requirement kinds of the step under the ladder in force at the evidence position. */
  requirements: JsonColumn<string[]>;
}

/** What corrected a count: a sale reversed, a sale's amount corrected, or a payment refunded. */
export type LineageCorrectionKind = 'reversed' | 'corrected' | 'refunded';

/** `read.lineage_corrections`: every reversal, correction or refund, so later decisions and warnings can be checked too. */
export interface LineageCorrectionsTable {
  event_id: string;
  sale_id: string;
  /** The seller. */
  employee_id: string;
  correction: LineageCorrectionKind;
  sale_position: BigintColumn;
  position: BigintColumn;
  payment_id: string | null;
  /** The sale's month. */
  month: string;
  mentor_id: string | null;
  team_id: string | null;
  level: string | null;
  region_id: string | null;
  at: string;
  reason: string;
  amount_before: BigintColumn;
  amount_after: BigintColumn;
}

/**
 * What a flag is about:
 * - `score`: the composite score of `employee_id` for month `ref`;
 * - `eligibility`: `employee_id`'s eligibility verdicts (`ref` = employee);
 * - `mentee_deals`: the "deals closed by mentees" requirement of mentor `employee_id` (`ref` = employee);
 * - `team_growth`: the team-growth requirement of `employee_id`, a member of team `ref`;
 * - `target_warning`: alert `ref` (behind the stage target, or far below the peers' median);
 * - `statement`: the commission statement of `employee_id` for the closed payout month `ref`;
 * - `decision`: review `ref`, whose evidence position lies in the range.
 */
export const LINEAGE_KINDS = [
  'score',
  'eligibility',
  'mentee_deals',
  'team_growth',
  'target_warning',
  'statement',
  'decision',
] as const;
export type LineageKind = (typeof LINEAGE_KINDS)[number];

/** What one step of a lineage path is: the correction's subject, then what it fed, in order. */
export const LINEAGE_STEP_KINDS = [
  'sale',
  'payment',
  'score',
  'eligibility',
  'mentee_deals',
  'team_sales',
  'team_growth',
  'attainment',
  'peer_median',
  'target_warning',
  'commission_line',
  'statement',
  'decision',
] as const;
export type LineageStepKind = (typeof LINEAGE_STEP_KINDS)[number];

/**
 * One step of a lineage path: its kind, the person it is about (null for a peer group), its
 * reference (sale, payment, month, team, alert or review id; see the kinds) and a label in both
 * languages, made of ids (the dashboard shows names).
 */
export interface LineageStep {
  readonly kind: LineageStepKind;
  readonly employeeId: string | null;
  readonly ref: string;
  readonly label: { readonly en: string; readonly zh: string };
}

/**
 * `read.lineage_flags`: a score, verdict, requirement, warning, statement or decision that
 * counted a sale (or payment) later reversed, corrected or refunded, to be reviewed. Whatever was
 * computed from `$all` at a position in [`from_position`, `before_position`) included it as it
 * was; `path` says through what, from the correction to the flagged item.
 */
export interface LineageFlagsTable {
  flag_id: string;
  sale_id: string;
  /** The person whose score, verdict, requirement, warning, statement or decision is flagged. */
  employee_id: string;
  /** The seller of the sale. */
  seller_id: string;
  payment_id: string | null;
  correction: LineageCorrectionKind;
  correction_event_id: string;
  correction_position: BigintColumn;
  correction_at: string;
  reason: string;
  sale_position: BigintColumn;
  kind: LineageKind;
  ref: string;
  from_position: BigintColumn;
  before_position: BigintColumn;
  /** Sale amount (fen) before and after; for a refund, what was held of the payment. */
  amount_before: BigintColumn;
  /** 0 for a reversal. */
  amount_after: BigintColumn;
  position: BigintColumn;
  path: JsonColumn<LineageStep[]>;
}
export type LineageFlag = Selectable<LineageFlagsTable>;

export interface LineageDb {
  lineage_sales: LineageSalesTable;
  lineage_members: LineageMembersTable;
  lineage_payments: LineagePaymentsTable;
  lineage_alerts: LineageAlertsTable;
  lineage_state: LineageStateTable;
  lineage_decisions: LineageDecisionsTable;
  lineage_corrections: LineageCorrectionsTable;
  lineage_flags: LineageFlagsTable;
}
