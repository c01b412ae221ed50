import type { ColumnType, Selectable } from 'kysely';

type BigintColumn = ColumnType<string, number | string, number | string>;
type NullableBigint = ColumnType<string | null, number | string | null, number | string | null>;

/**
 * `read.promotion_reviews`: the audit history of one promotion review: who was nominated and
 * why, the committee and its quorum, the tally, and the decision with its rationale, the global
 * position of the evidence it rests on and the policy versions in force.
 */
export interface PromotionReviewsTable {
  review_id: string;
  employee_id: string;
  from_level: string;
  to_level: string;
  track: string;
  /** Composite score when nominated (0–100). */
  score: number;
  reason: 'threshold_reached' | 'manager_nomination';
  nominated_by: string;
  nominated_at: string;
  nominated_position: BigintColumn;
  status: 'nominated' | 'open' | 'decided';
  committee: string[];
  quorum: number | null;
  opened_at: string | null;
  /** Global position of the `ReviewOpened` event: the committee grant it is (`userGrants/committee.ts`). */
  opened_position: NullableBigint;
  approvals: number;
  rejections: number;
  abstentions: number;
  outcome: 'approved' | 'rejected' | null;
  rationale: string | null;
  /** The evidence was computed from `$all` up to this position (an auditor replays to it). */
  evidence_position: NullableBigint;
  /** Policy id → version, e.g. `{"scoring-default": 3}`. */
  policy_versions: ColumnType<Record<string, number> | null, string | null, string | null>;
  /** The evidence score the decision rests on (0–100), its month and the eligibility verdict; null before v2. */
  evidence_score: number | null;
  evidence_month: string | null;
  evidence_eligible: boolean | null;
  /** Set when the decision went against the verdict or the majority (`override_against`). */
  override_code: string | null;
  override_text: string | null;
  override_against: string[] | null;
  decided_by: string | null;
  decided_at: string | null;
  decided_position: NullableBigint;
  updated_position: BigintColumn;
}
export type PromotionReview = Selectable<PromotionReviewsTable>;

/** `read.promotion_votes`: each committee member's vote on a review. */
export interface PromotionVotesTable {
  review_id: string;
  member_id: string;
  vote: 'approve' | 'reject' | 'abstain';
  comment: string | null;
  at: string;
  position: BigintColumn;
}
export type PromotionVote = Selectable<PromotionVotesTable>;

export interface DecisionsDb {
  promotion_reviews: PromotionReviewsTable;
  promotion_votes: PromotionVotesTable;
}
