import type { z } from 'zod';
import { alertEvents } from './alerts/events.ts';
import { careerEvents, REDACTED } from './career/events.ts';
import { commissionEvents } from './commission/events.ts';
import { type CatalogOf, catalogOf, type EventDefinition, parseWith } from './core/catalog.ts';
import { DomainError } from './core/errors.ts';
import { demoSeedEvents } from './demoSeed/events.ts';
import { hrEvents } from './hr/events.ts';
import { mentoringEvents } from './mentoring/events.ts';
import { orgEvents } from './org/events.ts';
import { policyEvents } from './policy/events.ts';
import { calibrationEvents, promotionEvents } from './promotion/events.ts';
import { salesEvents } from './sales/events.ts';
import { targetEvents } from './targets/events.ts';
import { trainingActivityEvents, trainingEvents } from './training/events.ts';
import { userEvents } from './users/events.ts';

/** Every event definition of Track Record, module by module. */
export const allEvents = [
  ...careerEvents,
  ...salesEvents,
  ...trainingEvents,
  ...trainingActivityEvents,
  ...mentoringEvents,
  ...hrEvents,
  ...targetEvents,
  ...promotionEvents,
  // Calibration notes on promotion rounds (promotion/events.ts).
  ...calibrationEvents,
  // Policy module (policy/events.ts, owned by the policy engineer): its publications.
  ...policyEvents,
  ...alertEvents,
  // Names of regions, branches and teams (org/events.ts).
  ...orgEvents,
  // Commission payout periods (commission/events.ts).
  ...commissionEvents,
  // Users, their link to an employee and their role grants (users/events.ts).
  ...userEvents,
  // Demo seed bookkeeping (demoSeed/events.ts): which simulated company a store holds.
  ...demoSeedEvents,
] as const;

/**
 * The event catalog: event type → `{ type, schema, currentVersion, upcast }`. Built from the
 * modules' lists above; a type defined twice fails when this module loads.
 */
export const eventCatalog: CatalogOf<typeof allEvents> = catalogOf(allEvents);

type Catalog = typeof eventCatalog;
export type DomainEventType = keyof Catalog;

/** Each event type with its current data, derived from the schemas. */
export type DomainEventMap = {
  [K in DomainEventType]: { readonly type: K; readonly data: z.output<Catalog[K]['schema']> };
};
/** The union of every domain event, derived from the schemas: the one source of truth. */
export type DomainEvent = DomainEventMap[DomainEventType];
/** The current data of one event type, e.g. `EventData<'SaleClosed'>`. */
export type EventData<K extends DomainEventType> = DomainEventMap[K]['data'];

export function isEventType(type: string): type is DomainEventType {
  return Object.hasOwn(eventCatalog, type);
}

export function eventDefinition(type: string): EventDefinition {
  if (!isEventType(type)) throw new DomainError('VALIDATION', `unknown event type "${type}"`, { type });
  return eventCatalog[type];
}

/**
 * Upcasts a stored event's data from its schema version to the current one and validates it.
 * Throws a VALIDATION DomainError naming the type, the stored version and each problem's path.
 */
export function parseEvent(type: string, schemaVersion: number, data: unknown): DomainEvent {
  const definition = eventDefinition(type);
  const parsed = parseWith(definition, schemaVersion, data);
  // The one assertion of the union in the domain: the definition found by `type` has just
  // validated `data`, so the pair is that type's member of DomainEvent. TypeScript cannot
  // correlate a runtime key with its entry's schema (microsoft/TypeScript#30581).
  return { type: definition.type, data: parsed } as DomainEvent;
}

/** The schema version new events of a type are written with. */
export function currentVersion(type: DomainEventType): number {
  return eventCatalog[type].currentVersion;
}

/** The fields of an event type's data that hold a string: the candidates for its business time. */
type StringField<K extends DomainEventType> = {
  [F in keyof EventData<K>]-?: NonNullable<EventData<K>[F]> extends string ? F : never;
}[keyof EventData<K>] &
  string;

/**
 * Each event type's business time: the field of its data that says when it happened in the
 * business (a sale its closing, a payment its collection, a hire its start), or null for
 * events about the platform or about policy documents, which state no such time. Declared
 * here for every type, so that nothing reading events guesses it from field names; a new
 * event type without an entry does not compile.
 */
export const businessTimeFields: { readonly [K in DomainEventType]: StringField<K> | null } = {
  EmployeeHired: 'hiredAt',
  EmployeeTransferred: 'effectiveAt',
  RankChanged: 'effectiveAt',
  ProbationPassed: 'at',
  ProbationFailed: 'at',
  EmployeeLeft: 'leftAt',
  PersonalDataRedacted: 'at',
  SaleClosed: 'closedAt',
  SaleReversed: 'reversedAt',
  SaleCorrected: 'correctedAt',
  PaymentCollected: 'collectedAt',
  PaymentRefunded: 'refundedAt',
  CommissionLineDisputed: 'at',
  CommissionDisputeResolved: 'at',
  CommissionPeriodClosed: 'at',
  OpportunityCreated: 'at',
  DemoGiven: 'at',
  CustomerFollowUpLogged: 'at',
  CustomerRetained: 'at',
  CustomerChurned: 'at',
  CustomerFeedbackGiven: 'at',
  ExpenseRecorded: 'at',
  CourseAssigned: 'at',
  CourseStarted: 'at',
  CourseCompleted: 'at',
  SkillAssessed: 'at',
  MentorAssigned: 'at',
  MentorTaskDone: 'at',
  MentorRated: 'at',
  CollaborationCredited: 'at',
  Feedback360Given: 'at',
  AttendanceRecorded: 'at',
  SatisfactionPulseAnswered: 'at',
  InterventionRecorded: 'at',
  TargetSet: 'at',
  TargetAdjustmentRequested: 'at',
  TargetAdjustmentApproved: 'at',
  TargetAdjustmentRejected: 'at',
  TeamTargetSplit: 'at',
  PromotionNominated: 'at',
  ReviewOpened: 'at',
  VoteCast: 'at',
  PromotionDecided: 'at',
  CalibrationAnnotated: 'at',
  // Policy documents take effect by their own rules; the publication states no business time.
  ScoringPolicyPublished: null,
  LadderPublished: null,
  CommissionPlanPublished: null,
  RetentionModelPublished: null,
  CoursePolicyPublished: null,
  TargetPolicyPublished: null,
  ProbationPolicyPublished: null,
  FieldRulesPublished: null,
  PolicyVariantWithdrawn: null,
  AlertRaised: 'at',
  AlertAcknowledged: 'at',
  OrgUnitNamed: 'at',
  UserLinked: 'at',
  RoleGranted: 'at',
  RoleRevoked: 'at',
  // Demo seed bookkeeping: its `at` is the wall clock of the run that wrote it, not business time.
  DemoSeedStarted: null,
  DemoSeedCompleted: null,
  DemoSeedContinued: null,
};

/**
 * The business time an event of `type` states in `data` (as written), or undefined when its
 * type declares none or the field does not hold a date. Reads data that need not have been
 * validated (clocks look at every stored event); throws a VALIDATION DomainError for a type
 * that is not in the catalog.
 */
export function businessTimeOf(type: string, data: unknown): string | undefined {
  if (!isEventType(type)) throw new DomainError('VALIDATION', `unknown event type "${type}"`, { type });
  const field = businessTimeFields[type];
  if (field === null || typeof data !== 'object' || data === null) return undefined;
  const value = (data as Record<string, unknown>)[field];
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : undefined;
}

/**
 * Personal data, per event type: the field naming the person an event is about (`subject`) and
 * its personal fields, each with the language of the word it reads as once redacted (`zh` 已删除
 * or `en` redacted; `en` marks the English form of a name, which is set even where the event
 * left it out). Null for event types without personal fields: business facts (sales, scores,
 * ranks, decisions) are not personal data and are never erased, which is why a decision replays
 * unchanged after a redaction. Declared here for every type, so a new event type must say.
 *
 * Not erased: a vote's comment (VoteCast names the review, not the candidate) and the free-text
 * reasons of business records (a sale's correction, a dispute's resolution), which are about the
 * business fact; docs/privacy.md.
 */
type PersonalFields<K extends DomainEventType> = {
  readonly subject: StringField<K>;
  readonly fields: { readonly [F in StringField<K>]?: 'zh' | 'en' };
};
export const personalDataFields: { readonly [K in DomainEventType]: PersonalFields<K> | null } = {
  EmployeeHired: { subject: 'employeeId', fields: { name: 'zh', nameEn: 'en' } },
  EmployeeTransferred: null,
  RankChanged: null,
  ProbationPassed: null,
  ProbationFailed: { subject: 'employeeId', fields: { reason: 'zh' } },
  EmployeeLeft: { subject: 'employeeId', fields: { reason: 'zh' } },
  PersonalDataRedacted: null,
  SaleClosed: null,
  SaleReversed: null,
  SaleCorrected: null,
  PaymentCollected: null,
  PaymentRefunded: null,
  CommissionLineDisputed: { subject: 'employeeId', fields: { comment: 'zh' } },
  CommissionDisputeResolved: null,
  CommissionPeriodClosed: null,
  OpportunityCreated: null,
  DemoGiven: null,
  CustomerFollowUpLogged: null,
  CustomerRetained: null,
  CustomerChurned: null,
  CustomerFeedbackGiven: { subject: 'employeeId', fields: { comment: 'zh' } },
  ExpenseRecorded: null,
  CourseAssigned: null,
  CourseStarted: null,
  CourseCompleted: null,
  SkillAssessed: null,
  MentorAssigned: { subject: 'menteeId', fields: { reason: 'zh' } },
  MentorTaskDone: { subject: 'menteeId', fields: { notes: 'zh' } },
  MentorRated: null,
  CollaborationCredited: null,
  Feedback360Given: { subject: 'employeeId', fields: { comment: 'zh' } },
  AttendanceRecorded: null,
  SatisfactionPulseAnswered: null,
  InterventionRecorded: { subject: 'employeeId', fields: { note: 'zh' } },
  TargetSet: null,
  TargetAdjustmentRequested: { subject: 'subjectId', fields: { reason: 'zh' } },
  TargetAdjustmentApproved: null,
  TargetAdjustmentRejected: null,
  TeamTargetSplit: null,
  PromotionNominated: null,
  ReviewOpened: null,
  VoteCast: null,
  PromotionDecided: null,
  CalibrationAnnotated: { subject: 'employeeId', fields: { note: 'zh' } },
  ScoringPolicyPublished: null,
  LadderPublished: null,
  CommissionPlanPublished: null,
  RetentionModelPublished: null,
  CoursePolicyPublished: null,
  TargetPolicyPublished: null,
  ProbationPolicyPublished: null,
  FieldRulesPublished: null,
  PolicyVariantWithdrawn: null,
  AlertRaised: null,
  AlertAcknowledged: null,
  OrgUnitNamed: null,
  UserLinked: { subject: 'employeeId', fields: { displayName: 'zh' } },
  RoleGranted: null,
  RoleRevoked: null,
  DemoSeedStarted: null,
  DemoSeedCompleted: null,
  DemoSeedContinued: null,
};

/** One field to erase: in events of `eventType` whose `subjectField` names the person. */
export interface ErasedField {
  readonly eventType: string;
  readonly subjectField: string;
  readonly field: string;
  readonly value: string;
  readonly always: boolean;
}

/** The erasure list of `personalDataFields`, in catalog order (what a PersonalDataRedacted carries). */
export function personalDataErasure(): ErasedField[] {
  const list: ErasedField[] = [];
  for (const [eventType, declared] of Object.entries(personalDataFields) as [
    string,
    { subject: string; fields: Record<string, 'zh' | 'en'> } | null,
  ][]) {
    if (!declared) continue;
    for (const [field, language] of Object.entries(declared.fields)) {
      list.push({
        eventType,
        subjectField: declared.subject,
        field,
        value: REDACTED[language],
        always: language === 'en',
      });
    }
  }
  return list;
}

/** Whether a stored value is the word a redacted field reads as. */
export const isRedacted = (value: string | null | undefined): boolean =>
  value === REDACTED.zh || value === REDACTED.en;
