import { describe, expect, it } from 'vitest';
import { parseEvent } from '../catalog.ts';
import type { ExamplesOf } from '../core/spec.ts';
import { itParsesEveryExample } from '../eventExamples.ts';
import type { CareerEvent } from './events.ts';

const examples: ExamplesOf<CareerEvent> = {
  EmployeeHired: {
    employeeId: 'e1',
    name: '王芳',
    branchId: 'sh',
    teamId: 'sh-1',
    regionId: 'east',
    managerId: null,
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt: '2026-01-05',
    probationEnd: '2026-04-05T00:00:00+08:00',
    recruitingFit: 82,
  },
  EmployeeTransferred: {
    employeeId: 'e1',
    fromBranchId: 'sh',
    fromTeamId: 'sh-1',
    toBranchId: 'bj',
    toTeamId: 'bj-2',
    managerId: 'm9',
    effectiveAt: '2026-05-01',
  },
  RankChanged: {
    employeeId: 'e1',
    fromLevel: 'sales_representative',
    toLevel: 'sales_supervisor',
    track: 'sales_management',
    reason: 'promotion',
    reviewId: 'r1',
    effectiveAt: '2026-07-01',
  },
  ProbationPassed: { employeeId: 'e1', at: '2026-04-05' },
  ProbationFailed: { employeeId: 'e1', reason: 'missed 3 deals/month', at: '2026-04-05' },
  EmployeeLeft: { employeeId: 'e1', voluntary: false, reason: 'dismissed', leftAt: '2026-06-01' },
  PersonalDataRedacted: {
    employeeId: 'e1',
    reason: '本人离职后申请删除个人信息',
    erased: [
      {
        eventType: 'EmployeeHired',
        subjectField: 'employeeId',
        field: 'name',
        value: '已删除',
        always: false,
      },
    ],
    at: '2026-09-01T10:00:00Z',
  },
};

describe('career events', () => {
  itParsesEveryExample(examples);
  it('names the field that is wrong', () => {
    expect(() => parseEvent('EmployeeHired', 1, { ...examples.EmployeeHired, recruitingFit: 120 })).toThrow(
      /^EmployeeHired v1: recruitingFit: must be from 0 to 100$/,
    );
    expect(() => parseEvent('EmployeeHired', 1, { ...examples.EmployeeHired, hiredAt: 'yesterday' })).toThrow(
      /EmployeeHired v1: hiredAt: /,
    );
    expect(() => parseEvent('RankChanged', 1, { ...examples.RankChanged, reason: 'whim' })).toThrow(
      /RankChanged v1: reason: /,
    );
  });
});
