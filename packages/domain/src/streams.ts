/**
 * Streams: one per consistency boundary. A command is decided against the events of exactly
 * one stream (loaded by the command handler, folded with the module's `evolve`) and appends
 * to that stream only. Facts from other streams that a decider needs arrive in its `context`
 * argument (see each module's decide.ts), so deciding stays pure.
 *
 * | stream                                  | module     | commands                                        |
 * | --------------------------------------- | ---------- | ----------------------------------------------- |
 * | `employee-<employeeId>`                 | career     | HireEmployee … RecordDeparture                  |
 * | `sale-<saleId>`                         | sales      | CloseSale, ReverseSale, CorrectSale, CollectPayment, RefundPayment, DisputeCommissionLine, ResolveCommissionDispute |
 * | `commission-periods`                    | commission | CloseCommissionPeriod                           |
 * | `activity-<employeeId>-<YYYY-MM>`       | activity   | one-off facts: CRM follow-ups, demos, opportunities, customer retention / churn / feedback, ERP expenses, OA collaboration and 360 feedback, HR attendance and pulse, LMS skill assessments |
 * | `enrollment-<employeeId>-<courseId>`    | training   | AssignCourse, StartCourse, CompleteCourse       |
 * | `mentorship-<menteeId>`                 | mentoring  | AssignMentor, RecordMentorTask, RateMentor      |
 * | `target-<employeeId or teamId>-<YYYY-MM>` | targets  | SetTarget, adjustments, SplitTeamTarget         |
 * | `review-<reviewId>`                     | promotion  | Nominate, OpenReview, CastVote, DecidePromotion |
 * | `calibration-<YYYY-Qn>`                 | promotion  | AnnotateCalibration (notes on a promotion round) |
 * | `policy-<policyId>`                     | policy     | PublishScoringPolicy, PublishLadder, …          |
 * | `alert-<alertId>`                       | alerts     | RaiseAlert, AcknowledgeAlert                    |
 * | `org-unit-<kind>-<unitId>`              | org        | NameOrgUnit                                     |
 * | `user-<subject>`                        | users      | LinkUser, GrantRole, RevokeRole                 |
 *
 * The activity stream is monthly (the month of the fact's `at`) so that it stays small: its
 * facts need little history to be accepted. Stream names are built, never parsed back; ids
 * may themselves contain dashes.
 */
export const employeeStream = (employeeId: string): string => `employee-${employeeId}`;
export const saleStream = (saleId: string): string => `sale-${saleId}`;
/** The monthly activity stream of an employee; the month is taken from the fact's time. */
export const activityStream = (employeeId: string, at: string): string =>
  `activity-${employeeId}-${at.slice(0, 7)}`;
export const enrollmentStream = (employeeId: string, courseId: string): string =>
  `enrollment-${employeeId}-${courseId}`;
export const mentorshipStream = (menteeId: string): string => `mentorship-${menteeId}`;
/** A person's or a team's target for a period (`YYYY-MM`). */
export const targetStream = (subjectId: string, period: string): string => `target-${subjectId}-${period}`;
export const reviewStream = (reviewId: string): string => `review-${reviewId}`;
/** The calibration notes of a promotion round (`YYYY-Qn`). */
export const calibrationStream = (round: string): string => `calibration-${round}`;

/** The stream a command is decided on: see `routeCommand` (`routing.ts`), which owns the table. */
export { streamOf } from './routing.ts';
