import { describe, it } from 'vitest';
import { spec } from '../core/spec.ts';
import type { CommandMetadata, EmployeeContext } from '../core/types.ts';
import { type ActivityCommand, activityCommandSchemas } from './commands.ts';
import { activityDecider } from './decide.ts';

const metadata: CommandMetadata = {
  commandId: 'c',
  at: '2026-03-02T10:00:00Z',
  actor: 'system:oa',
  source: 'oa',
};
const e1: EmployeeContext = { employeeId: 'e1', status: 'active' };
const e2: EmployeeContext = { employeeId: 'e2', status: 'active' };
const at = '2026-03-02T10:00:00Z';
const cmd = <C extends ActivityCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata }) as C;
const activity = spec(activityDecider);

/** One valid example per activity command and the event it records. */
const examples: [ActivityCommand, string][] = [
  [
    cmd('CreateOpportunity', { employeeId: 'e1', opportunityId: 'o1', customerId: 'c1', at }),
    'OpportunityCreated',
  ],
  [cmd('GiveDemo', { employeeId: 'e1', customerId: 'c1', at }), 'DemoGiven'],
  [cmd('LogFollowUp', { employeeId: 'e1', customerId: 'c1', at }), 'CustomerFollowUpLogged'],
  [cmd('RecordCustomerRetention', { employeeId: 'e1', customerId: 'c1', at }), 'CustomerRetained'],
  [cmd('RecordCustomerChurn', { employeeId: 'e1', customerId: 'c1', at }), 'CustomerChurned'],
  [
    cmd('RecordCustomerFeedback', { employeeId: 'e1', customerId: 'c1', rating: 4.5, at }),
    'CustomerFeedbackGiven',
  ],
  [
    cmd('RecordExpense', { employeeId: 'e1', expenseId: 'x1', amount: 12_000, category: 'travel', at }),
    'ExpenseRecorded',
  ],
  [cmd('CreditCollaboration', { employeeId: 'e1', helpedEmployeeId: 'e2', at }), 'CollaborationCredited'],
  [
    cmd('GiveFeedback360', {
      employeeId: 'e1',
      from: 'peer',
      fromId: 'e2',
      rating: 4,
      comment: '乐于助人',
      at,
    }),
    'Feedback360Given',
  ],
  [
    cmd('RecordAttendance', {
      employeeId: 'e1',
      month: '2026-03',
      workingDays: 22,
      daysPresent: 21,
      lateArrivals: 1,
      earlyLeaves: 0,
      at,
    }),
    'AttendanceRecorded',
  ],
  [cmd('AnswerSatisfactionPulse', { employeeId: 'e1', score: 8, at }), 'SatisfactionPulseAnswered'],
];

describe('activity decider', () => {
  it('has an example for every activity command', () => {
    const covered = new Set(examples.map(([c]) => c.type));
    for (const type of Object.keys(activityCommandSchemas))
      if (!covered.has(type as never)) throw new Error(`no example for ${type}`);
  });
  it.each(examples)('records %# as one event carrying the command data', (command, eventType) => {
    activity
      .given([])
      .when(command, { employee: e1, helped: e2 })
      .thenEvents([{ type: eventType, data: command.data } as never]);
  });
  it.each(examples)('refuses %# for an unknown or departed employee', (command) => {
    activity
      .given([])
      .when(command, { helped: e2 })
      .thenThrows('NOT_FOUND', /employee \(none given\) is not known/);
    activity
      .given([])
      .when(command, { employee: { employeeId: 'e1', status: 'departed' }, helped: e2 })
      .thenThrows('ILLEGAL_STATE', /has left the company/);
  });
  it('refuses facts whose numbers contradict each other', () => {
    activity
      .given([])
      .when(cmd('CreditCollaboration', { employeeId: 'e1', helpedEmployeeId: 'e1', at }), {
        employee: e1,
        helped: e1,
      })
      .thenThrows('VALIDATION', /helping themself/);
    activity
      .given([])
      .when(cmd('CreditCollaboration', { employeeId: 'e1', helpedEmployeeId: 'e2', at }), { employee: e1 })
      .thenThrows('NOT_FOUND', /helped colleague/);
    activity
      .given([])
      .when(
        cmd('RecordAttendance', {
          employeeId: 'e1',
          month: '2026-03',
          workingDays: 20,
          daysPresent: 21,
          lateArrivals: 0,
          earlyLeaves: 0,
          at,
        }),
        { employee: e1 },
      )
      .thenThrows('VALIDATION', /21 days present is more than 20 working days/);
    activity
      .given([])
      .when(cmd('GiveFeedback360', { employeeId: 'e1', from: 'peer', fromId: 'e1', rating: 5, at }), {
        employee: e1,
      })
      .thenThrows('VALIDATION', /about themself/);
    activity
      .given([])
      .when(cmd('LogFollowUp', { employeeId: 'e1', customerId: 'c1', at }), { employee: e2 })
      .thenThrows('VALIDATION', /context is for employee e2, not e1/);
  });
});
