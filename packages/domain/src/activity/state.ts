/**
 * One person's month of activity, folded from `activity-<employeeId>-<YYYY-MM>`: only what the
 * decider checks, the ids that must not be recorded twice.
 */
export interface ActivityState {
  readonly opportunityIds: ReadonlySet<string>;
  readonly expenseIds: ReadonlySet<string>;
}

export const initialActivityState: ActivityState = { opportunityIds: new Set(), expenseIds: new Set() };
