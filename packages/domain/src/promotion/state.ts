/** One promotion review, folded from `review-<reviewId>`. */
export interface ReviewState {
  readonly nominated: boolean;
  readonly employeeId: string;
  readonly toLevel: string;
  /** Empty until the review is opened. */
  readonly committee: readonly string[];
  /** Quorum: the least number of votes a decision needs. */
  readonly quorum: number;
  readonly voters: ReadonlySet<string>;
  readonly approvals: number;
  readonly rejections: number;
  readonly decided: boolean;
}

export const initialReviewState: ReviewState = {
  nominated: false,
  employeeId: '',
  toLevel: '',
  committee: [],
  quorum: 0,
  voters: new Set(),
  approvals: 0,
  rejections: 0,
  decided: false,
};
