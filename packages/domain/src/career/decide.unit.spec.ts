import { describe, expect, it } from 'vitest';
import { personalDataErasure } from '../catalog.ts';
import { commandsWith, spec } from '../core/spec.ts';
import type { CommandMetadata } from '../core/types.ts';
import type { CareerCommand } from './commands.ts';
import { type CareerContext, employeeDecider } from './decide.ts';
import type { CareerEvent } from './events.ts';
import type { EmployeeState } from './state.ts';

const metadata: CommandMetadata = {
  commandId: 'c-1',
  at: '2026-03-01T09:00:00Z',
  actor: 'user:hr',
  source: 'hr',
};
const cmd = commandsWith<CareerCommand>(metadata);

const hiredData = {
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
};
const hired: CareerEvent = { type: 'EmployeeHired', data: hiredData };
const hiredWithoutProbation: CareerEvent = {
  type: 'EmployeeHired',
  data: { ...hiredData, probationEnd: null },
};
const leftData = { employeeId: 'e1', voluntary: true, reason: 'relocation', leftAt: '2026-06-01' };
const left: CareerEvent = { type: 'EmployeeLeft', data: leftData };
const passed: CareerEvent = { type: 'ProbationPassed', data: { employeeId: 'e1', at: '2026-04-05' } };
const transferData = {
  employeeId: 'e1',
  toBranchId: 'bj',
  toTeamId: 'bj-2',
  managerId: 'm9',
  effectiveAt: '2026-05-01',
};
const rankData = {
  employeeId: 'e1',
  fromLevel: 'sales_representative',
  toLevel: 'sales_supervisor',
  track: 'sales_management',
  reason: 'promotion' as const,
  reviewId: 'r1',
  effectiveAt: '2026-07-01',
};
/** The manager a hire or transfer names is employed, unless a spec says otherwise. */
const activeManager = (command: CareerCommand) =>
  'managerId' in command.data && command.data.managerId
    ? { manager: { employeeId: command.data.managerId, status: 'active' as const } }
    : {};
const employee = spec({
  ...employeeDecider,
  decide: (command: CareerCommand, state: EmployeeState, context: CareerContext | undefined) =>
    employeeDecider.decide(command, state, context ?? activeManager(command)),
});

/** Every command about an existing employee, for the rules they share. */
const onExisting: CareerCommand[] = [
  cmd('TransferEmployee', transferData),
  cmd('ChangeRank', rankData),
  cmd('PassProbation', { employeeId: 'e1' }),
  cmd('FailProbation', { employeeId: 'e1', reason: 'targets missed' }),
  cmd('RecordDeparture', leftData),
];

describe('employee decider (stream employee-<id>)', () => {
  it.each(onExisting.map((c) => [c.type, c] as const))('%s: refuses an unknown employee', (_, command) => {
    employee
      .given([])
      .when(command)
      .thenThrows('NOT_FOUND', /^employee e1 is not known$/);
  });
  it.each(onExisting.map((c) => [c.type, c] as const))('%s: refuses an employee who left', (_, command) => {
    employee
      .given([hired, left])
      .when(command)
      .thenThrows('ILLEGAL_STATE', /^employee e1 has left the company$/);
  });

  describe('HireEmployee', () => {
    it('hires a new employee', () => {
      employee.given([]).when(cmd('HireEmployee', hiredData)).thenEvents([hired]);
      employee
        .given([])
        .when(cmd('HireEmployee', hiredWithoutProbation.data))
        .thenEvents([hiredWithoutProbation]);
    });
    it('refuses to hire the same person twice', () => {
      employee
        .given([hired])
        .when(cmd('HireEmployee', hiredData))
        .thenThrows('ILLEGAL_STATE', /already hired/);
    });
    it('refuses someone managing themself', () => {
      employee
        .given([])
        .when(cmd('HireEmployee', { ...hiredData, managerId: 'e1' }))
        .thenThrows('VALIDATION', /e1 cannot manage themself/);
    });
    it('refuses a manager who was never hired', () => {
      employee
        .given([])
        .when(cmd('HireEmployee', { ...hiredData, managerId: 'Infinity' }), {
          manager: { employeeId: 'Infinity', status: 'unknown' },
        })
        .thenThrows('NOT_FOUND', /manager Infinity is not known/);
    });
    it('refuses a probation that ends before it starts', () => {
      employee
        .given([])
        .when(cmd('HireEmployee', { ...hiredData, probationEnd: '2026-01-05' }))
        .thenThrows('VALIDATION', /probation of e1 must end after the hiring date 2026-01-05/);
    });
  });

  describe('TransferEmployee', () => {
    it('transfers, recording where from', () => {
      employee
        .given([hired])
        .when(cmd('TransferEmployee', transferData))
        .thenEvents([
          { type: 'EmployeeTransferred', data: { ...transferData, fromBranchId: 'sh', fromTeamId: 'sh-1' } },
        ]);
    });
    it('refuses a transfer to the current team', () => {
      employee
        .given([hired])
        .when(cmd('TransferEmployee', { ...transferData, toBranchId: 'sh', toTeamId: 'sh-1' }))
        .thenThrows('ILLEGAL_STATE', /already in team sh-1 of branch sh/);
    });
    it('refuses a manager who was never hired (managerId "NaN" or SQL text)', () => {
      for (const managerId of ['NaN', "m9'; DROP TABLE events; --"]) {
        employee
          .given([hired])
          .when(cmd('TransferEmployee', { ...transferData, managerId }), {
            manager: { employeeId: managerId, status: 'unknown' },
          })
          .thenThrows('NOT_FOUND', /manager .* is not known/);
      }
    });
    it('refuses a manager who has left', () => {
      employee
        .given([hired])
        .when(cmd('TransferEmployee', transferData), { manager: { employeeId: 'm9', status: 'departed' } })
        .thenThrows('ILLEGAL_STATE', /manager m9 has left the company/);
    });
    it('refuses a transfer that names a manager without their career state', () => {
      employee
        .given([hired])
        .when(cmd('TransferEmployee', transferData), {})
        .thenThrows('NOT_FOUND', /manager m9 is not known/);
    });
    it('transfers without a manager (managerId null) needing no one else', () => {
      employee
        .given([hired])
        .when(cmd('TransferEmployee', { ...transferData, managerId: null }), {})
        .thenEvents([
          {
            type: 'EmployeeTransferred',
            data: { ...transferData, managerId: null, fromBranchId: 'sh', fromTeamId: 'sh-1' },
          },
        ]);
    });
    it('knows the team after an earlier transfer', () => {
      const moved: CareerEvent = {
        type: 'EmployeeTransferred',
        data: { ...transferData, fromBranchId: 'sh', fromTeamId: 'sh-1' },
      };
      employee
        .given([hired, moved])
        .when(cmd('TransferEmployee', transferData))
        .thenThrows('ILLEGAL_STATE', /already in team bj-2/);
    });
  });

  describe('ChangeRank', () => {
    it('changes rank from the current level', () => {
      employee
        .given([hired])
        .when(cmd('ChangeRank', rankData))
        .thenEvents([{ type: 'RankChanged', data: rankData }]);
    });
    it('refuses a change from a level the employee is not at', () => {
      employee
        .given([hired, { type: 'RankChanged', data: rankData }])
        .when(cmd('ChangeRank', rankData))
        .thenThrows('ILLEGAL_STATE', /is at level sales_supervisor, not sales_representative/);
    });
    it('refuses a change that changes nothing', () => {
      employee
        .given([hired])
        .when(cmd('ChangeRank', { ...rankData, toLevel: 'sales_representative' }))
        .thenThrows('VALIDATION', /changes nothing/);
    });
    it('accepts a move to another track at the same level', () => {
      const sideways = {
        ...rankData,
        toLevel: 'sales_representative',
        track: 'key_account',
        reason: 'correction' as const,
      };
      employee
        .given([hired])
        .when(cmd('ChangeRank', sideways))
        .thenEvents([{ type: 'RankChanged', data: sideways }]);
    });
  });

  describe('PassProbation and FailProbation', () => {
    it('passes probation, at the command time', () => {
      employee
        .given([hired])
        .when(cmd('PassProbation', { employeeId: 'e1' }))
        .thenEvents([{ type: 'ProbationPassed', data: { employeeId: 'e1', at: metadata.at } }]);
    });
    it('fails probation with the reason', () => {
      employee
        .given([hired])
        .when(cmd('FailProbation', { employeeId: 'e1', reason: 'targets missed' }))
        .thenEvents([
          { type: 'ProbationFailed', data: { employeeId: 'e1', reason: 'targets missed', at: metadata.at } },
        ]);
    });
    it('refuses to end a probation that already ended', () => {
      employee
        .given([hired, passed])
        .when(cmd('FailProbation', { employeeId: 'e1', reason: 'late' }))
        .thenThrows('ILLEGAL_STATE', /e1 is not on probation \(probation: passed\)/);
      employee
        .given([
          hired,
          { type: 'ProbationFailed', data: { employeeId: 'e1', reason: 'x', at: '2026-04-05' } },
        ])
        .when(cmd('PassProbation', { employeeId: 'e1' }))
        .thenThrows('ILLEGAL_STATE', /not on probation \(probation: failed\)/);
    });
    it('refuses a failed probation whose reason is blank', () => {
      employee
        .given([hired])
        .when(cmd('FailProbation', { employeeId: 'e1', reason: '  ' }))
        .thenThrows('VALIDATION', /^the reason for failing the probation is blank: say why$/);
    });
    it('refuses probation decisions for someone hired without probation', () => {
      employee
        .given([hiredWithoutProbation])
        .when(cmd('PassProbation', { employeeId: 'e1' }))
        .thenThrows('ILLEGAL_STATE', /not on probation \(probation: none\)/);
    });
  });

  describe('RecordDeparture', () => {
    it('records a departure', () => {
      employee.given([hired]).when(cmd('RecordDeparture', leftData)).thenEvents([left]);
    });
    it('refuses a departure before the hiring date', () => {
      employee
        .given([hired])
        .when(cmd('RecordDeparture', { ...leftData, leftAt: '2025-12-31' }))
        .thenThrows('VALIDATION', /cannot leave on 2025-12-31, before being hired on 2026-01-05/);
    });
  });

  describe('RedactPersonalData', () => {
    const request = { employeeId: 'e1', reason: '本人书面申请' };
    it('redacts a departed person, carrying the catalog’s erasure list', () => {
      employee
        .given([hired, left])
        .when(cmd('RedactPersonalData', request))
        .thenEvents([
          {
            type: 'PersonalDataRedacted',
            data: { ...request, erased: personalDataErasure(), at: metadata.at },
          },
        ]);
      expect(personalDataErasure()).toContainEqual({
        eventType: 'EmployeeHired',
        subjectField: 'employeeId',
        field: 'nameEn',
        value: 'redacted',
        always: true,
      });
    });
    it('refuses someone still employed, and a second redaction', () => {
      employee
        .given([hired])
        .when(cmd('RedactPersonalData', request))
        .thenThrows(
          'ILLEGAL_STATE',
          /still employed: only a departed person's personal data can be redacted/,
        );
      const redacted: CareerEvent = {
        type: 'PersonalDataRedacted',
        data: { ...request, erased: [], at: '2026-07-01T00:00:00Z' },
      };
      employee
        .given([hired, left, redacted])
        .when(cmd('RedactPersonalData', request))
        .thenThrows('ILLEGAL_STATE', /already redacted/);
    });
  });
});
