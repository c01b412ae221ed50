import {
  type ActivityCommand,
  type CareerCommand,
  COURSE_CATALOGUE,
  type CommandMetadata,
  type CommissionCommand,
  type CourseId,
  type MentoringCommand,
  type OrgCommand,
  type PolicyCommand,
  type PromotionCommand,
  type SalesCommand,
  type TargetCommand,
  type TrainingCommand,
} from '@trackrecord/domain';
import type { SimulationConfig } from './config.ts';
import {
  DEFAULT_SIMULATION_POLICIES,
  type DemoCast,
  type InterventionTruth,
  type ProductInMemory,
  type SimulationPolicies,
  simulateFacts,
} from './engine.ts';
import type { SimFact } from './facts.ts';
import { personName } from './names.ts';

/**
 * The due date the LMS gives a recommended course: a week per 8 hours of it, plus three weeks
 * of slack, from the day it is assigned. Arithmetic only: no random draw, so the history is the same.
 */
export function courseDueOn(courseId: CourseId, at: string): string {
  const weeks = Math.ceil(COURSE_CATALOGUE[courseId].hours / 8) + 3;
  return new Date(Date.parse(at) + weeks * 7 * 86_400_000).toISOString().slice(0, 10);
}

type DecidePromotionCommand = Extract<PromotionCommand, { type: 'DecidePromotion' }>;

/**
 * A committee decision as the simulator issues it: everything but `evidencePosition`, the
 * global position of the last event the committee's evidence was read at. A pure simulator
 * cannot know positions, so whoever appends the decision fills it in with
 * `withEvidencePosition`: the seed run appends everything before the decision first, then
 * uses the store's head position (exactly the history the committee could see).
 */
export type PendingDecision = {
  readonly type: 'DecidePromotion';
  readonly data: Omit<DecidePromotionCommand['data'], 'evidencePosition'>;
  readonly metadata: CommandMetadata;
  readonly needs: 'evidencePosition';
};

/**
 * HR asks the product to train the retention model on the history appended so far. A pure
 * simulator cannot train from a store: whoever appends the commands trains at this point
 * (the demo seed: the product's training, as of the store's head) and publishes the model.
 */
export type PendingTraining = {
  readonly type: 'TrainRetentionModel';
  readonly data: { readonly modelId: string; readonly horizonDays: number; readonly seed: number };
  readonly metadata: CommandMetadata;
  readonly needs: 'training';
};

/** The commands the simulated company sends, in the modules' own command types. */
export type SimulatedCommand =
  | CareerCommand
  | SalesCommand
  | ActivityCommand
  | MentoringCommand
  | Exclude<PromotionCommand, DecidePromotionCommand>
  | PendingDecision
  | PendingTraining
  | TrainingCommand
  | TargetCommand
  | PolicyCommand
  | OrgCommand
  | CommissionCommand;

/** A simulated command that still needs the evidence position (see `PendingDecision`). */
export const needsEvidencePosition = (command: SimulatedCommand): command is PendingDecision =>
  'needs' in command && command.needs === 'evidencePosition';

/** A simulated request to train the retention model (see `PendingTraining`). */
export const needsTraining = (command: SimulatedCommand): command is PendingTraining =>
  'needs' in command && command.needs === 'training';

/** The decision with its evidence position, ready for the command bus. */
export function withEvidencePosition(
  command: PendingDecision,
  position: bigint | number | string,
): DecidePromotionCommand {
  const { needs: _needs, ...rest } = command;
  return { ...rest, data: { ...rest.data, evidencePosition: String(position) } };
}

/** The calendar of a simulation: ISO dates of weeks and days, counted from the start Monday. */
export function simulationCalendar(start: string) {
  const origin = Date.parse(`${start}T00:00:00.000Z`);
  const dayMs = 86_400_000;
  return {
    /** Midnight UTC of `day` (0–6) of `week`, as an ISO date-time. */
    date: (week: number, day = 0): string => new Date(origin + (week * 7 + day) * dayMs).toISOString(),
    /** The k-th command of a day happens at 08:00 + k × 250 ms, so timestamps follow command order. */
    at: (week: number, day: number, k: number): string =>
      new Date(origin + (week * 7 + day) * dayMs + 8 * 3_600_000 + k * 250).toISOString(),
  };
}

/**
 * The command a fact becomes. A promotion is a nomination, a review opened with its committee
 * the week after, votes, the decision (a `PendingDecision`: its evidence position is filled
 * in by whoever appends it) and, when approved, the rank change naming the review.
 */
export function toCommand(
  fact: SimFact,
  metadata: CommandMetadata,
  calendar: ReturnType<typeof simulationCalendar>,
): SimulatedCommand {
  const at = metadata.at;
  const employeeId = fact.personId;
  const m = (source: string): CommandMetadata => ({
    ...metadata,
    actor: `system:simulator-${source}`,
    source,
  });
  switch (fact.kind) {
    case 'unitNamed':
      return {
        type: 'NameOrgUnit',
        data: { kind: fact.unitKind, unitId: fact.unitId, nameZh: fact.nameZh, nameEn: fact.nameEn },
        metadata: m('hr'),
      };
    case 'hired': {
      const name = personName(Number(employeeId.replace(/\D/g, '')) || 0);
      return {
        type: 'HireEmployee',
        data: {
          employeeId,
          name: name.zh,
          nameEn: name.en,
          branchId: fact.branchId,
          teamId: fact.teamId,
          regionId: fact.regionId,
          managerId: fact.managerId,
          level: fact.level,
          track: fact.track,
          hiredAt: fact.tenureWeeks > 0 ? calendar.date(fact.week - fact.tenureWeeks) : at,
          probationEnd: fact.probationEndWeek === null ? null : calendar.date(fact.probationEndWeek),
          recruitingFit: fact.recruitingFit,
        },
        metadata: m('hr'),
      };
    }
    case 'probationPassed':
      return { type: 'PassProbation', data: { employeeId }, metadata: m('hr') };
    case 'probationFailed':
      return { type: 'FailProbation', data: { employeeId, reason: fact.reason }, metadata: m('hr') };
    case 'left':
      return {
        type: 'RecordDeparture',
        data: { employeeId, voluntary: fact.voluntary, reason: fact.reason, leftAt: at },
        metadata: m('hr'),
      };
    case 'promoted':
      return {
        type: 'ChangeRank',
        data: {
          employeeId,
          fromLevel: fact.from,
          toLevel: fact.to,
          track: fact.track,
          reason: 'promotion',
          reviewId: fact.reviewId,
          effectiveAt: at,
        },
        metadata: m('hr'),
      };
    case 'transferred':
      return {
        type: 'TransferEmployee',
        data: {
          employeeId,
          toBranchId: fact.toBranchId,
          toTeamId: fact.toTeamId,
          managerId: fact.managerId,
          effectiveAt: at,
        },
        metadata: m('hr'),
      };
    case 'policyPublished': {
      const meta = m('hr');
      switch (fact.policy.kind) {
        case 'scoring':
          return { type: 'PublishScoringPolicy', data: { policy: fact.policy.document }, metadata: meta };
        case 'ladder':
          return { type: 'PublishLadder', data: { ladder: fact.policy.document }, metadata: meta };
        case 'commission':
          return { type: 'PublishCommissionPlan', data: { plan: fact.policy.document }, metadata: meta };
        case 'targets':
          return {
            type: 'PublishTargetPolicy',
            data: { targetPolicy: fact.policy.document },
            metadata: meta,
          };
        case 'probation':
          return {
            type: 'PublishProbationPolicy',
            data: { probationPolicy: fact.policy.document },
            metadata: meta,
          };
        case 'fieldRules':
          return { type: 'PublishFieldRules', data: { fieldRules: fact.policy.document }, metadata: meta };
        default: {
          const unknown: never = fact.policy;
          throw new TypeError(`unknown simulated policy ${JSON.stringify(unknown)}`);
        }
      }
    }
    case 'reviewOpened':
      return {
        type: 'OpenReview',
        data: {
          reviewId: fact.reviewId,
          employeeId: fact.personId,
          committee: [...fact.committee],
          quorum: fact.quorum,
          at,
        },
        metadata: m('hr'),
      };
    case 'voteCast':
      return {
        type: 'CastVote',
        data: {
          reviewId: fact.reviewId,
          memberId: fact.memberId,
          vote: fact.vote,
          comment: fact.comment,
          at,
        },
        metadata: m('hr'),
      };
    case 'retentionTrainingRequested':
      return {
        type: 'TrainRetentionModel',
        data: { modelId: fact.modelId, horizonDays: fact.horizonDays, seed: fact.seed },
        metadata: m('hr'),
        needs: 'training',
      };
    case 'promotionDecided':
      return {
        type: 'DecidePromotion',
        data: {
          reviewId: fact.reviewId,
          outcome: fact.outcome,
          rationale: fact.rationale,
          policyVersions: { ...fact.policyVersions },
          evidence: { ...fact.evidence },
          override: fact.override,
          decidedBy: fact.decidedBy,
          at,
        },
        metadata: m('hr'),
        needs: 'evidencePosition',
      };
    case 'saleReversed':
      return {
        type: 'ReverseSale',
        data: { saleId: fact.saleId, reason: fact.reason, reversedAt: at },
        metadata: m('crm'),
      };
    case 'commissionPeriodClosed':
      return { type: 'CloseCommissionPeriod', data: { month: fact.month }, metadata: m('hr') };
    case 'saleCorrected':
      return {
        type: 'CorrectSale',
        data: {
          saleId: fact.saleId,
          amount: fact.amount,
          grossMargin: fact.grossMargin,
          reason: fact.reason,
          correctedAt: at,
        },
        metadata: m('crm'),
      };
    case 'targetAdjustmentRequested':
      return {
        type: 'RequestTargetAdjustment',
        data: {
          subjectId: employeeId,
          subjectKind: 'employee',
          period: fact.period,
          requestId: fact.requestId,
          requestedAmount: fact.requestedAmount,
          reason: fact.reason,
          at,
        },
        metadata: m('hr'),
      };
    case 'targetAdjustmentDecided':
      return fact.approvedAmount === null
        ? {
            type: 'RejectTargetAdjustment',
            data: {
              subjectId: employeeId,
              subjectKind: 'employee',
              period: fact.period,
              requestId: fact.requestId,
              reason: fact.reason,
              rejectedBy: fact.decidedBy,
              at,
            },
            metadata: m('hr'),
          }
        : {
            type: 'ApproveTargetAdjustment',
            data: {
              subjectId: employeeId,
              subjectKind: 'employee',
              period: fact.period,
              requestId: fact.requestId,
              approvedAmount: fact.approvedAmount,
              approvedBy: fact.decidedBy,
              at,
            },
            metadata: m('hr'),
          };
    case 'nominated':
      return {
        type: 'Nominate',
        data: {
          reviewId: fact.reviewId,
          employeeId,
          fromLevel: fact.fromLevel,
          toLevel: fact.toLevel,
          track: fact.track,
          score: fact.score,
          reason: fact.nominatedBy === null ? 'threshold_reached' : 'manager_nomination',
          nominatedBy: fact.nominatedBy ?? 'system:eligibility',
          at,
        },
        metadata: m('hr'),
      };
    case 'saleClosed':
      return {
        type: 'CloseSale',
        data: {
          saleId: fact.saleId,
          employeeId,
          amount: fact.amount,
          grossMargin: fact.grossMargin,
          productLine: fact.productLine,
          customerId: fact.customerId,
          customerType: fact.customerType,
          channel: fact.channel,
          newCustomer: fact.newCustomer,
          cycleDays: fact.cycleDays,
          closedAt: at,
        },
        metadata: m('crm'),
      };
    case 'paymentCollected':
      return {
        type: 'CollectPayment',
        data: { paymentId: fact.paymentId, saleId: fact.saleId, amount: fact.amount, collectedAt: at },
        metadata: m('erp'),
      };
    case 'paymentRefunded':
      return {
        type: 'RefundPayment',
        data: {
          paymentId: fact.paymentId,
          saleId: fact.saleId,
          amount: fact.amount,
          reason: fact.reason,
          refundedAt: at,
        },
        metadata: m('erp'),
      };
    case 'opportunityCreated':
      return {
        type: 'CreateOpportunity',
        data: { employeeId, opportunityId: fact.opportunityId, customerId: fact.customerId, at },
        metadata: m('crm'),
      };
    case 'demoGiven':
      return { type: 'GiveDemo', data: { employeeId, customerId: fact.customerId, at }, metadata: m('crm') };
    case 'followUpLogged':
      return {
        type: 'LogFollowUp',
        data: { employeeId, customerId: fact.customerId, at },
        metadata: m('crm'),
      };
    case 'customerRetained':
      return {
        type: 'RecordCustomerRetention',
        data: { employeeId, customerId: fact.customerId, at },
        metadata: m('crm'),
      };
    case 'customerChurned':
      return {
        type: 'RecordCustomerChurn',
        data: { employeeId, customerId: fact.customerId, at },
        metadata: m('crm'),
      };
    case 'customerFeedback':
      return {
        type: 'RecordCustomerFeedback',
        data: { employeeId, customerId: fact.customerId, rating: fact.rating, at },
        metadata: m('crm'),
      };
    case 'expenseRecorded':
      return {
        type: 'RecordExpense',
        data: { employeeId, expenseId: fact.expenseId, amount: fact.amount, category: fact.category, at },
        metadata: m('erp'),
      };
    case 'collaborationCredited':
      return {
        type: 'CreditCollaboration',
        data: { employeeId, helpedEmployeeId: fact.helpedPersonId, at },
        metadata: m('oa'),
      };
    case 'feedback360':
      return {
        type: 'GiveFeedback360',
        data: { employeeId, from: fact.from, rating: fact.rating, at },
        metadata: m('oa'),
      };
    case 'attendance':
      return {
        type: 'RecordAttendance',
        data: {
          employeeId,
          month: fact.month,
          workingDays: fact.workingDays,
          daysPresent: fact.daysPresent,
          lateArrivals: fact.lateArrivals,
          earlyLeaves: fact.earlyLeaves,
          at,
        },
        metadata: m('hr'),
      };
    case 'satisfaction':
      return {
        type: 'AnswerSatisfactionPulse',
        data: { employeeId, score: fact.score, at },
        metadata: m('hr'),
      };
    case 'intervened':
      return {
        type: 'RecordIntervention',
        data: { employeeId, kind: fact.interventionKind, note: fact.note, recordedBy: fact.recordedBy, at },
        metadata: m('hr'),
      };
    case 'courseAssigned':
      return {
        type: 'AssignCourse',
        data: {
          employeeId,
          courseId: fact.courseId,
          assignedBy: 'system:course-recommender',
          reason: fact.reason,
          dueOn: courseDueOn(fact.courseId, at),
          at,
        },
        metadata: m('lms'),
      };
    case 'courseStarted':
      return { type: 'StartCourse', data: { employeeId, courseId: fact.courseId, at }, metadata: m('lms') };
    case 'courseCompleted':
      return {
        type: 'CompleteCourse',
        data: { employeeId, courseId: fact.courseId, testScore: fact.testScore, at },
        metadata: m('lms'),
      };
    case 'skillAssessed':
      return {
        type: 'RecordSkillAssessment',
        data: { employeeId, test: fact.test, score: fact.score, at },
        metadata: m('lms'),
      };
    case 'mentorAssigned':
      return {
        type: 'AssignMentor',
        data: { menteeId: employeeId, mentorId: fact.mentorId, at },
        metadata: m('oa'),
      };
    case 'mentorTaskDone':
      return {
        type: 'RecordMentorTask',
        data: { menteeId: employeeId, mentorId: fact.mentorId, task: fact.task, notes: fact.notes, at },
        metadata: m('oa'),
      };
    case 'mentorRated':
      return {
        type: 'RateMentor',
        data: { menteeId: employeeId, mentorId: fact.mentorId, rating: fact.rating, at },
        metadata: m('oa'),
      };
    case 'targetSet':
      return {
        type: 'SetTarget',
        data: {
          subjectId: employeeId,
          subjectKind: fact.team ? 'team' : 'employee',
          period: fact.period,
          amount: fact.amount,
          basis: fact.basis,
          setBy: 'system:target-baseline',
          at,
        },
        metadata: m('hr'),
      };
    default: {
      const unknown: never = fact;
      throw new TypeError(`unknown simulated fact ${JSON.stringify(unknown)}`);
    }
  }
}

export type SimulateCommandsOptions = {
  /**
   * Only what happened up to this moment (ISO date-time) is yielded: the demo's history ends
   * at its today. Commands are stamped in time order, so a later `until` yields the same
   * commands and then more.
   */
  readonly until?: string;
  /** The first `skip` commands of the history are stored already: counted, not yielded. */
  readonly skip?: number;
  /**
   * After the history, the present's commands (`simulateFacts`'s `present`): ids
   * `sim-<seed>-<tag>-p<k>`, stamped just before `until`, outside the history's numbering.
   */
  readonly present?: { readonly tag: string; readonly cast?: (cast: DemoCast) => void };
  /** Told the number of history commands up to `until` (the next run's `skip`). */
  readonly onHistory?: (commands: number) => void;
  /** With `SimulationConfig.interventions`: the programme's hidden truth (`SimulateOptions`). */
  readonly onInterventions?: (truth: InterventionTruth, product: ProductInMemory) => void;
};

/**
 * The simulated company as commands in time order, generated lazily week by week. Same
 * config → same commands (ids and timestamps included): `sim-<seed>-<n>`.
 */
export function* simulateCommands(
  config: SimulationConfig,
  policies: SimulationPolicies = DEFAULT_SIMULATION_POLICIES,
  options: SimulateCommandsOptions = {},
): Generator<SimulatedCommand, void, undefined> {
  const calendar = simulationCalendar(config.start);
  const until = options.until === undefined ? Number.POSITIVE_INFINITY : Date.parse(options.until);
  const skip = options.skip ?? 0;
  let n = 0;
  let today = -1;
  let k = 0;
  let lastAt = Date.parse(calendar.date(0));
  const presentFacts: SimFact[] = [];
  for (const fact of simulateFacts(config, policies, {
    ...(options.present
      ? {
          present: {
            tag: options.present.tag,
            ...(options.present.cast ? { cast: options.present.cast } : {}),
            ...(options.until === undefined ? {} : { today: options.until.slice(0, 10) }),
          },
        }
      : {}),
    ...(options.onInterventions ? { onInterventions: options.onInterventions } : {}),
  })) {
    if (fact.present) {
      presentFacts.push(fact);
      continue;
    }
    const day = fact.week * 7 + fact.day;
    k = day === today ? k + 1 : 0;
    today = day;
    const at = calendar.at(fact.week, fact.day, k);
    if (Date.parse(at) > until) continue;
    lastAt = Date.parse(at);
    n++;
    if (n <= skip) continue;
    yield toCommand(
      fact,
      { commandId: `sim-${config.seed}-${n}`, at, actor: 'system:simulator', source: 'simulator' },
      calendar,
    );
  }
  options.onHistory?.(n);
  if (!options.present) return;
  const tag = options.present.tag;
  // Just before today's moment, today (and after the history's last command).
  const base = Number.isFinite(until)
    ? Math.max(lastAt + 1, until - (presentFacts.length + 1) * 1000)
    : lastAt + 1000;
  for (const [i, fact] of presentFacts.entries()) {
    const at = new Date(base + i * 1000).toISOString();
    yield toCommand(
      fact,
      {
        commandId: `sim-${config.seed}-${tag}-p${i + 1}`,
        at,
        actor: 'system:simulator',
        source: 'simulator',
      },
      calendar,
    );
  }
}
