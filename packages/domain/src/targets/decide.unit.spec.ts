import { describe, it } from 'vitest';
import { spec } from '../core/spec.ts';
import type { CommandMetadata } from '../core/types.ts';
import type { TargetCommand } from './commands.ts';
import { targetDecider } from './decide.ts';
import type { TargetEvent } from './events.ts';

const metadata: CommandMetadata = {
  commandId: 'c',
  at: '2026-03-01T09:00:00Z',
  actor: 'user:mgr',
  source: 'ui',
};
const at = '2026-03-01T09:00:00Z';
const subject = { subjectId: 'e1', subjectKind: 'employee' as const, period: '2026-03' };
const cmd = <C extends TargetCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata }) as C;
const set: TargetEvent = {
  type: 'TargetSet',
  data: { ...subject, amount: 12_500_000, basis: 'history x rank', setBy: 'm1', at },
};
const requested: TargetEvent = {
  type: 'TargetAdjustmentRequested',
  data: { ...subject, requestId: 'q1', requestedAmount: 11_000_000, reason: 'market slowdown', at },
};
const approve = { ...subject, requestId: 'q1', approvedAmount: 11_500_000, approvedBy: 'm1', at };
const reject = { ...subject, requestId: 'q1', reason: 'no evidence', rejectedBy: 'm1', at };
const target = spec(targetDecider);

describe('target decider', () => {
  it('sets a target and handles one adjustment request at a time', () => {
    target.given([]).when(cmd('SetTarget', set.data), undefined).thenEvents([set]);
    target
      .given([set])
      .when(cmd('RequestTargetAdjustment', requested.data), undefined)
      .thenEvents([requested]);
    target
      .given([set, requested])
      .when(cmd('RequestTargetAdjustment', { ...requested.data, requestId: 'q2' }), undefined)
      .thenThrows('ILLEGAL_STATE', /already has a pending adjustment request q1/);
    target
      .given([])
      .when(cmd('RequestTargetAdjustment', requested.data), undefined)
      .thenThrows('NOT_FOUND', /no target of e1 for 2026-03/);
  });
  it('approves or rejects only a pending request, once', () => {
    target
      .given([set, requested])
      .when(cmd('ApproveTargetAdjustment', approve), undefined)
      .thenEvents([{ type: 'TargetAdjustmentApproved', data: approve }]);
    target
      .given([set, requested])
      .when(cmd('RejectTargetAdjustment', reject), undefined)
      .thenEvents([{ type: 'TargetAdjustmentRejected', data: reject }]);
    target
      .given([set, requested, { type: 'TargetAdjustmentApproved', data: approve }])
      .when(cmd('RejectTargetAdjustment', reject), undefined)
      .thenThrows('ILLEGAL_STATE', /already decided/);
    target
      .given([set])
      .when(cmd('ApproveTargetAdjustment', approve), undefined)
      .thenThrows('NOT_FOUND', /not pending/);
  });
  it('splits a team target only when the shares add up exactly', () => {
    const split = {
      teamId: 't1',
      period: '2026-03',
      teamAmount: 30_000_000,
      strategy: 'ability' as const,
      shares: [
        { employeeId: 'e1', amount: 12_000_000 },
        { employeeId: 'e2', amount: 10_000_000 },
        { employeeId: 'e3', amount: 8_000_000 },
      ],
      at,
    };
    target
      .given([])
      .when(cmd('SplitTeamTarget', split), undefined)
      .thenEvents([{ type: 'TeamTargetSplit', data: split }]);
    target
      .given([])
      .when(cmd('SplitTeamTarget', { ...split, teamAmount: 30_000_001 }), undefined)
      .thenThrows('VALIDATION', /add up to 30000000 fen, not the team's 30000001 fen/);
    target
      .given([])
      .when(
        cmd('SplitTeamTarget', {
          ...split,
          shares: [...split.shares.slice(0, 2), { employeeId: 'e1', amount: 8_000_000 }],
        }),
        undefined,
      )
      .thenThrows('VALIDATION', /e1 has two shares/);
    const teamSet: TargetEvent = {
      type: 'TargetSet',
      data: {
        subjectId: 't1',
        subjectKind: 'team',
        period: '2026-03',
        amount: 25_000_000,
        basis: 'plan',
        setBy: 'b1',
        at,
      },
    };
    target
      .given([teamSet])
      .when(cmd('SplitTeamTarget', split), undefined)
      .thenThrows('ILLEGAL_STATE', /is 25000000 fen, not 30000000/);
  });
});
