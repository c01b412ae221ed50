import { illegalState, notFound, validation } from '../core/errors.ts';
import type { Decider } from '../core/types.ts';
import type { CareerCommand } from './commands.ts';
import type { CareerEvent } from './events.ts';

export interface EmployeeState {
  readonly hired: boolean;
  readonly departed: boolean;
  readonly branchId: string;
  readonly teamId: string;
  readonly level: string;
  readonly track: string;
  readonly probation: 'none' | 'on_probation' | 'passed' | 'failed';
}

export const initialEmployeeState: EmployeeState = {
  hired: false,
  departed: false,
  branchId: '',
  teamId: '',
  level: '',
  track: '',
  probation: 'none',
};

export function evolveEmployee(state: EmployeeState, event: CareerEvent): EmployeeState {
  switch (event.type) {
    case 'EmployeeHired':
      return {
        ...state,
        hired: true,
        branchId: event.data.branchId,
        teamId: event.data.teamId,
        level: event.data.level,
        track: event.data.track,
        probation: event.data.probationEnd ? 'on_probation' : 'none',
      };
    case 'EmployeeTransferred':
      return { ...state, branchId: event.data.toBranchId, teamId: event.data.toTeamId };
    case 'RankChanged':
      return { ...state, level: event.data.toLevel, track: event.data.track };
    case 'ProbationPassed':
      return { ...state, probation: 'passed' };
    case 'ProbationFailed':
      return { ...state, probation: 'failed' };
    case 'EmployeeLeft':
      return { ...state, departed: true };
    default: {
      const unreachable: never = event;
      throw new Error(`unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
}

function requireEmployed(state: EmployeeState, employeeId: string): void {
  if (!state.hired) throw notFound(`employee ${employeeId} is not known`, { employeeId });
  if (state.departed) throw illegalState(`employee ${employeeId} has left the company`, { employeeId });
}

export function decideCareer(command: CareerCommand, state: EmployeeState): CareerEvent[] {
  const { employeeId } = command.data;
  switch (command.type) {
    case 'HireEmployee':
      if (state.hired) throw illegalState(`employee ${employeeId} is already hired`, { employeeId });
      if (command.data.managerId === employeeId)
        throw validation(`employee ${employeeId} cannot manage themself`);
      return [{ type: 'EmployeeHired', data: command.data }];
    case 'TransferEmployee': {
      requireEmployed(state, employeeId);
      const { toBranchId, toTeamId } = command.data;
      if (toBranchId === state.branchId && toTeamId === state.teamId) {
        throw illegalState(`employee ${employeeId} is already in team ${toTeamId} of branch ${toBranchId}`);
      }
      return [
        {
          type: 'EmployeeTransferred',
          data: { ...command.data, fromBranchId: state.branchId, fromTeamId: state.teamId },
        },
      ];
    }
    case 'ChangeRank':
      requireEmployed(state, employeeId);
      if (command.data.fromLevel !== state.level) {
        throw illegalState(
          `employee ${employeeId} is at level ${state.level}, not ${command.data.fromLevel}; reload and try again`,
        );
      }
      if (command.data.toLevel === command.data.fromLevel && command.data.track === state.track) {
        throw validation(`rank change of ${employeeId} changes nothing: already ${command.data.toLevel}`);
      }
      return [{ type: 'RankChanged', data: command.data }];
    case 'PassProbation':
    case 'FailProbation': {
      requireEmployed(state, employeeId);
      if (state.probation !== 'on_probation') {
        throw illegalState(`employee ${employeeId} is not on probation (probation: ${state.probation})`);
      }
      const at = command.metadata.at;
      return command.type === 'PassProbation'
        ? [{ type: 'ProbationPassed', data: { employeeId, at } }]
        : [{ type: 'ProbationFailed', data: { employeeId, reason: command.data.reason, at } }];
    }
    case 'RecordDeparture':
      requireEmployed(state, employeeId);
      return [{ type: 'EmployeeLeft', data: command.data }];
    default: {
      const unreachable: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unreachable)}`);
    }
  }
}

export const employeeDecider: Decider<CareerCommand, CareerEvent, EmployeeState> = {
  initialState: initialEmployeeState,
  evolve: evolveEmployee,
  decide: (command, state) => decideCareer(command, state),
};
