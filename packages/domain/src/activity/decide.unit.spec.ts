import { describe, expect, it } from 'vitest';
import { commandsWith, spec } from '../core/spec.ts';
import type { CommandMetadata, EmployeeContext } from '../core/types.ts';
import { type ActivityCommand, activityCommandSchemas } from './commands.ts';
import { type ActivityContext, activityDecider } from './decide.ts';
import type { ActivityEvent } from './events.ts';

const metadata: CommandMetadata = {
  commandId: 'c',
  at: '2026-03-02T10:00:00Z',
  actor: 'system:oa',
  source: 'oa',
};
const cmd = commandsWith<ActivityCommand>(metadata);
const e1: EmployeeContext = { employeeId: 'e1', status: 'active' };
const e2: EmployeeContext = { employeeId: 'e2', status: 'active' };
const ctx: ActivityContext = { employee: e1, helped: e2 };
const at = '2026-03-02T10:00:00Z';
const attendance = {
  employeeId: 'e1',
  month: '2026-03',
  workingDays: 22,
  daysPresent: 21,
  lateArrivals: 1,
  earlyLeaves: 0,
  at,
};

/** One valid example per activity command, with the one event it records. */
const examples: [ActivityCommand, ActivityEvent][] = [
  [
    cmd('CreateOpportunity', { employeeId: 'e1', opportunityId: 'o1', customerId: 'c1', at }),
    { type: 'OpportunityCreated', data: { employeeId: 'e1', opportunityId: 'o1', customerId: 'c1', at } },
  ],
  [
    cmd('GiveDemo', { employeeId: 'e1', customerId: 'c1', at }),
    { type: 'DemoGiven', data: { employeeId: 'e1', customerId: 'c1', at } },
  ],
  [
    cmd('LogFollowUp', { employeeId: 'e1', customerId: 'c1', at }),
    { type: 'CustomerFollowUpLogged', data: { employeeId: 'e1', customerId: 'c1', at } },
  ],
  [
    cmd('RecordCustomerRetention', { employeeId: 'e1', customerId: 'c1', at }),
    { type: 'CustomerRetained', data: { employeeId: 'e1', customerId: 'c1', at } },
  ],
  [
    cmd('RecordCustomerChurn', { employeeId: 'e1', customerId: 'c1', at }),
    { type: 'CustomerChurned', data: { employeeId: 'e1', customerId: 'c1', at } },
  ],
  [
    cmd('RecordCustomerFeedback', { employeeId: 'e1', customerId: 'c1', rating: 4.5, at }),
    { type: 'CustomerFeedbackGiven', data: { employeeId: 'e1', customerId: 'c1', rating: 4.5, at } },
  ],
  [
    cmd('RecordExpense', { employeeId: 'e1', expenseId: 'x1', amount: 12_000, category: 'travel', at }),
    {
      type: 'ExpenseRecorded',
      data: { employeeId: 'e1', expenseId: 'x1', amount: 12_000, category: 'travel', at },
    },
  ],
  [
    cmd('CreditCollaboration', { employeeId: 'e1', helpedEmployeeId: 'e2', at }),
    { type: 'CollaborationCredited', data: { employeeId: 'e1', helpedEmployeeId: 'e2', at } },
  ],
  [
    cmd('GiveFeedback360', {
      employeeId: 'e1',
      from: 'manager',
      fromId: 'm1',
      rating: 4,
      comment: '回款及时',
      at,
    }),
    {
      type: 'Feedback360Given',
      data: { employeeId: 'e1', from: 'manager', fromId: 'm1', rating: 4, comment: '回款及时', at },
    },
  ],
  [cmd('RecordAttendance', attendance), { type: 'AttendanceRecorded', data: attendance }],
  [
    cmd('AnswerSatisfactionPulse', { employeeId: 'e1', score: 8, at }),
    { type: 'SatisfactionPulseAnswered', data: { employeeId: 'e1', score: 8, at } },
  ],
  [
    cmd('RecordIntervention', { employeeId: 'e1', kind: 'coaching', note: '每周陪访', recordedBy: 'm1', at }),
    {
      type: 'InterventionRecorded',
      data: { employeeId: 'e1', kind: 'coaching', note: '每周陪访', recordedBy: 'm1', at },
    },
  ],
  [
    cmd('RecordSkillAssessment', { employeeId: 'e1', test: '销售技能测评', score: 72.5, at }),
    { type: 'SkillAssessed', data: { employeeId: 'e1', test: '销售技能测评', score: 72.5, at } },
  ],
];
const each = examples.map(([command, event]) => [command.type, command, event] as const);
const activity = spec(activityDecider);

describe('activity decider (stream activity-<employee>-<month>)', () => {
  it('has an example for every activity command', () => {
    expect(examples.map(([c]) => c.type).sort()).toEqual(Object.keys(activityCommandSchemas).sort());
  });
  it.each(each)('%s: records one event carrying the command data', (_, command, event) => {
    activity.given([]).when(command, ctx).thenEvents([event]);
  });
  it.each(each)('%s: refuses an unknown employee', (_, command) => {
    activity
      .given([])
      .when(command, { helped: e2 })
      .thenThrows('NOT_FOUND', /^employee e1 is not known$/);
  });
  it.each(each)('%s: refuses an employee who left', (_, command) => {
    activity
      .given([])
      .when(command, { employee: { employeeId: 'e1', status: 'departed' }, helped: e2 })
      .thenThrows('ILLEGAL_STATE', /^employee e1 has left the company$/);
  });
  it.each(each)('%s: refuses a context loaded for someone else', (_, command) => {
    activity
      .given([])
      .when(command, { employee: e2, helped: e2 })
      .thenThrows('VALIDATION', /context is for employee e2, but the command names e1/);
  });

  it('CreateOpportunity: refuses the same opportunity twice', () => {
    const [command, event] = examples[0] ?? [];
    if (!command || !event) throw new Error('missing example');
    activity
      .given([event])
      .when(command, ctx)
      .thenThrows('ILLEGAL_STATE', /opportunity o1 is already recorded/);
  });
  it('RecordExpense: refuses the same expense twice', () => {
    const expense = cmd('RecordExpense', {
      employeeId: 'e1',
      expenseId: 'x1',
      amount: 500,
      category: 'meals',
      at,
    });
    activity
      .given([{ type: 'ExpenseRecorded', data: { ...expense.data, amount: 12_000 } }])
      .when(expense, ctx)
      .thenThrows('ILLEGAL_STATE', /expense x1 is already recorded/);
  });
  it('CreditCollaboration: refuses self-help and an unknown or departed colleague', () => {
    activity
      .given([])
      .when(cmd('CreditCollaboration', { employeeId: 'e1', helpedEmployeeId: 'e1', at }), ctx)
      .thenThrows('VALIDATION', /e1 cannot be credited for helping themself/);
    activity
      .given([])
      .when(cmd('CreditCollaboration', { employeeId: 'e1', helpedEmployeeId: 'e2', at }), { employee: e1 })
      .thenThrows('NOT_FOUND', /^helped colleague e2 is not known$/);
    activity
      .given([])
      .when(cmd('CreditCollaboration', { employeeId: 'e1', helpedEmployeeId: 'e2', at }), {
        employee: e1,
        helped: { employeeId: 'e2', status: 'departed' },
      })
      .thenThrows('ILLEGAL_STATE', /^helped colleague e2 has left the company$/);
  });
  it('GiveFeedback360: refuses feedback about oneself', () => {
    activity
      .given([])
      .when(cmd('GiveFeedback360', { employeeId: 'e1', from: 'peer', fromId: 'e1', rating: 5, at }), ctx)
      .thenThrows('VALIDATION', /e1 cannot give 360 feedback about themself/);
  });
  it('RecordIntervention: nobody records an intervention on themself', () => {
    activity
      .given([])
      .when(
        cmd('RecordIntervention', { employeeId: 'e1', kind: 'other', note: 'x', recordedBy: 'e1', at }),
        ctx,
      )
      .thenThrows('VALIDATION', /e1 cannot record an intervention on themself/);
  });
  it('RecordAttendance: refuses numbers that contradict each other', () => {
    activity
      .given([])
      .when(cmd('RecordAttendance', { ...attendance, workingDays: 20 }), ctx)
      .thenThrows('VALIDATION', /attendance of e1 in 2026-03: 21 days present is more than 20 working days/);
    activity
      .given([])
      .when(cmd('RecordAttendance', { ...attendance, daysPresent: 2, lateArrivals: 3 }), ctx)
      .thenThrows('VALIDATION', /3 late arrivals and 0 early leaves cannot exceed 2 days present/);
    activity
      .given([])
      .when(cmd('RecordAttendance', { ...attendance, daysPresent: 2, lateArrivals: 0, earlyLeaves: 3 }), ctx)
      .thenThrows('VALIDATION', /cannot exceed 2 days present/);
  });
});
