import type { CommandsOf } from '../core/types.ts';
import {
  AttendanceRecorded,
  CollaborationCredited,
  CustomerChurned,
  CustomerFeedbackGiven,
  CustomerFollowUpLogged,
  CustomerRetained,
  DemoGiven,
  ExpenseRecorded,
  Feedback360Given,
  OpportunityCreated,
  SatisfactionPulseAnswered,
} from './events.ts';

/** Each activity command records exactly one fact; its data is the fact's. */
export const activityCommandSchemas = {
  CreateOpportunity: OpportunityCreated.schema,
  GiveDemo: DemoGiven.schema,
  LogFollowUp: CustomerFollowUpLogged.schema,
  RecordCustomerRetention: CustomerRetained.schema,
  RecordCustomerChurn: CustomerChurned.schema,
  RecordCustomerFeedback: CustomerFeedbackGiven.schema,
  RecordExpense: ExpenseRecorded.schema,
  CreditCollaboration: CollaborationCredited.schema,
  GiveFeedback360: Feedback360Given.schema,
  RecordAttendance: AttendanceRecorded.schema,
  AnswerSatisfactionPulse: SatisfactionPulseAnswered.schema,
} as const;

/** Which event each activity command records. */
export const ACTIVITY_EVENT_OF = {
  CreateOpportunity: 'OpportunityCreated',
  GiveDemo: 'DemoGiven',
  LogFollowUp: 'CustomerFollowUpLogged',
  RecordCustomerRetention: 'CustomerRetained',
  RecordCustomerChurn: 'CustomerChurned',
  RecordCustomerFeedback: 'CustomerFeedbackGiven',
  RecordExpense: 'ExpenseRecorded',
  CreditCollaboration: 'CollaborationCredited',
  GiveFeedback360: 'Feedback360Given',
  RecordAttendance: 'AttendanceRecorded',
  AnswerSatisfactionPulse: 'SatisfactionPulseAnswered',
} as const;

export type ActivityCommandType = keyof typeof activityCommandSchemas;
export type ActivityCommand = CommandsOf<typeof activityCommandSchemas>;
