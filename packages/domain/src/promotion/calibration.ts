import type { Command, Decider, EmployeeContext } from '../core/types.ts';
import type { CalibrationCommand } from './commands.ts';
import { refuse } from './decide.ts';
import type { CalibrationEvent } from './events.ts';

/** A promotion round's calibration notes, folded from `calibration-<round>`: how many so far. */
export interface CalibrationState {
  readonly notes: number;
}
export const initialCalibrationState: CalibrationState = { notes: 0 };

/**
 * Facts from other streams: the candidate a note is about (`employee-<employeeId>`), absent for
 * a note on the round as a whole. Whether they are a candidate of the round, and whether the
 * author may write on it (HR, or a committee member of one of its reviews), the API checks
 * against the reviews before the command reaches this decider.
 */
export interface CalibrationContext {
  readonly employee?: EmployeeContext;
}

const PERSON = { key: 'employeeId', en: 'Person', zh: '人员' };

function annotate(
  { data }: Extract<CalibrationCommand, Command<'AnnotateCalibration'>>,
  context: CalibrationContext,
): CalibrationEvent[] {
  if (data.employeeId !== null) {
    if (!context.employee || context.employee.status === 'unknown') {
      throw refuse(
        'NOT_FOUND',
        PERSON,
        `employee ${data.employeeId} is not known`,
        `员工 ${data.employeeId} 不存在`,
        { employeeId: data.employeeId },
      );
    }
    if (data.employeeId === data.annotatedBy) {
      throw refuse(
        'VALIDATION',
        PERSON,
        `${data.annotatedBy} cannot annotate their own calibration`,
        `${data.annotatedBy} 不能为自己的校准添加备注`,
      );
    }
  }
  return [{ type: 'CalibrationAnnotated', data }];
}

export function decideCalibration(
  command: CalibrationCommand,
  _state: CalibrationState,
  context: CalibrationContext,
): CalibrationEvent[] {
  switch (command.type) {
    case 'AnnotateCalibration':
      return annotate(command, context);
    default: {
      const unreachable: never = command.type;
      throw new Error(`unhandled command ${JSON.stringify(unreachable)}`);
    }
  }
}

export function evolveCalibration(state: CalibrationState, event: CalibrationEvent): CalibrationState {
  switch (event.type) {
    case 'CalibrationAnnotated':
      return { notes: state.notes + 1 };
    default: {
      const unreachable: never = event.type;
      throw new Error(`unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Calibration notes of a promotion round, on `calibration-<round>`. */
export const calibrationDecider: Decider<
  CalibrationCommand,
  CalibrationEvent,
  CalibrationState,
  CalibrationContext
> = {
  initialState: initialCalibrationState,
  evolve: evolveCalibration,
  decide: decideCalibration,
};
