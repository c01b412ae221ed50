import { personalDataErasure } from '../catalog.ts';
import { illegalState, notFound, validation } from '../core/errors.ts';
import { isBefore } from '../core/schemas.ts';
import { type Command, type Decider, type EmployeeContext, requireActive } from '../core/types.ts';
import type { CareerCommand } from './commands.ts';
import type { CareerEvent } from './events.ts';
import { evolveEmployee } from './evolve.ts';
import { type EmployeeState, initialEmployeeState } from './state.ts';

type Of<T extends CareerCommand['type']> = Extract<CareerCommand, Command<T>>;

/**
 * Facts from other streams: the manager a hire or a transfer names (`employee-<managerId>`),
 * who must be employed. Absent when the command names no manager.
 */
export interface CareerContext {
  readonly manager?: EmployeeContext;
}

function requireManager(managerId: string | null, context: CareerContext | undefined): void {
  if (managerId === null) return;
  requireActive(context?.manager, 'manager', managerId, 'managerId');
}

function requireEmployed(state: EmployeeState, employeeId: string): void {
  if (!state.hired) throw notFound(`employee ${employeeId} is not known`, { employeeId });
  if (state.departed) throw illegalState(`employee ${employeeId} has left the company`, { employeeId });
}

function hireEmployee(
  { data }: Of<'HireEmployee'>,
  state: EmployeeState,
  context: CareerContext | undefined,
): CareerEvent[] {
  if (state.hired) throw illegalState(`employee ${data.employeeId} is already hired`, data);
  if (data.managerId === data.employeeId) {
    throw validation(`employee ${data.employeeId} cannot manage themself`, {
      employeeId: data.employeeId,
      field: 'managerId',
    });
  }
  requireManager(data.managerId, context);
  if (data.probationEnd !== null && !isBefore(data.hiredAt, data.probationEnd)) {
    throw validation(
      `probation of ${data.employeeId} must end after the hiring date ${data.hiredAt}, not on ${data.probationEnd}`,
    );
  }
  return [{ type: 'EmployeeHired', data }];
}

function transferEmployee(
  { data }: Of<'TransferEmployee'>,
  state: EmployeeState,
  context: CareerContext | undefined,
): CareerEvent[] {
  requireEmployed(state, data.employeeId);
  if (data.managerId === data.employeeId) {
    throw validation(`employee ${data.employeeId} cannot manage themself`, {
      employeeId: data.employeeId,
      field: 'managerId',
    });
  }
  requireManager(data.managerId, context);
  if (data.toBranchId === state.branchId && data.toTeamId === state.teamId) {
    throw illegalState(
      `employee ${data.employeeId} is already in team ${data.toTeamId} of branch ${data.toBranchId}`,
    );
  }
  return [
    {
      type: 'EmployeeTransferred',
      data: { ...data, fromBranchId: state.branchId, fromTeamId: state.teamId },
    },
  ];
}

function changeRank({ data }: Of<'ChangeRank'>, state: EmployeeState): CareerEvent[] {
  requireEmployed(state, data.employeeId);
  if (data.fromLevel !== state.level) {
    throw illegalState(
      `employee ${data.employeeId} is at level ${state.level}, not ${data.fromLevel}; reload and try again`,
    );
  }
  if (data.toLevel === data.fromLevel && data.track === state.track) {
    throw validation(`rank change of ${data.employeeId} changes nothing: already ${data.toLevel}`);
  }
  return [{ type: 'RankChanged', data }];
}

function requireOnProbation(state: EmployeeState, employeeId: string): void {
  requireEmployed(state, employeeId);
  if (state.probation !== 'on_probation') {
    throw illegalState(`employee ${employeeId} is not on probation (probation: ${state.probation})`, {
      rule: 'not_on_probation',
      employeeId,
      field: 'employeeId',
    });
  }
}

function passProbation({ data, metadata }: Of<'PassProbation'>, state: EmployeeState): CareerEvent[] {
  requireOnProbation(state, data.employeeId);
  return [{ type: 'ProbationPassed', data: { employeeId: data.employeeId, at: metadata.at } }];
}

function failProbation({ data, metadata }: Of<'FailProbation'>, state: EmployeeState): CareerEvent[] {
  requireOnProbation(state, data.employeeId);
  if (data.reason.trim() === '')
    throw validation('the reason for failing the probation is blank: say why', {
      rule: 'reason_blank',
      field: 'reason',
    });
  return [{ type: 'ProbationFailed', data: { ...data, at: metadata.at } }];
}

function recordDeparture({ data }: Of<'RecordDeparture'>, state: EmployeeState): CareerEvent[] {
  requireEmployed(state, data.employeeId);
  if (isBefore(data.leftAt, state.hiredAt)) {
    throw validation(
      `employee ${data.employeeId} cannot leave on ${data.leftAt}, before being hired on ${state.hiredAt}`,
    );
  }
  return [{ type: 'EmployeeLeft', data }];
}

/**
 * Redaction of a departed person's personal fields, on their request: refused for someone
 * still employed (their record is in use) and for someone already redacted. The event carries
 * the erasure list of the catalog (`personalDataFields`), so the store erases exactly that.
 */
function redactPersonalData(
  { data, metadata }: Of<'RedactPersonalData'>,
  state: EmployeeState,
): CareerEvent[] {
  if (!state.hired)
    throw notFound(`employee ${data.employeeId} is not known`, { employeeId: data.employeeId });
  if (!state.departed) {
    throw illegalState(
      `employee ${data.employeeId} is still employed: only a departed person's personal data can be redacted`,
      { rule: 'redaction_employed', employeeId: data.employeeId, field: 'employeeId' },
    );
  }
  if (state.redacted) {
    throw illegalState(`the personal data of employee ${data.employeeId} is already redacted`, {
      rule: 'already_redacted',
      employeeId: data.employeeId,
      field: 'employeeId',
    });
  }
  return [
    {
      type: 'PersonalDataRedacted',
      data: {
        employeeId: data.employeeId,
        reason: data.reason,
        erased: personalDataErasure(),
        at: metadata.at,
      },
    },
  ];
}

/** Career commands, on the stream `employee-<employeeId>`; a hire or transfer needs its manager. */
export function decideCareer(
  command: CareerCommand,
  state: EmployeeState,
  context?: CareerContext,
): CareerEvent[] {
  switch (command.type) {
    case 'HireEmployee':
      return hireEmployee(command, state, context);
    case 'TransferEmployee':
      return transferEmployee(command, state, context);
    case 'ChangeRank':
      return changeRank(command, state);
    case 'PassProbation':
      return passProbation(command, state);
    case 'FailProbation':
      return failProbation(command, state);
    case 'RecordDeparture':
      return recordDeparture(command, state);
    case 'RedactPersonalData':
      return redactPersonalData(command, state);
    default: {
      const unreachable: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unreachable)}`);
    }
  }
}

export const employeeDecider: Decider<CareerCommand, CareerEvent, EmployeeState, CareerContext | undefined> =
  {
    initialState: initialEmployeeState,
    evolve: evolveEmployee,
    decide: (command, state, context) => decideCareer(command, state, context),
  };
