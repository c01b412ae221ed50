import type { Fen } from '../core/types.ts';

/** One target, folded from `target-<employeeId or teamId>-<YYYY-MM>`. */
export interface TargetState {
  /** The target in force, null until set (or until a team target is split). */
  readonly amount: Fen | null;
  /** The one adjustment request awaiting a decision, if any. */
  readonly pendingRequestId: string | null;
  readonly decidedRequests: ReadonlySet<string>;
}

export const initialTargetState: TargetState = {
  amount: null,
  pendingRequestId: null,
  decidedRequests: new Set(),
};
