import { describe, it } from 'vitest';
import { spec } from '../core/spec.ts';
import type { CommandMetadata } from '../core/types.ts';
import type { CareerCommand } from './commands.ts';
import { employeeDecider } from './decide.ts';
import type { CareerEvent } from './events.ts';

const metadata: CommandMetadata = {
  commandId: 'c-1',
  at: '2026-03-01T09:00:00Z',
  actor: 'user:hr',
  source: 'hr',
};
const hired: CareerEvent = {
  type: 'EmployeeHired',
  data: {
    employeeId: 'e1',
    name: '王芳',
    branchId: 'sh',
    teamId: 'sh-1',
    regionId: 'east',
    managerId: 'm1',
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt: '2026-01-05',
    probationEnd: '2026-04-05',
    recruitingFit: 82,
  },
};
const left: CareerEvent = {
  type: 'EmployeeLeft',
  data: { employeeId: 'e1', voluntary: true, reason: 'relocation', leftAt: '2026-06-01' },
};
const cmd = <C extends CareerCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata }) as C;
const employee = spec(employeeDecider);

describe('employee decider', () => {
  it('hires a new employee', () => {
    employee.given([]).when(cmd('HireEmployee', hired.data), undefined).thenEvents([hired]);
  });
  it('refuses to hire twice and to let someone manage themself', () => {
    employee
      .given([hired])
      .when(cmd('HireEmployee', hired.data), undefined)
      .thenThrows('ILLEGAL_STATE', /already hired/);
    employee
      .given([])
      .when(cmd('HireEmployee', { ...hired.data, managerId: 'e1' }), undefined)
      .thenThrows('VALIDATION', /cannot manage themself/);
  });
  it('transfers, recording where from', () => {
    const data = {
      employeeId: 'e1',
      toBranchId: 'bj',
      toTeamId: 'bj-2',
      managerId: 'm9',
      effectiveAt: '2026-05-01',
    };
    employee
      .given([hired])
      .when(cmd('TransferEmployee', data), undefined)
      .thenEvents([
        { type: 'EmployeeTransferred', data: { ...data, fromBranchId: 'sh', fromTeamId: 'sh-1' } },
      ]);
    employee
      .given([hired])
      .when(cmd('TransferEmployee', { ...data, toBranchId: 'sh', toTeamId: 'sh-1' }), undefined)
      .thenThrows('ILLEGAL_STATE', /already in team sh-1/);
    employee
      .given([])
      .when(cmd('TransferEmployee', data), undefined)
      .thenThrows('NOT_FOUND', /not known/);
    employee
      .given([hired, left])
      .when(cmd('TransferEmployee', data), undefined)
      .thenThrows('ILLEGAL_STATE', /has left/);
  });
  it('changes rank only from the current level', () => {
    const data = {
      employeeId: 'e1',
      fromLevel: 'sales_representative',
      toLevel: 'sales_supervisor',
      track: 'sales_management',
      reason: 'promotion' as const,
      reviewId: 'r1',
      effectiveAt: '2026-07-01',
    };
    employee
      .given([hired])
      .when(cmd('ChangeRank', data), undefined)
      .thenEvents([{ type: 'RankChanged', data }]);
    employee
      .given([hired])
      .when(cmd('ChangeRank', { ...data, fromLevel: 'sales_manager' }), undefined)
      .thenThrows('ILLEGAL_STATE', /is at level sales_representative, not sales_manager/);
    employee
      .given([hired])
      .when(cmd('ChangeRank', { ...data, toLevel: 'sales_representative' }), undefined)
      .thenThrows('VALIDATION', /changes nothing/);
  });
  it('passes or fails probation once', () => {
    employee
      .given([hired])
      .when(cmd('PassProbation', { employeeId: 'e1' }), undefined)
      .thenEvents([{ type: 'ProbationPassed', data: { employeeId: 'e1', at: metadata.at } }]);
    employee
      .given([hired])
      .when(cmd('FailProbation', { employeeId: 'e1', reason: 'targets missed' }), undefined)
      .thenEvents([
        { type: 'ProbationFailed', data: { employeeId: 'e1', reason: 'targets missed', at: metadata.at } },
      ]);
    employee
      .given([hired, { type: 'ProbationPassed', data: { employeeId: 'e1', at: '2026-04-05' } }])
      .when(cmd('FailProbation', { employeeId: 'e1', reason: 'late' }), undefined)
      .thenThrows('ILLEGAL_STATE', /not on probation \(probation: passed\)/);
    employee
      .given([{ ...hired, data: { ...hired.data, probationEnd: null } } as CareerEvent])
      .when(cmd('PassProbation', { employeeId: 'e1' }), undefined)
      .thenThrows('ILLEGAL_STATE', /not on probation/);
  });
  it('records a departure once', () => {
    employee.given([hired]).when(cmd('RecordDeparture', left.data), undefined).thenEvents([left]);
    employee
      .given([hired, left])
      .when(cmd('RecordDeparture', left.data), undefined)
      .thenThrows('ILLEGAL_STATE', /has left/);
    employee
      .given([])
      .when(cmd('RecordDeparture', left.data), undefined)
      .thenThrows('NOT_FOUND', /not known/);
  });
});
