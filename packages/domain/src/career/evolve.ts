import type { CareerEvent } from './events.ts';
import type { EmployeeState } from './state.ts';

export function evolveEmployee(state: EmployeeState, event: CareerEvent): EmployeeState {
  switch (event.type) {
    case 'EmployeeHired':
      return {
        ...state,
        hired: true,
        hiredAt: event.data.hiredAt,
        branchId: event.data.branchId,
        teamId: event.data.teamId,
        managerId: event.data.managerId,
        level: event.data.level,
        track: event.data.track,
        probation: event.data.probationEnd ? 'on_probation' : 'none',
      };
    case 'EmployeeTransferred':
      return {
        ...state,
        branchId: event.data.toBranchId,
        teamId: event.data.toTeamId,
        managerId: event.data.managerId,
      };
    case 'RankChanged':
      return { ...state, level: event.data.toLevel, track: event.data.track };
    case 'ProbationPassed':
      return { ...state, probation: 'passed' };
    case 'ProbationFailed':
      return { ...state, probation: 'failed' };
    case 'EmployeeLeft':
      return { ...state, departed: true };
    case 'PersonalDataRedacted':
      return { ...state, redacted: true };
    default: {
      const unreachable: never = event;
      throw new Error(`unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
}
