import {
  actingIdOf,
  alertStream,
  type CommandRoute,
  type CommandSubject,
  type DomainCommand,
  type DomainCommandType,
  DomainError,
  employeeStream,
  isDerivedAlertId,
  type ManagedUnit,
  mentorshipStream,
  parseEvent,
  requireWithinUnit,
  reviewStream,
  routeCommand,
  saleStream,
} from '@trackrecord/domain';
import type { EventStore, RecordedEvent } from '@trackrecord/eventstore';
import { type Database, isRoundCandidate, roundCommittee } from '@trackrecord/projections';
import { type Kysely, sql } from 'kysely';
import { employeeContextFromRecorded, readEmployeeStreams } from '../commands/load.ts';
import { ROLE_LABELS, type Viewer } from './viewer.ts';

/**
 * Who may issue which command. Authorisation happens in two steps, both before anything is
 * decided or appended: the role must be allowed the command at all, then the person, team or
 * sale it concerns must lie within the viewer's unit (a manager's branch or team, a rep's self).
 *
 * - HR administrators may issue every command;
 * - committee members vote and decide promotions, as themselves;
 * - HR and the committee members of a round's reviews annotate the round (calibration), about
 *   the round or one of its candidates;
 * - branch and team managers record sales, activity, training, mentoring, targets, probation
 *   outcomes, nominations and interventions on people at risk of leaving for people of their
 *   branch or team;
 * - a sales rep records their own activity (their own sales, follow-ups,
 *   demos, opportunities, expenses, courses, rating their mentor, asking for a target
 *   adjustment, the satisfaction pulse) and may give peer 360 feedback as themselves; a rep
 *   who mentors records the weekly mentor tasks of their own current mentees, as themself;
 * - managers also acknowledge alerts; raising one by hand is HR's (the platform's reactors
 *   raise theirs through the bus);
 * - analysts and auditors read only.
 */
const MANAGER_COMMANDS: ReadonlySet<DomainCommandType> = new Set<DomainCommandType>([
  'PassProbation',
  'FailProbation',
  'CloseSale',
  'ReverseSale',
  'CorrectSale',
  'CreateOpportunity',
  'GiveDemo',
  'LogFollowUp',
  'RecordCustomerRetention',
  'RecordCustomerChurn',
  'RecordCustomerFeedback',
  'RecordExpense',
  'CreditCollaboration',
  'GiveFeedback360',
  'RecordAttendance',
  'AssignCourse',
  'StartCourse',
  'CompleteCourse',
  'RecordSkillAssessment',
  'AssignMentor',
  'RecordMentorTask',
  'RateMentor',
  'SetTarget',
  'RequestTargetAdjustment',
  'ApproveTargetAdjustment',
  'RejectTargetAdjustment',
  'SplitTeamTarget',
  'Nominate',
  'AcknowledgeAlert',
  'RecordIntervention',
]);

const REP_COMMANDS: ReadonlySet<DomainCommandType> = new Set<DomainCommandType>([
  'CloseSale',
  'CreateOpportunity',
  'GiveDemo',
  'LogFollowUp',
  'RecordCustomerRetention',
  'RecordCustomerChurn',
  'RecordExpense',
  'DisputeCommissionLine',
  'StartCourse',
  'CompleteCourse',
  'RateMentor',
  'RecordMentorTask',
  'RequestTargetAdjustment',
  'AnswerSatisfactionPulse',
  'GiveFeedback360',
]);

/**
 * Money that commission is paid on: payments and refunds come from the ERP (webhooks, import)
 * or are recorded by HR; disputes are resolved by HR. Nobody paid commission on a sale, nor
 * their manager, records or settles the money it is paid on.
 */
const PAYMENT_COMMANDS: ReadonlySet<DomainCommandType> = new Set<DomainCommandType>([
  'CollectPayment',
  'RefundPayment',
  'ResolveCommissionDispute',
  'CloseCommissionPeriod',
]);

const paymentsFromFinance = (role: Viewer['role']): RoleRefusal => ({
  rule: 'payments_from_finance',
  en: `payments, refunds, commission disputes and payout periods come from the ERP (webhooks or import) or are handled by HR; a ${role.replace('_', ' ')} may not record or settle them, not even for their own sales`,
  zh: `回款、退款、提成申诉处理和结算期关闭由财务系统（ERP 接口或导入）或人力资源处理；${roleZh(role)}不能登记或处理，自己的销售也不行`,
});

const COMMITTEE_COMMANDS: ReadonlySet<DomainCommandType> = new Set<DomainCommandType>([
  'CastVote',
  'DecidePromotion',
]);

/** Why a command is refused: the message in English and Chinese, the rule, and the field it is about. */
export interface Refusal {
  readonly message: string;
  /** The same in Chinese; absent for a domain rule, which the API words from its rule and details. */
  readonly messageZh?: string;
  readonly rule: string;
  readonly field: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** What authorisation reads with; `loaded` receives the streams it read in full. */
export interface AccessDeps {
  readonly store: EventStore;
  readonly db: Kysely<Database>;
  /**
   * Filled with every stream read in full on the way (an employee's, a review's), so that the
   * command pipeline decides on them without reading them again (`BatchItem.loaded`).
   */
  readonly loaded?: Map<string, readonly RecordedEvent[]>;
}

/**
 * The reason a viewer may not issue a command, or `undefined` when they may. `route` is the
 * command's route when the caller has it already.
 */
export async function commandRefusal(
  viewer: Viewer,
  command: DomainCommand,
  deps: AccessDeps,
  route: CommandRoute = routeCommand(command),
): Promise<Refusal | undefined> {
  // What the command is about comes from its route, the table every command is decided by.
  const subject = route.subject;
  const message = await refusalMessage(viewer, command, subject, deps);
  if (message === undefined) return undefined;
  if (message instanceof DomainError) {
    return {
      message: message.message,
      rule: String(message.details.rule ?? 'forbidden'),
      field: String(message.details.field ?? subject.field),
      details: message.details,
    };
  }
  return {
    message: message.en,
    messageZh: message.zh,
    rule: message.rule,
    field: message.field ?? subject.field,
    details: {},
  };
}

/** A refusal by role, in both languages. */
type RoleRefusal = {
  readonly rule: string;
  readonly en: string;
  readonly zh: string;
  /** The command's field the refusal is about, when not its subject's. */
  readonly field?: string;
};

const roleZh = (role: Viewer['role']) => ROLE_LABELS[role].zh;

async function refusalMessage(
  viewer: Viewer,
  command: DomainCommand,
  subject: CommandSubject,
  deps: AccessDeps,
): Promise<RoleRefusal | DomainError | undefined> {
  const { type } = command;
  const data = command.data as Record<string, unknown>;
  const self = actingIdOf(viewer);
  switch (viewer.role) {
    case 'hr_admin':
      if (type === 'AnnotateCalibration') return calibrationRefusal(viewer, data, self, deps);
      // Payments come from the ERP; HR records one by hand only saying why.
      if (type === 'CollectPayment' && !(typeof data.reason === 'string' && data.reason.trim() !== ''))
        return {
          rule: 'manual_payment_reason',
          field: 'reason',
          en: 'payments come from the ERP; HR records one by hand only with the reason (e.g. paid in cash, ERP down): give the reason',
          zh: '回款通常来自财务系统；人力资源手工登记回款时须注明原因（如现金收款、财务系统故障）：请填写原因',
        };
      return undefined;
    case 'analyst':
    case 'auditor':
      return {
        rule: 'read_only',
        en: `a ${viewer.role} may read but not change anything`,
        zh: `${roleZh(viewer.role)}只能查看，不能修改任何数据`,
      };
    case 'committee_member': {
      if (type === 'AnnotateCalibration') return calibrationRefusal(viewer, data, self, deps);
      if (!COMMITTEE_COMMANDS.has(type))
        return {
          rule: 'role_may_not',
          en: `a committee member may only vote and decide promotions, not ${type}`,
          zh: `评审委员会成员只能投票和作出晋升决定，不能执行此操作（${type}）`,
        };
      const who = type === 'CastVote' ? data.memberId : data.decidedBy;
      return who === self
        ? undefined
        : {
            rule: 'act_as_self',
            en: `a committee member acts as themself (${self}), not as ${String(who)}`,
            zh: `评审委员会成员只能以本人身份投票或决定`,
          };
    }
    case 'sales_rep': {
      if (PAYMENT_COMMANDS.has(type)) return paymentsFromFinance(viewer.role);
      if (!REP_COMMANDS.has(type))
        return {
          rule: 'role_may_not',
          en: `a sales rep may not issue ${type}`,
          zh: `销售代表无权执行此操作（${type}）`,
        };
      if (type === 'GiveFeedback360') {
        return data.from === 'peer' && data.fromId === self && data.employeeId !== self
          ? undefined
          : {
              rule: 'peer_feedback_only',
              en: `a sales rep gives 360 feedback only as a peer (from: peer, fromId: ${self}) about someone else`,
              zh: '销售代表只能以同事身份、以本人名义对他人给出 360 度反馈',
            };
      }
      if (type === 'RecordMentorTask') return ownMentee(self, data, deps);
      const employeeId = await subjectEmployee(subject, deps);
      return employeeId === self
        ? undefined
        : {
            rule: 'own_activity_only',
            en: `a sales rep records only their own activity (${self})`,
            zh: '销售代表只能记录本人的活动',
          };
    }
    case 'branch_manager':
    case 'team_manager': {
      if (PAYMENT_COMMANDS.has(type)) return paymentsFromFinance(viewer.role);
      if (!MANAGER_COMMANDS.has(type))
        return {
          rule: 'role_may_not',
          en: `a ${viewer.role} may not issue ${type}`,
          zh: `${roleZh(viewer.role)}无权执行此操作（${type}）`,
        };
      const unit = await subjectUnit(subject, deps);
      // Unknown people, sales and alerts are refused exactly like another unit's: a NotFound
      // for one and Forbidden for the other would tell a manager who exists elsewhere.
      const managed: ManagedUnit =
        viewer.role === 'branch_manager'
          ? { kind: 'branch', branchId: viewer.branchId ?? '' }
          : { kind: 'team', teamId: viewer.teamId ?? '' };
      try {
        requireWithinUnit(managed, unit, describe(subject), subject.field);
        return undefined;
      } catch (error) {
        if (error instanceof DomainError) return error;
        throw error;
      }
    }
    default: {
      const unreachable: never = viewer.role;
      return {
        rule: 'forbidden',
        en: `unknown role ${String(unreachable)}`,
        zh: `未知角色 ${String(unreachable)}`,
      };
    }
  }
}

/**
 * A calibration note: a committee member writes only on a round whose reviews they sit on, and
 * a note about a person only about a candidate of that round (for HR too).
 */
async function calibrationRefusal(
  viewer: Viewer,
  data: Record<string, unknown>,
  self: string,
  deps: AccessDeps,
): Promise<RoleRefusal | undefined> {
  const round = String(data.round);
  if (viewer.role === 'committee_member' && !(await roundCommittee(deps.db, round)).has(self)) {
    return {
      rule: 'not_on_round_committee',
      field: 'round',
      en: `only HR and the committee members of the reviews of round ${round} may annotate it; you sit on none of them`,
      zh: `只有人力资源和 ${round} 轮次评审的委员可以为该轮次添加备注；你不是其中任何评审的委员`,
    };
  }
  const employeeId = data.employeeId;
  if (typeof employeeId === 'string' && !(await isRoundCandidate(deps.db, round, employeeId))) {
    return {
      rule: 'not_in_round',
      field: 'employeeId',
      en: `${employeeId} was not nominated in round ${round}: a note is about a candidate of the round or the round as a whole`,
      zh: `${employeeId} 不是 ${round} 轮次的候选人：备注只能针对该轮次的候选人或整个轮次`,
    };
  }
  return undefined;
}

/**
 * A mentor records tasks as themself and only for a newcomer they mentor now (the last
 * `MentorAssigned` of the mentee's `mentorship-<menteeId>` stream names them).
 */
async function ownMentee(
  self: string,
  data: Record<string, unknown>,
  deps: AccessDeps,
): Promise<RoleRefusal | undefined> {
  const refusal: RoleRefusal = {
    rule: 'own_mentees_only',
    field: 'menteeId',
    en: `a mentor records tasks only for their own mentees, as themself (${self}): ${String(data.menteeId)} is not your mentee`,
    zh: '导师只能以本人身份为自己正在带教的新人记录带教任务：此人不是你的带教新人',
  };
  if (data.mentorId !== self || typeof data.menteeId !== 'string') return refusal;
  const stream = mentorshipStream(data.menteeId);
  const events = await deps.store.readStream(stream);
  deps.loaded?.set(stream, events);
  const assigned = events.filter((e) => e.type === 'MentorAssigned').at(-1);
  return assigned?.data.mentorId === self ? undefined : refusal;
}

function describe(subject: CommandSubject): string {
  switch (subject.kind) {
    case 'employee':
      return `employee ${subject.employeeId}`;
    case 'team':
      return `team ${subject.teamId}`;
    case 'sale':
      return `sale ${subject.saleId}`;
    case 'review':
      return `review ${subject.reviewId}`;
    case 'alert':
      return `alert ${subject.alertId}`;
    case 'company':
      return 'the company';
  }
}

/** The employee a subject comes down to (a sale's seller, a review's candidate), if known. */
async function subjectEmployee(subject: CommandSubject, deps: AccessDeps): Promise<string | undefined> {
  const { store } = deps;
  switch (subject.kind) {
    case 'employee':
      return subject.employeeId;
    case 'sale': {
      const [first] = await store.readStream(saleStream(subject.saleId), { maxCount: 1 });
      if (!first) return undefined;
      const event = parseEvent(first.type, first.schemaVersion, first.data);
      return 'employeeId' in event.data ? String(event.data.employeeId) : undefined;
    }
    case 'review': {
      const events = await store.readStream(reviewStream(subject.reviewId));
      deps.loaded?.set(reviewStream(subject.reviewId), events);
      const nominated = events.find((e) => e.type === 'PromotionNominated');
      return nominated ? String(nominated.data.employeeId) : undefined;
    }
    case 'alert': {
      // A derived alert's id names its mentee (`mentor_overdue:<mentee>:<mentor>:<week>`); a
      // raised alert's first event names the person it is about.
      if (isDerivedAlertId(subject.alertId)) return subject.alertId.split(':')[1];
      const [raised] = await store.readStream(alertStream(subject.alertId), { maxCount: 1 });
      return raised?.type === 'AlertRaised' ? String(raised.data.employeeId) : undefined;
    }
    default:
      return undefined;
  }
}

/** The branch and team a subject belongs to now, from the event store (employees) or the people read model (teams). */
async function subjectUnit(
  subject: CommandSubject,
  deps: AccessDeps,
): Promise<{ branchId: string | undefined; teamId: string | undefined } | undefined> {
  if (subject.kind === 'company') return { branchId: undefined, teamId: undefined };
  if (subject.kind === 'team') {
    const { rows } = await sql<{ branch_id: string }>`
      SELECT branch_id FROM read.people WHERE team_id = ${subject.teamId} LIMIT 1`.execute(deps.db);
    return { branchId: rows[0]?.branch_id, teamId: subject.teamId };
  }
  const employeeId = await subjectEmployee(subject, deps);
  if (!employeeId) return undefined;
  const [events] = await readEmployeeStreams(deps.store, [employeeId]);
  deps.loaded?.set(employeeStream(employeeId), events!);
  const context = employeeContextFromRecorded(employeeId, events!);
  if (context.status === 'unknown') return undefined;
  return { branchId: context.branchId, teamId: context.teamId };
}
