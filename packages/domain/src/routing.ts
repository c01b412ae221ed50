import { activityDecider } from './activity/decide.ts';
import { alertDecider } from './alerts/decide.ts';
import { alertStream } from './alerts/events.ts';
import { employeeDecider } from './career/decide.ts';
import type { CareerEvent } from './career/events.ts';
import { toEmployeeContext } from './career/state.ts';
import type { DomainEvent } from './catalog.ts';
import type { DomainCommand } from './commandCatalog.ts';
import { commissionPeriodsDecider } from './commission/decide.ts';
import { COMMISSION_PERIODS_STREAM } from './commission/events.ts';
import { DomainError } from './core/errors.ts';
import type { EmployeeContext } from './core/types.ts';
import { mentorshipDecider } from './mentoring/decide.ts';
import { orgUnitDecider } from './org/decide.ts';
import { orgUnitStream } from './org/events.ts';
import { COURSE_IDS } from './policy/courses.ts';
import { policyDecider } from './policy/decide.ts';
import { policyStream } from './policy/events.ts';
import { calibrationDecider } from './promotion/calibration.ts';
import { reviewDecider } from './promotion/decide.ts';
import { saleDecider } from './sales/decide.ts';
import {
  activityStream,
  calibrationStream,
  employeeStream,
  enrollmentStream,
  mentorshipStream,
  reviewStream,
  saleStream,
  targetStream,
} from './streams.ts';
import { targetDecider } from './targets/decide.ts';
import { enrollmentDecider } from './training/decide.ts';
import { userDecider } from './users/decide.ts';
import { userStream } from './users/events.ts';

/** A decider with its types erased, so that one table can route every command. */
export interface RoutedDecider {
  readonly initialState: unknown;
  evolve(state: unknown, event: DomainEvent): unknown;
  decide(command: DomainCommand, state: unknown, context: unknown): readonly DomainEvent[];
}

/**
 * Where a command goes: the stream it is decided on, the decider, and the facts from other
 * streams the decider needs (always employees' career states, by id). Every way in (API,
 * import, webhooks, seeding, reactors, tests) routes through this one table.
 */
export interface CommandRoute {
  readonly stream: string;
  readonly decider: RoutedDecider;
  /** Employees whose career state the context is built from. */
  readonly employeeIds: readonly string[];
  /** The decider's context, given each needed employee's context. */
  context(employee: (employeeId: string) => EmployeeContext): unknown;
  /** What the command is about, for authorisation (whose unit it concerns) and refusals. */
  readonly subject: CommandSubject;
}

/**
 * What a command is about: a person, a team, a sale, a promotion review, an alert or the
 * company as a whole; `field` is the command's field that names it.
 */
export type CommandSubject =
  | { readonly kind: 'employee'; readonly employeeId: string; readonly field: string }
  | { readonly kind: 'team'; readonly teamId: string; readonly field: string }
  | { readonly kind: 'sale'; readonly saleId: string; readonly field: 'saleId' }
  | { readonly kind: 'review'; readonly reviewId: string; readonly field: 'reviewId' }
  | { readonly kind: 'alert'; readonly alertId: string; readonly field: 'alertId' }
  | { readonly kind: 'company'; readonly field: string };

const person = (employeeId: string, field = 'employeeId'): CommandSubject => ({
  kind: 'employee',
  employeeId,
  field,
});
const company = (field: string): CommandSubject => ({ kind: 'company', field });

const erase = <C, E, S, Ctx>(decider: {
  initialState: S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S, context: Ctx): readonly E[];
}): RoutedDecider => decider as unknown as RoutedDecider;

const employee = erase(employeeDecider);
const sale = erase(saleDecider);
const activity = erase(activityDecider);
const enrollment = erase(enrollmentDecider);
const mentorship = erase(mentorshipDecider);
const target = erase(targetDecider);
const review = erase(reviewDecider);
const calibration = erase(calibrationDecider);
const policy = erase(policyDecider);
const alert = erase(alertDecider);
const orgUnit = erase(orgUnitDecider);
const commissionPeriods = erase(commissionPeriodsDecider);
const user = erase(userDecider);
const knownCourses: ReadonlySet<string> = new Set(COURSE_IDS);

const route = (
  stream: string,
  decider: RoutedDecider,
  subject: CommandSubject,
  employeeIds: readonly string[] = [],
  context: CommandRoute['context'] = () => undefined,
): CommandRoute => ({ stream, decider, employeeIds, context, subject });

/** The stream a command is decided on and appends to. */
export const streamOf = (command: DomainCommand): string => routeCommand(command).stream;

/** Routes a validated command (see `parseCommand`). */
export function routeCommand(command: DomainCommand): CommandRoute {
  switch (command.type) {
    case 'HireEmployee':
    case 'TransferEmployee': {
      const { employeeId, managerId } = command.data;
      if (managerId === null)
        return route(employeeStream(employeeId), employee, person(employeeId), [], () => ({}));
      return route(employeeStream(employeeId), employee, person(employeeId), [managerId], (e) => ({
        manager: e(managerId),
      }));
    }
    case 'ChangeRank':
    case 'PassProbation':
    case 'FailProbation':
    case 'RecordDeparture':
    case 'RedactPersonalData':
      return route(employeeStream(command.data.employeeId), employee, person(command.data.employeeId));
    case 'CloseSale': {
      const id = command.data.employeeId;
      return route(saleStream(command.data.saleId), sale, person(id), [id], (e) => ({ employee: e(id) }));
    }
    case 'ReverseSale':
    case 'CorrectSale':
    case 'CollectPayment':
    case 'RefundPayment':
    case 'DisputeCommissionLine':
    case 'ResolveCommissionDispute': {
      const { saleId } = command.data;
      return route(saleStream(saleId), sale, { kind: 'sale', saleId, field: 'saleId' }, [], () => ({}));
    }
    case 'CreditCollaboration': {
      const { employeeId, helpedEmployeeId } = command.data;
      return route(
        activityStream(employeeId, command.data.at),
        activity,
        person(employeeId),
        [employeeId, helpedEmployeeId],
        (e) => ({
          employee: e(employeeId),
          helped: e(helpedEmployeeId),
        }),
      );
    }
    case 'CreateOpportunity':
    case 'GiveDemo':
    case 'LogFollowUp':
    case 'RecordCustomerRetention':
    case 'RecordCustomerChurn':
    case 'RecordCustomerFeedback':
    case 'RecordExpense':
    case 'GiveFeedback360':
    case 'RecordAttendance':
    case 'AnswerSatisfactionPulse':
    case 'RecordIntervention':
    case 'RecordSkillAssessment': {
      const id = command.data.employeeId;
      return route(activityStream(id, command.data.at), activity, person(id), [id], (e) => ({
        employee: e(id),
      }));
    }
    case 'AssignCourse':
    case 'StartCourse':
    case 'CompleteCourse': {
      const { employeeId, courseId } = command.data;
      return route(
        enrollmentStream(employeeId, courseId),
        enrollment,
        person(employeeId),
        [employeeId],
        (e) => ({
          employee: e(employeeId),
          courseKnown: knownCourses.has(courseId),
        }),
      );
    }
    case 'AssignMentor':
    case 'RecordMentorTask':
    case 'RateMentor': {
      const { menteeId, mentorId } = command.data;
      const subject = person(menteeId, 'menteeId');
      return route(mentorshipStream(menteeId), mentorship, subject, [menteeId, mentorId], (e) => ({
        mentee: e(menteeId),
        mentor: e(mentorId),
      }));
    }
    case 'SetTarget': {
      const { subjectId, subjectKind, period } = command.data;
      const people = subjectKind === 'employee' ? [subjectId] : [];
      return route(targetStream(subjectId, period), target, targetSubject(command.data), people, (e) => ({
        employee: e,
      }));
    }
    case 'RequestTargetAdjustment':
    case 'ApproveTargetAdjustment':
    case 'RejectTargetAdjustment':
      return route(
        targetStream(command.data.subjectId, command.data.period),
        target,
        targetSubject(command.data),
      );
    case 'SplitTeamTarget': {
      const { teamId, period } = command.data;
      const members = command.data.shares.map((s) => s.employeeId);
      const subject: CommandSubject = { kind: 'team', teamId, field: 'teamId' };
      return route(targetStream(teamId, period), target, subject, members, (e) => ({ employee: e }));
    }
    case 'Nominate': {
      const id = command.data.employeeId;
      return route(reviewStream(command.data.reviewId), review, person(id), [id], (e) => ({
        candidate: e(id),
      }));
    }
    case 'OpenReview': {
      // The candidate's career state says who manages them (refused on the committee).
      const { employeeId: id, reviewId } = command.data;
      return route(reviewStream(reviewId), review, reviewSubject(reviewId), [id], (e) => ({
        candidate: e(id),
      }));
    }
    case 'CastVote':
    case 'DecidePromotion': {
      const { reviewId } = command.data;
      return route(reviewStream(reviewId), review, reviewSubject(reviewId), [], () => ({}));
    }
    case 'AnnotateCalibration': {
      // A note on one candidate is about them (whose unit it concerns); on the round, the company.
      const { round, employeeId } = command.data;
      if (employeeId === null)
        return route(calibrationStream(round), calibration, company('round'), [], () => ({}));
      return route(calibrationStream(round), calibration, person(employeeId), [employeeId], (e) => ({
        employee: e(employeeId),
      }));
    }
    case 'PublishScoringPolicy':
      return route(policyStream(command.data.policy.id), policy, company('policy'));
    case 'PublishLadder':
      return route(policyStream(command.data.ladder.id), policy, company('ladder'));
    case 'PublishCommissionPlan':
      return route(policyStream(command.data.plan.id), policy, company('plan'));
    case 'PublishRetentionModel':
    case 'PublishTrainedRetentionModel':
      return route(policyStream(command.data.model.id), policy, company('model'));
    case 'PublishCoursePolicy':
      return route(policyStream(command.data.courses.id), policy, company('courses'));
    case 'PublishTargetPolicy':
      return route(policyStream(command.data.targetPolicy.id), policy, company('targetPolicy'));
    case 'PublishProbationPolicy':
      return route(policyStream(command.data.probationPolicy.id), policy, company('probationPolicy'));
    case 'PublishFieldRules':
      return route(policyStream(command.data.fieldRules.id), policy, company('fieldRules'));
    case 'WithdrawPolicyVariant':
      return route(policyStream(command.data.policyId), policy, company('policyId'));
    case 'RaiseAlert': {
      const id = command.data.employeeId;
      return route(alertStream(command.data.alertId), alert, person(id), [id], (e) => ({ employee: e(id) }));
    }
    case 'AcknowledgeAlert': {
      const { alertId } = command.data;
      return route(alertStream(alertId), alert, { kind: 'alert', alertId, field: 'alertId' });
    }
    case 'CloseCommissionPeriod':
      return route(COMMISSION_PERIODS_STREAM, commissionPeriods, company('month'));
    case 'NameOrgUnit':
      return route(orgUnitStream(command.data.kind, command.data.unitId), orgUnit, company('unitId'));
    case 'LinkUser': {
      const { subject, employeeId } = command.data;
      if (employeeId === null) return route(userStream(subject), user, company('subject'), [], () => ({}));
      return route(userStream(subject), user, company('subject'), [employeeId], (e) => ({
        employee: e(employeeId),
      }));
    }
    case 'GrantRole':
    case 'RevokeRole':
      return route(userStream(command.data.subject), user, company('subject'));
    default: {
      const unreachable: never = command;
      throw new DomainError('VALIDATION', `unknown command ${JSON.stringify(unreachable)}`);
    }
  }
}

/** A target's subject: a person or a team, named by `subjectId`. */
function targetSubject(data: { subjectId: string; subjectKind: 'employee' | 'team' }): CommandSubject {
  return data.subjectKind === 'team'
    ? { kind: 'team', teamId: data.subjectId, field: 'subjectId' }
    : person(data.subjectId, 'subjectId');
}

const reviewSubject = (reviewId: string): CommandSubject => ({ kind: 'review', reviewId, field: 'reviewId' });

/** Folds a career stream into the context other deciders see. */
export function employeeContextFrom(employeeId: string, events: readonly DomainEvent[]): EmployeeContext {
  const state = (events as readonly CareerEvent[]).reduce(
    employeeDecider.evolve,
    employeeDecider.initialState,
  );
  return toEmployeeContext(employeeId, state);
}

export { employeeStream };
