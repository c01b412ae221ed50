import { describe, it } from 'vitest';
import { commandsWith, spec } from '../core/spec.ts';
import type { CommandMetadata } from '../core/types.ts';
import type { AlertCommand } from './commands.ts';
import { alertDecider } from './decide.ts';
import type { AlertEvent } from './events.ts';

const metadata: CommandMetadata = {
  commandId: 'c',
  at: '2026-06-01T09:00:00Z',
  actor: 'system:reactor',
  source: 'reactor',
};
const cmd = commandsWith<AlertCommand>(metadata);
/** A RaiseAlert command with its context: the person it is about is known. */
const raise = (data: Parameters<typeof cmd<'RaiseAlert'>>[1]) =>
  [
    cmd('RaiseAlert', data),
    { employee: { employeeId: data.employeeId, status: 'active' as const } },
  ] as const;
const at = '2026-06-01T09:00:00Z';
const raiseData = {
  alertId: 'eligibility-e1-sales_supervisor',
  kind: 'eligibility_reached' as const,
  employeeId: 'e1',
  assignees: [{ role: 'hr' as const }, { role: 'manager' as const, id: 'm1' }],
  evidence: { kind: 'eligibility' as const, ref: 'sales_supervisor', position: '4711' },
  message: { en: 'e1 meets every requirement of Sales Supervisor', zh: 'e1 已满足销售主管的全部要求' },
  raisedBy: 'system:eligibility-reactor',
  at,
};
const raised: AlertEvent = { type: 'AlertRaised', data: raiseData };
const ackData = { alertId: raiseData.alertId, acknowledgedBy: 'hr1', note: 'review opened', at };
const acknowledged: AlertEvent = { type: 'AlertAcknowledged', data: ackData };
const alert = spec(alertDecider);

describe('alert decider (stream alert-<id>)', () => {
  describe('RaiseAlert', () => {
    it('raises a new alert', () => {
      alert
        .given([])
        .when(...raise(raiseData))
        .thenEvents([raised]);
    });
    it('is idempotent by alert id: raising it again appends nothing', () => {
      alert
        .given([raised])
        .when(...raise(raiseData))
        .thenEvents([]);
    });
    it('still appends nothing after the alert was acknowledged', () => {
      alert
        .given([raised, acknowledged])
        .when(...raise(raiseData))
        .thenEvents([]);
    });
    it('refuses the same id about another person', () => {
      alert
        .given([raised])
        .when(...raise({ ...raiseData, employeeId: 'e2' }))
        .thenThrows('ILLEGAL_STATE', /already raised as eligibility_reached about e1/);
    });
    it('refuses the kinds the read model derives from events', () => {
      alert
        .given([])
        .when(...raise({ ...raiseData, kind: 'mentor_overdue' }))
        .thenThrows('VALIDATION', /mentor_overdue are derived from events/);
    });
    it('refuses an id of the derived form', () => {
      alert
        .given([])
        .when(...raise({ ...raiseData, alertId: 'mentor_overdue:e1:m1:2026-W10' }))
        .thenThrows('VALIDATION', /form of a derived alert/);
    });
    it('refuses an alert about someone never hired', () => {
      alert
        .given([])
        .when(cmd('RaiseAlert', raiseData), { employee: { employeeId: 'e1', status: 'unknown' } })
        .thenThrows('NOT_FOUND', /employee e1 is not known/);
    });
    it('raises an alert about someone who has left (their file may still need one)', () => {
      alert
        .given([])
        .when(cmd('RaiseAlert', raiseData), { employee: { employeeId: 'e1', status: 'departed' } })
        .thenEvents([raised]);
    });
    it('refuses an assignee listed twice', () => {
      alert
        .given([])
        .when(...raise({ ...raiseData, assignees: [{ role: 'hr' }, { role: 'hr' }] }))
        .thenThrows('VALIDATION', /assignee hr is listed twice/);
    });
  });
  describe('AcknowledgeAlert', () => {
    it('acknowledges a raised alert', () => {
      alert.given([raised]).when(cmd('AcknowledgeAlert', ackData)).thenEvents([acknowledged]);
    });
    it('acknowledges a derived alert by its id', () => {
      const data = { ...ackData, alertId: 'mentor_overdue:e9:m1:2026-W10' };
      alert
        .given([])
        .when(cmd('AcknowledgeAlert', data))
        .thenEvents([{ type: 'AlertAcknowledged', data }]);
    });
    it('refuses an unknown alert', () => {
      alert
        .given([])
        .when(cmd('AcknowledgeAlert', { ...ackData, alertId: 'nope' }))
        .thenThrows('NOT_FOUND', /alert nope is not known/);
    });
    it('refuses a second acknowledgement', () => {
      alert
        .given([raised, acknowledged])
        .when(cmd('AcknowledgeAlert', { ...ackData, acknowledgedBy: 'm1' }))
        .thenThrows('ILLEGAL_STATE', /already acknowledged by hr1/);
    });
  });
});
