import { illegalState, validation } from '../core/errors.ts';
import { type Command, type Decider, type EmployeeContext, requireActive } from '../core/types.ts';
import type { ActivityCommand } from './commands.ts';
import type { ActivityEvent } from './events.ts';
import { evolveActivity } from './evolve.ts';
import { type ActivityState, initialActivityState } from './state.ts';

type Of<T extends ActivityCommand['type']> = Extract<ActivityCommand, Command<T>>;

/**
 * Facts from other streams: the person's status (`employee-<employeeId>`) for every command,
 * and for `CreditCollaboration` the helped colleague's (`employee-<helpedEmployeeId>`).
 */
export interface ActivityContext {
  readonly employee?: EmployeeContext;
  readonly helped?: EmployeeContext;
}

function createOpportunity({ data }: Of<'CreateOpportunity'>, state: ActivityState): ActivityEvent[] {
  if (state.opportunityIds.has(data.opportunityId)) {
    throw illegalState(`opportunity ${data.opportunityId} is already recorded`, data);
  }
  return [{ type: 'OpportunityCreated', data }];
}

function recordExpense({ data }: Of<'RecordExpense'>, state: ActivityState): ActivityEvent[] {
  if (state.expenseIds.has(data.expenseId)) {
    throw illegalState(`expense ${data.expenseId} is already recorded`, data);
  }
  return [{ type: 'ExpenseRecorded', data }];
}

function creditCollaboration({ data }: Of<'CreditCollaboration'>, context: ActivityContext): ActivityEvent[] {
  if (data.helpedEmployeeId === data.employeeId) {
    throw validation(`employee ${data.employeeId} cannot be credited for helping themself`);
  }
  requireActive(context.helped, 'helped colleague', data.helpedEmployeeId, 'helpedEmployeeId');
  return [{ type: 'CollaborationCredited', data }];
}

function giveFeedback360({ data }: Of<'GiveFeedback360'>): ActivityEvent[] {
  if (data.fromId === data.employeeId) {
    throw validation(`employee ${data.employeeId} cannot give 360 feedback about themself`);
  }
  return [{ type: 'Feedback360Given', data }];
}

function recordAttendance({ data }: Of<'RecordAttendance'>): ActivityEvent[] {
  const label = `attendance of ${data.employeeId} in ${data.month}`;
  if (data.daysPresent > data.workingDays) {
    throw validation(
      `${label}: ${data.daysPresent} days present is more than ${data.workingDays} working days`,
    );
  }
  if (data.lateArrivals > data.daysPresent || data.earlyLeaves > data.daysPresent) {
    throw validation(
      `${label}: ${data.lateArrivals} late arrivals and ${data.earlyLeaves} early leaves cannot exceed ${data.daysPresent} days present`,
    );
  }
  return [{ type: 'AttendanceRecorded', data }];
}

/**
 * Activity commands, on `activity-<employeeId>-<YYYY-MM>`. Every fact needs an employed
 * person; each command then records exactly one event carrying its data.
 */
export function decideActivity(
  command: ActivityCommand,
  state: ActivityState,
  context: ActivityContext,
): ActivityEvent[] {
  requireActive(context.employee, 'employee', command.data.employeeId, 'employeeId');
  switch (command.type) {
    case 'CreateOpportunity':
      return createOpportunity(command, state);
    case 'GiveDemo':
      return [{ type: 'DemoGiven', data: command.data }];
    case 'LogFollowUp':
      return [{ type: 'CustomerFollowUpLogged', data: command.data }];
    case 'RecordCustomerRetention':
      return [{ type: 'CustomerRetained', data: command.data }];
    case 'RecordCustomerChurn':
      return [{ type: 'CustomerChurned', data: command.data }];
    case 'RecordCustomerFeedback':
      return [{ type: 'CustomerFeedbackGiven', data: command.data }];
    case 'RecordExpense':
      return recordExpense(command, state);
    case 'CreditCollaboration':
      return creditCollaboration(command, context);
    case 'GiveFeedback360':
      return giveFeedback360(command);
    case 'RecordAttendance':
      return recordAttendance(command);
    case 'AnswerSatisfactionPulse':
      return [{ type: 'SatisfactionPulseAnswered', data: command.data }];
    case 'RecordIntervention':
      if (command.data.recordedBy === command.data.employeeId) {
        throw validation(`employee ${command.data.employeeId} cannot record an intervention on themself`);
      }
      return [{ type: 'InterventionRecorded', data: command.data }];
    case 'RecordSkillAssessment':
      return [{ type: 'SkillAssessed', data: command.data }];
    default: {
      const unreachable: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unreachable)}`);
    }
  }
}

export const activityDecider: Decider<ActivityCommand, ActivityEvent, ActivityState, ActivityContext> = {
  initialState: initialActivityState,
  evolve: evolveActivity,
  decide: decideActivity,
};
