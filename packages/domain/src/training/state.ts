/** One person's enrollment in one course, folded from `enrollment-<employeeId>-<courseId>`. */
export interface EnrollmentState {
  readonly assigned: boolean;
  readonly started: boolean;
  readonly completed: boolean;
}

export const initialEnrollmentState: EnrollmentState = { assigned: false, started: false, completed: false };
