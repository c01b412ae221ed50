import {
  type ActivityCommand,
  type AlertCommand,
  activityCommandSchemas,
  activityDecider,
  activityStream,
  alertCommandSchemas,
  alertDecider,
  alertStream,
  type CareerCommand,
  COURSE_IDS,
  careerCommandSchemas,
  currentVersion,
  DomainError,
  type DomainEvent,
  type EmployeeContext,
  employeeDecider,
  employeeStream,
  enrollmentDecider,
  enrollmentStream,
  type MentoringCommand,
  mentoringCommandSchemas,
  mentorshipDecider,
  mentorshipStream,
  type PolicyCommand,
  type PromotionCommand,
  parseEvent,
  policyCommandSchemas,
  policyDecider,
  policyStream,
  promotionCommandSchemas,
  reviewDecider,
  reviewStream,
  type SalesCommand,
  saleDecider,
  saleStream,
  salesCommandSchemas,
  type TargetCommand,
  type TrainingCommand,
  targetCommandSchemas,
  targetDecider,
  targetStream,
  trainingCommandSchemas,
} from '@trackrecord/domain';
import type { EventStore, RecordedEvent } from '@trackrecord/eventstore';
import type { z } from 'zod';
import { type CommandEnvelope, type EventCodec, type HandledCommand, handleCommand } from './handle.ts';

/** Every command the platform accepts, from the API, the importer, the webhooks or a reactor. */
export type DomainCommand =
  | CareerCommand
  | SalesCommand
  | ActivityCommand
  | TrainingCommand
  | MentoringCommand
  | TargetCommand
  | PromotionCommand
  | PolicyCommand
  | AlertCommand;

/** The data schema of each command type, for validating input before anything happens. */
export const commandSchemas: Readonly<Record<DomainCommand['type'], z.ZodType>> = {
  ...careerCommandSchemas,
  ...salesCommandSchemas,
  ...activityCommandSchemas,
  ...trainingCommandSchemas,
  ...mentoringCommandSchemas,
  ...targetCommandSchemas,
  ...promotionCommandSchemas,
  ...policyCommandSchemas,
  ...alertCommandSchemas,
};

/** Events travel as the catalogue defines them: current version out, upcast on the way in. */
function codec<E extends DomainEvent>(): EventCodec<E> {
  return {
    encode: (event) => ({
      type: event.type,
      schemaVersion: currentVersion(event.type),
      data: event.data as never,
    }),
    // The stream holds only events of this module, so the parsed union member is one of E.
    decode: (recorded: RecordedEvent) =>
      parseEvent(recorded.type, recorded.schemaVersion, recorded.data) as E,
  };
}

/** Checks a command's data against its schema; the error names every field that is wrong. */
export function validateCommand(type: string, data: unknown): void {
  const schema = (commandSchemas as Record<string, z.ZodType | undefined>)[type];
  if (!schema) throw new DomainError('VALIDATION', `unknown command "${type}"`, { type });
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`);
    throw new DomainError('VALIDATION', `${type}: ${problems.join('; ')}`, { problems });
  }
}

/** Loads the status of an employee from their career stream, for commands that need it. */
export async function employeeContext(store: EventStore, employeeId: string): Promise<EmployeeContext> {
  const events = await store.readStream(employeeStream(employeeId));
  if (events.length === 0) return { employeeId, status: 'unknown' };
  const state = events.reduce(
    (s, e) => employeeDecider.evolve(s, parseEvent(e.type, e.schemaVersion, e.data) as never),
    employeeDecider.initialState,
  );
  return {
    employeeId,
    status: state.departed ? 'departed' : 'active',
    branchId: state.branchId,
    teamId: state.teamId,
    level: state.level,
  };
}

const knownCourses: ReadonlySet<string> = new Set(COURSE_IDS);

/**
 * Validates a command, loads the context its decider needs from other streams, then runs
 * load → decide → append on the command's own stream (see `handleCommand`).
 */
export async function dispatch(
  store: EventStore,
  command: DomainCommand,
  envelope: Omit<CommandEnvelope<unknown>, 'command'>,
): Promise<HandledCommand<DomainEvent>> {
  validateCommand(command.type, command.data);
  const run = <C, E extends DomainEvent, S, Ctx>(
    stream: string,
    decider: { initialState: S; evolve(s: S, e: E): S; decide(c: C, s: S, ctx: Ctx): readonly E[] },
    cmd: C,
    context: Ctx,
  ) =>
    handleCommand(
      store,
      stream,
      {
        initialState: decider.initialState,
        evolve: decider.evolve,
        decide: (c: C, s: S) => decider.decide(c, s, context),
      },
      codec<E>(),
      { ...envelope, command: cmd },
    );
  switch (command.type) {
    case 'HireEmployee':
    case 'TransferEmployee':
    case 'ChangeRank':
    case 'PassProbation':
    case 'FailProbation':
    case 'RecordDeparture':
      return run(employeeStream(command.data.employeeId), employeeDecider, command, undefined);
    case 'CloseSale':
      return run(saleStream(command.data.saleId), saleDecider, command, {
        employee: await employeeContext(store, command.data.employeeId),
      });
    case 'ReverseSale':
    case 'CorrectSale':
    case 'CollectPayment':
      return run(saleStream(command.data.saleId), saleDecider, command, {});
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
      return run(activityStream(command.data.employeeId, command.data.at), activityDecider, command, {
        employee: await employeeContext(store, command.data.employeeId),
        ...(command.type === 'CreditCollaboration'
          ? { helped: await employeeContext(store, command.data.helpedEmployeeId) }
          : {}),
      });
    case 'AssignCourse':
    case 'StartCourse':
    case 'CompleteCourse':
      return run(
        enrollmentStream(command.data.employeeId, command.data.courseId),
        enrollmentDecider,
        command,
        {
          employee: await employeeContext(store, command.data.employeeId),
          courseKnown: knownCourses.has(command.data.courseId),
        },
      );
    case 'AssignMentor':
    case 'RecordMentorTask':
    case 'RateMentor':
      return run(mentorshipStream(command.data.menteeId), mentorshipDecider, command, {
        mentee: await employeeContext(store, command.data.menteeId),
        mentor: await employeeContext(store, command.data.mentorId),
      });
    case 'SetTarget':
    case 'RequestTargetAdjustment':
    case 'ApproveTargetAdjustment':
    case 'RejectTargetAdjustment':
      return run(
        targetStream(command.data.subjectId, command.data.period),
        targetDecider,
        command,
        undefined,
      );
    case 'SplitTeamTarget':
      return run(targetStream(command.data.teamId, command.data.period), targetDecider, command, undefined);
    case 'Nominate':
      return run(reviewStream(command.data.reviewId), reviewDecider, command, {
        candidate: await employeeContext(store, command.data.employeeId),
      });
    case 'OpenReview':
    case 'CastVote':
    case 'DecidePromotion':
      return run(reviewStream(command.data.reviewId), reviewDecider, command, {});
    case 'PublishScoringPolicy':
      return run(policyStream(command.data.policy.id), policyDecider, command, undefined);
    case 'PublishLadder':
      return run(policyStream(command.data.ladder.id), policyDecider, command, undefined);
    case 'PublishCommissionPlan':
      return run(policyStream(command.data.plan.id), policyDecider, command, undefined);
    case 'PublishRetentionModel':
      return run(policyStream(command.data.model.id), policyDecider, command, undefined);
    case 'RaiseAlert':
    case 'AcknowledgeAlert':
      return run(alertStream(command.data.alertId), alertDecider, command, undefined);
    default: {
      const unreachable: never = command;
      throw new DomainError('VALIDATION', `unknown command ${JSON.stringify(unreachable)}`);
    }
  }
}
