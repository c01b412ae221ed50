import type { DomainCommandType } from '@trackrecord/domain';

/**
 * The events each source system posts, and the domain command each becomes.
 *
 * Every body is one event: `{ "id", "type", "occurredAt", "data" }`. `id` is the source's own
 * event id (its idempotency key), `occurredAt` the ISO 8601 time of the fact (it fills the
 * command's time field, e.g. `closedAt` of a sale), `data` the fields below, named as in the
 * domain command. Amounts (`amount`) are in yuan — a number or a string with at most two
 * decimals — and become integer fen.
 */
export const HOOK_SOURCES = ['crm', 'erp', 'lms', 'oa'] as const;
export type HookSource = (typeof HOOK_SOURCES)[number];

export interface HookEventType {
  readonly command: DomainCommandType;
  /** The command field that takes `occurredAt`. */
  readonly timeField: string;
  /** `data` fields, for the documentation and the error when one is missing. */
  readonly fields: readonly string[];
  /** Fields given in yuan, turned into fen. */
  readonly yuan?: readonly string[];
}

export const HOOK_EVENTS: Readonly<Record<HookSource, Readonly<Record<string, HookEventType>>>> = {
  crm: {
    'sale.closed': {
      command: 'CloseSale',
      timeField: 'closedAt',
      fields: [
        'saleId',
        'employeeId',
        'amount',
        'grossMargin',
        'productLine',
        'customerId',
        'customerType',
        'channel',
        'newCustomer',
        'cycleDays',
      ],
      yuan: ['amount'],
    },
    'sale.reversed': { command: 'ReverseSale', timeField: 'reversedAt', fields: ['saleId', 'reason'] },
    'sale.corrected': {
      command: 'CorrectSale',
      timeField: 'correctedAt',
      fields: ['saleId', 'amount', 'grossMargin', 'reason'],
      yuan: ['amount'],
    },
    'opportunity.created': {
      command: 'CreateOpportunity',
      timeField: 'at',
      fields: ['employeeId', 'opportunityId', 'customerId'],
    },
    'demo.given': { command: 'GiveDemo', timeField: 'at', fields: ['employeeId', 'customerId'] },
    'followup.logged': { command: 'LogFollowUp', timeField: 'at', fields: ['employeeId', 'customerId'] },
    'customer.retained': {
      command: 'RecordCustomerRetention',
      timeField: 'at',
      fields: ['employeeId', 'customerId'],
    },
    'customer.churned': {
      command: 'RecordCustomerChurn',
      timeField: 'at',
      fields: ['employeeId', 'customerId'],
    },
    'customer.feedback': {
      command: 'RecordCustomerFeedback',
      timeField: 'at',
      fields: ['employeeId', 'customerId', 'rating', 'comment?'],
    },
  },
  erp: {
    'payment.collected': {
      command: 'CollectPayment',
      timeField: 'collectedAt',
      fields: ['paymentId', 'saleId', 'amount'],
      yuan: ['amount'],
    },
    'payment.refunded': {
      command: 'RefundPayment',
      timeField: 'refundedAt',
      fields: ['paymentId', 'saleId', 'amount', 'reason'],
      yuan: ['amount'],
    },
    'expense.recorded': {
      command: 'RecordExpense',
      timeField: 'at',
      fields: ['employeeId', 'expenseId', 'amount', 'category'],
      yuan: ['amount'],
    },
  },
  lms: {
    'course.assigned': {
      command: 'AssignCourse',
      timeField: 'at',
      fields: ['employeeId', 'courseId', 'assignedBy', 'reason?'],
    },
    'course.started': { command: 'StartCourse', timeField: 'at', fields: ['employeeId', 'courseId'] },
    'course.completed': {
      command: 'CompleteCourse',
      timeField: 'at',
      fields: ['employeeId', 'courseId', 'testScore'],
    },
    'skill.assessed': {
      command: 'RecordSkillAssessment',
      timeField: 'at',
      fields: ['employeeId', 'test', 'score'],
    },
  },
  oa: {
    'mentor.assigned': { command: 'AssignMentor', timeField: 'at', fields: ['menteeId', 'mentorId'] },
    'mentor.task_done': {
      command: 'RecordMentorTask',
      timeField: 'at',
      fields: ['menteeId', 'mentorId', 'task', 'notes'],
    },
    'mentor.rated': { command: 'RateMentor', timeField: 'at', fields: ['menteeId', 'mentorId', 'rating'] },
    'feedback.given': {
      command: 'GiveFeedback360',
      timeField: 'at',
      fields: ['employeeId', 'from', 'fromId?', 'rating', 'comment?'],
    },
    'collaboration.credited': {
      command: 'CreditCollaboration',
      timeField: 'at',
      fields: ['employeeId', 'helpedEmployeeId', 'saleId?'],
    },
    'pulse.answered': {
      command: 'AnswerSatisfactionPulse',
      timeField: 'at',
      fields: ['employeeId', 'score'],
    },
  },
};

export function isHookSource(source: string): source is HookSource {
  return (HOOK_SOURCES as readonly string[]).includes(source);
}
