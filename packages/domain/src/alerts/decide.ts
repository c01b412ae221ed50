import { illegalState, notFound, validation } from '../core/errors.ts';
import { type Command, type Decider, type EmployeeContext, requireKnown } from '../core/types.ts';
import type { AlertCommand } from './commands.ts';
import { type AlertEvent, DERIVED_ALERT_KINDS, isDerivedAlertId } from './events.ts';
import { evolveAlert } from './evolve.ts';
import { type AlertState, initialAlertState } from './state.ts';

type Of<T extends AlertCommand['type']> = Extract<AlertCommand, Command<T>>;

/** Facts from other streams: the person a raised alert is about (`employee-<employeeId>`). */
export interface AlertContext {
  readonly employee?: EmployeeContext;
}

/**
 * Raising is idempotent by alert id: a reactor that raises the same alert again (a replay, a
 * restart) appends nothing. The same id about another person or of another kind is a conflict.
 */
function raiseAlert(
  { data }: Of<'RaiseAlert'>,
  state: AlertState,
  context: AlertContext | undefined,
): AlertEvent[] {
  // An alert is about someone the company has employed (a departed person's file may still need one).
  requireKnown(context?.employee, 'employee', data.employeeId, 'employeeId');
  if ((DERIVED_ALERT_KINDS as readonly string[]).includes(data.kind)) {
    throw validation(
      `alerts of kind ${data.kind} are derived from events by the alerts read model, not raised`,
      { kind: data.kind },
    );
  }
  if (isDerivedAlertId(data.alertId)) {
    throw validation(`alert id ${data.alertId} has the form of a derived alert's id`);
  }
  const seen = new Set<string>();
  for (const a of data.assignees) {
    const key = `${a.role}:${a.id ?? ''}`;
    if (seen.has(key)) throw validation(`assignee ${a.role}${a.id ? ` ${a.id}` : ''} is listed twice`);
    seen.add(key);
  }
  if (state.raised) {
    if (state.raised.kind !== data.kind || state.raised.employeeId !== data.employeeId) {
      throw illegalState(
        `alert ${data.alertId} was already raised as ${state.raised.kind} about ${state.raised.employeeId}`,
        { alertId: data.alertId },
      );
    }
    return [];
  }
  return [{ type: 'AlertRaised', data }];
}

/**
 * An alert raised here, or one the alerts read model derived (its id has the derived form),
 * can be acknowledged once.
 */
function acknowledgeAlert({ data }: Of<'AcknowledgeAlert'>, state: AlertState): AlertEvent[] {
  if (!state.raised && !isDerivedAlertId(data.alertId)) {
    throw notFound(`alert ${data.alertId} is not known`, { alertId: data.alertId });
  }
  if (state.acknowledged) {
    throw illegalState(
      `alert ${data.alertId} was already acknowledged by ${state.acknowledged.by} at ${state.acknowledged.at}`,
      { alertId: data.alertId },
    );
  }
  return [{ type: 'AlertAcknowledged', data }];
}

/** Alert commands, on `alert-<alertId>`. */
export function decideAlert(command: AlertCommand, state: AlertState, context?: AlertContext): AlertEvent[] {
  switch (command.type) {
    case 'RaiseAlert':
      return raiseAlert(command, state, context);
    case 'AcknowledgeAlert':
      return acknowledgeAlert(command, state);
    default: {
      const unreachable: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unreachable)}`);
    }
  }
}

export const alertDecider: Decider<AlertCommand, AlertEvent, AlertState, AlertContext | undefined> = {
  initialState: initialAlertState,
  evolve: evolveAlert,
  decide: decideAlert,
};
