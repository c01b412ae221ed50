import { alertStream } from './alerts/events.ts';
import type { DomainCommand } from './commandCatalog.ts';
import { policyStream } from './policy/events.ts';

/**
 * Streams: one per consistency boundary. A command is decided against the events of exactly
 * one stream (loaded by the command handler, folded with the module's `evolve`) and appends
 * to that stream only. Facts from other streams that a decider needs arrive in its `context`
 * argument (see each module's decide.ts), so deciding stays pure.
 *
 * | stream                                  | module     | commands                                        |
 * | --------------------------------------- | ---------- | ----------------------------------------------- |
 * | `employee-<employeeId>`                 | career     | HireEmployee … RecordDeparture                  |
 * | `sale-<saleId>`                         | sales      | CloseSale, ReverseSale, CorrectSale, CollectPayment |
 * | `activity-<employeeId>-<YYYY-MM>`       | activity   | one-off facts: CRM follow-ups, demos, opportunities, customer retention / churn / feedback, ERP expenses, OA collaboration and 360 feedback, HR attendance and pulse |
 * | `enrollment-<employeeId>-<courseId>`    | training   | AssignCourse, StartCourse, CompleteCourse       |
 * | `mentorship-<menteeId>`                 | mentoring  | AssignMentor, RecordMentorTask, RateMentor      |
 * | `target-<employeeId or teamId>-<YYYY-MM>` | targets  | SetTarget, adjustments, SplitTeamTarget         |
 * | `review-<reviewId>`                     | promotion  | Nominate, OpenReview, CastVote, DecidePromotion |
 * | `policy-<policyId>`                     | policy     | PublishScoringPolicy, PublishLadder, …          |
 * | `alert-<alertId>`                       | alerts     | RaiseAlert, AcknowledgeAlert                    |
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

/** The stream a command is decided on and appends to. */
export function streamOf(command: DomainCommand): string {
  switch (command.type) {
    case 'HireEmployee':
    case 'TransferEmployee':
    case 'ChangeRank':
    case 'PassProbation':
    case 'FailProbation':
    case 'RecordDeparture':
      return employeeStream(command.data.employeeId);
    case 'CloseSale':
    case 'ReverseSale':
    case 'CorrectSale':
    case 'CollectPayment':
      return saleStream(command.data.saleId);
    case 'CreateOpportunity':
    case 'GiveDemo':
    case 'LogFollowUp':
    case 'RecordCustomerRetention':
    case 'RecordCustomerChurn':
    case 'RecordCustomerFeedback':
    case 'RecordExpense':
    case 'CreditCollaboration':
    case 'GiveFeedback360':
    case 'RecordAttendance':
    case 'AnswerSatisfactionPulse':
      return activityStream(command.data.employeeId, command.data.at);
    case 'AssignCourse':
    case 'StartCourse':
    case 'CompleteCourse':
      return enrollmentStream(command.data.employeeId, command.data.courseId);
    case 'AssignMentor':
    case 'RecordMentorTask':
    case 'RateMentor':
      return mentorshipStream(command.data.menteeId);
    case 'SetTarget':
    case 'RequestTargetAdjustment':
    case 'ApproveTargetAdjustment':
    case 'RejectTargetAdjustment':
      return targetStream(command.data.subjectId, command.data.period);
    case 'SplitTeamTarget':
      return targetStream(command.data.teamId, command.data.period);
    case 'Nominate':
    case 'OpenReview':
    case 'CastVote':
    case 'DecidePromotion':
      return reviewStream(command.data.reviewId);
    case 'PublishScoringPolicy':
      return policyStream(command.data.policy.id);
    case 'PublishLadder':
      return policyStream(command.data.ladder.id);
    case 'PublishCommissionPlan':
      return policyStream(command.data.plan.id);
    case 'PublishRetentionModel':
      return policyStream(command.data.model.id);
    case 'RaiseAlert':
    case 'AcknowledgeAlert':
      return alertStream(command.data.alertId);
    default: {
      const unreachable: never = command;
      throw new Error(`no stream for command ${JSON.stringify(unreachable)}`);
    }
  }
}
