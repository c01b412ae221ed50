import { validation } from '../core/errors.ts';
import { type Decider, type EmployeeContext, requireActive } from '../core/types.ts';
import { ACTIVITY_EVENT_OF, type ActivityCommand } from './commands.ts';
import type { ActivityEvent } from './events.ts';

/** Activity facts need the employee's status and, for collaboration, the helped colleague's. */
export interface ActivityContext {
  readonly employee?: EmployeeContext;
  readonly helped?: EmployeeContext;
}

function checks(command: ActivityCommand, context: ActivityContext): void {
  requireActive(context.employee);
  if (context.employee?.employeeId !== command.data.employeeId) {
    throw validation(
      `the context is for employee ${context.employee?.employeeId}, not ${command.data.employeeId}`,
    );
  }
  switch (command.type) {
    case 'CreditCollaboration':
      if (command.data.helpedEmployeeId === command.data.employeeId) {
        throw validation(`employee ${command.data.employeeId} cannot be credited for helping themself`);
      }
      requireActive(context.helped, 'helped colleague');
      return;
    case 'RecordAttendance':
      if (command.data.daysPresent > command.data.workingDays) {
        throw validation(
          `attendance of ${command.data.employeeId} in ${command.data.month}: ${command.data.daysPresent} days present is more than ${command.data.workingDays} working days`,
        );
      }
      return;
    case 'GiveFeedback360':
      if (command.data.fromId === command.data.employeeId) {
        throw validation(`employee ${command.data.employeeId} cannot give 360 feedback about themself`);
      }
      return;
    default:
      return;
  }
}

export function decideActivity(
  command: ActivityCommand,
  _state: null,
  context: ActivityContext,
): ActivityEvent[] {
  checks(command, context);
  // The event of each command carries the command's data unchanged (see ACTIVITY_EVENT_OF).
  return [{ type: ACTIVITY_EVENT_OF[command.type], data: command.data } as ActivityEvent];
}

export const activityDecider: Decider<ActivityCommand, ActivityEvent, null, ActivityContext> = {
  initialState: null,
  evolve: () => null,
  decide: decideActivity,
};
