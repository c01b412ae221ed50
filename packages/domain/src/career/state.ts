import type { EmployeeContext } from '../core/types.ts';

/** What the career decider knows about one employee, folded from `employee-<id>`. */
export interface EmployeeState {
  readonly hired: boolean;
  readonly departed: boolean;
  /** Their personal fields were redacted (PersonalDataRedacted). */
  readonly redacted: boolean;
  readonly hiredAt: string;
  readonly branchId: string;
  readonly teamId: string;
  /** The manager HR records for them (hire or latest transfer); null when none. */
  readonly managerId: string | null;
  /** Current ladder level (职级), e.g. `sales_supervisor`. */
  readonly level: string;
  readonly track: string;
  /** Probation (试用期): none (hired without), running, or ended one way or the other. */
  readonly probation: 'none' | 'on_probation' | 'passed' | 'failed';
}

export const initialEmployeeState: EmployeeState = {
  hired: false,
  departed: false,
  redacted: false,
  hiredAt: '',
  branchId: '',
  teamId: '',
  managerId: null,
  level: '',
  track: '',
  probation: 'none',
};

/**
 * The summary of an employee's stream that commands on other streams need in their context
 * (e.g. `CloseSale` needs to know the seller is hired and has not left).
 */
export function toEmployeeContext(employeeId: string, state: EmployeeState): EmployeeContext {
  if (!state.hired) return { employeeId, status: 'unknown' };
  return {
    employeeId,
    status: state.departed ? 'departed' : 'active',
    branchId: state.branchId,
    teamId: state.teamId,
    managerId: state.managerId,
    level: state.level,
  };
}
