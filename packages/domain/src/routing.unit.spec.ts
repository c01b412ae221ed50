import { describe, expect, it } from 'vitest';
import type { DomainCommand } from './commandCatalog.ts';
import { routeCommand } from './routing.ts';

const metadata = { commandId: 'c', at: '2026-11-02T09:30:00.000Z', actor: 'user:t', source: 'test' };
const subjectOf = (type: string, data: Record<string, unknown>) =>
  routeCommand({ type, data, metadata } as unknown as DomainCommand).subject;

describe('the subject of a command, from its route', () => {
  it('names the person, team, sale, review or alert a command is about, with its field', () => {
    expect(subjectOf('CloseSale', { saleId: 's1', employeeId: 'e1' })).toEqual({
      kind: 'employee',
      employeeId: 'e1',
      field: 'employeeId',
    });
    expect(subjectOf('CollectPayment', { saleId: 's1' })).toEqual({
      kind: 'sale',
      saleId: 's1',
      field: 'saleId',
    });
    expect(subjectOf('RateMentor', { menteeId: 'm1', mentorId: 'm2' })).toMatchObject({
      employeeId: 'm1',
      field: 'menteeId',
    });
    expect(
      subjectOf('ApproveTargetAdjustment', { subjectId: 't1', subjectKind: 'team', period: '2026-11' }),
    ).toEqual({ kind: 'team', teamId: 't1', field: 'subjectId' });
    expect(subjectOf('SplitTeamTarget', { teamId: 't1', period: '2026-11', shares: [] })).toEqual({
      kind: 'team',
      teamId: 't1',
      field: 'teamId',
    });
    expect(subjectOf('OpenReview', { reviewId: 'r1', employeeId: 'e1' })).toMatchObject({ kind: 'review' });
    expect(subjectOf('AcknowledgeAlert', { alertId: 'a1' })).toMatchObject({ kind: 'alert', alertId: 'a1' });
    expect(subjectOf('PublishLadder', { ladder: { id: 'l1' } })).toEqual({
      kind: 'company',
      field: 'ladder',
    });
  });
});
