import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/errors.ts';
import { commandsWith, spec } from '../core/spec.ts';
import type { CommandMetadata, EmployeeContext } from '../core/types.ts';
import type { TargetCommand } from './commands.ts';
import { type TargetContext, targetDecider } from './decide.ts';
import type { TargetEvent } from './events.ts';
import type { TargetState } from './state.ts';

const metadata: CommandMetadata = {
  commandId: 'c',
  at: '2026-03-01T09:00:00Z',
  actor: 'user:mgr',
  source: 'ui',
};
const cmd = commandsWith<TargetCommand>(metadata);
const at = '2026-03-01T09:00:00Z';
const subject = { subjectId: 'e1', subjectKind: 'employee' as const, period: '2026-03' };
const set: TargetEvent = {
  type: 'TargetSet',
  data: { ...subject, amount: 12_500_000, basis: 'history × rank × region 1.1', setBy: 'm1', at },
};
const requestData = {
  ...subject,
  requestId: 'q1',
  requestedAmount: 11_000_000,
  reason: 'market slowdown',
  at,
};
const requested: TargetEvent = { type: 'TargetAdjustmentRequested', data: requestData };
const approve = { ...subject, requestId: 'q1', approvedAmount: 11_500_000, approvedBy: 'm1', at };
const approved: TargetEvent = { type: 'TargetAdjustmentApproved', data: approve };
const reject = { ...subject, requestId: 'q1', reason: 'no evidence', rejectedBy: 'm1', at };
const rejected: TargetEvent = { type: 'TargetAdjustmentRejected', data: reject };
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
const teamSet = (amount: number): TargetEvent => ({
  type: 'TargetSet',
  data: { subjectId: 't1', subjectKind: 'team', period: '2026-03', amount, basis: 'plan', setBy: 'b1', at },
});
/** Everyone a spec names is employed in team t1, unless the spec passes its own context. */
const inTeam = (teamId: string) => ({
  employee: (employeeId: string): EmployeeContext => ({
    employeeId,
    status: 'active',
    branchId: 'b1',
    teamId,
  }),
});
const target = spec({
  ...targetDecider,
  decide: (command: TargetCommand, state: TargetState, context: TargetContext | undefined) =>
    targetDecider.decide(command, state, context ?? inTeam('t1')),
});

describe('target decider (stream target-<subject>-<period>)', () => {
  describe('SetTarget', () => {
    it('sets a target', () => {
      target.given([]).when(cmd('SetTarget', set.data)).thenEvents([set]);
    });
    it('refuses an employee target for someone never hired', () => {
      target
        .given([])
        .when(cmd('SetTarget', set.data), { employee: (employeeId) => ({ employeeId, status: 'unknown' }) })
        .thenThrows('NOT_FOUND', /employee e1 is not known/);
    });
    it('sets a team target without asking about people', () => {
      const none = {
        employee: (): EmployeeContext => {
          throw new Error('a team target names no person');
        },
      };
      const teamTarget = teamSet(30_000_000);
      target
        .given([])
        .when(cmd('SetTarget', teamTarget.data as never), none)
        .thenEvents([teamTarget]);
    });
    it('refuses to overwrite a target: that is what adjustments are for', () => {
      target
        .given([set])
        .when(cmd('SetTarget', set.data))
        .thenThrows(
          'ILLEGAL_STATE',
          /target of e1 for 2026-03 is already set \(12500000 fen\); request an adjustment/,
        );
    });
  });

  describe('RequestTargetAdjustment', () => {
    it('requests an adjustment of a set target', () => {
      target.given([set]).when(cmd('RequestTargetAdjustment', requestData)).thenEvents([requested]);
    });
    it('accepts a new request once the previous one is decided', () => {
      const next = { ...requestData, requestId: 'q2', requestedAmount: 11_000_000 };
      target
        .given([set, requested, approved])
        .when(cmd('RequestTargetAdjustment', next))
        .thenEvents([{ type: 'TargetAdjustmentRequested', data: next }]);
    });
    it('refuses a request without a target', () => {
      target
        .given([])
        .when(cmd('RequestTargetAdjustment', requestData))
        .thenThrows('NOT_FOUND', /no target of e1 for 2026-03 to adjust/);
    });
    it('refuses a second request while one is pending', () => {
      target
        .given([set, requested])
        .when(cmd('RequestTargetAdjustment', { ...requestData, requestId: 'q2' }))
        .thenThrows('ILLEGAL_STATE', /already has a pending adjustment request q1/);
    });
    it('refuses to reuse the id of a decided request', () => {
      target
        .given([set, requested, rejected])
        .when(cmd('RequestTargetAdjustment', requestData))
        .thenThrows('ILLEGAL_STATE', /adjustment request q1 of e1 for 2026-03 is already decided/);
    });
    it('refuses a request that changes nothing, against the approved amount', () => {
      target
        .given([set, requested, approved])
        .when(
          cmd('RequestTargetAdjustment', { ...requestData, requestId: 'q2', requestedAmount: 11_500_000 }),
        )
        .thenThrows('VALIDATION', /already 11500000 fen: the request changes nothing/);
    });
  });

  describe('ApproveTargetAdjustment and RejectTargetAdjustment', () => {
    it('approves or rejects the pending request', () => {
      target.given([set, requested]).when(cmd('ApproveTargetAdjustment', approve)).thenEvents([approved]);
      target.given([set, requested]).when(cmd('RejectTargetAdjustment', reject)).thenEvents([rejected]);
    });
    it('refuses to decide a request twice', () => {
      target
        .given([set, requested, approved])
        .when(cmd('RejectTargetAdjustment', reject))
        .thenThrows('ILLEGAL_STATE', /adjustment request q1 of e1 for 2026-03 is already decided/);
      target
        .given([set, requested, rejected])
        .when(cmd('ApproveTargetAdjustment', approve))
        .thenThrows('ILLEGAL_STATE', /already decided/);
    });
    it('refuses to decide a request that was never made', () => {
      target
        .given([set])
        .when(cmd('ApproveTargetAdjustment', approve))
        .thenThrows('NOT_FOUND', /adjustment request q1 of e1 for 2026-03 is not pending/);
      target
        .given([set, requested])
        .when(cmd('RejectTargetAdjustment', { ...reject, requestId: 'q9' }))
        .thenThrows('NOT_FOUND', /q9 .* is not pending/);
    });
  });

  describe('SplitTeamTarget', () => {
    it('splits a team target whose shares add up exactly, with or without a prior team target', () => {
      target
        .given([])
        .when(cmd('SplitTeamTarget', split))
        .thenEvents([{ type: 'TeamTargetSplit', data: split }]);
      target
        .given([teamSet(30_000_000)])
        .when(cmd('SplitTeamTarget', split))
        .thenEvents([{ type: 'TeamTargetSplit', data: split }]);
    });
    it('refuses shares that do not add up to the team target', () => {
      target
        .given([])
        .when(cmd('SplitTeamTarget', { ...split, teamAmount: 30_000_001 }))
        .thenThrows('VALIDATION', /add up to 30000000 fen, not the team's 30000001 fen/);
    });
    it('refuses two shares for one member', () => {
      target
        .given([])
        .when(
          cmd('SplitTeamTarget', {
            ...split,
            shares: [...split.shares.slice(0, 2), { employeeId: 'e1', amount: 8_000_000 }],
          }),
        )
        .thenThrows('VALIDATION', /employee e1 has two shares in the split/);
    });
    it('refuses a split of another amount than the team target', () => {
      target
        .given([teamSet(25_000_000)])
        .when(cmd('SplitTeamTarget', split))
        .thenThrows('ILLEGAL_STATE', /team t1's target for 2026-03 is 25000000 fen, not 30000000/);
    });
    it('refuses a share for a member of another team', () => {
      const elsewhere = {
        employee: (employeeId: string): EmployeeContext => ({
          employeeId,
          status: 'active',
          branchId: 'b1',
          teamId: employeeId === 'e3' ? 't2' : 't1',
        }),
      };
      target
        .given([])
        .when(cmd('SplitTeamTarget', split), elsewhere)
        .thenThrows('ILLEGAL_STATE', /employee e3 is not a member of team t1 \(team t2\)/);
    });
    it('refuses a share for someone never hired or who has left', () => {
      const status = (s: EmployeeContext['status']) => ({
        employee: (employeeId: string): EmployeeContext =>
          employeeId === 'e2' ? { employeeId, status: s } : { employeeId, status: 'active', teamId: 't1' },
      });
      target
        .given([])
        .when(cmd('SplitTeamTarget', split), status('unknown'))
        .thenThrows('NOT_FOUND', /e2 is not known/);
      target
        .given([])
        .when(cmd('SplitTeamTarget', split), status('departed'))
        .thenThrows('ILLEGAL_STATE', /e2 has left/);
    });
    it('property: a split is accepted exactly when its shares add up to the team target', () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 1, max: 50_000_000 }), { minLength: 1, maxLength: 12 }),
          fc.integer({ min: -3, max: 3 }),
          (amounts, offset) => {
            const total = amounts.reduce((a, b) => a + b, 0);
            const teamAmount = total + offset;
            fc.pre(teamAmount > 0);
            const shares = amounts.map((amount, i) => ({ employeeId: `e${i}`, amount }));
            const decide = () =>
              targetDecider.decide(
                cmd('SplitTeamTarget', { ...split, teamAmount, shares }),
                targetDecider.initialState,
                inTeam('t1'),
              );
            if (offset === 0) expect(decide()).toHaveLength(1);
            else expect(decide).toThrow(DomainError);
          },
        ),
      );
    });
  });
});

describe('target refusals name their rule and field (the API words them in both languages)', () => {
  const refusal = (events: TargetEvent[], command: TargetCommand) => {
    const state = events.reduce(targetDecider.evolve, targetDecider.initialState);
    try {
      targetDecider.decide(command, state, inTeam('t1'));
    } catch (error) {
      if (error instanceof DomainError) return { rule: error.details.rule, field: error.details.field };
      throw error;
    }
    throw new Error('expected a refusal');
  };
  it.each([
    ['a target set twice', [set], cmd('SetTarget', set.data), 'target_already_set', 'amount'],
    ['a request without a target', [], cmd('RequestTargetAdjustment', requestData), 'no_target', 'period'],
    [
      'a second request while one is open',
      [set, requested],
      cmd('RequestTargetAdjustment', { ...requestData, requestId: 'q2' }),
      'adjustment_pending',
      'requestedAmount',
    ],
    [
      'a request for the amount in force',
      [set],
      cmd('RequestTargetAdjustment', { ...requestData, requestedAmount: 12_500_000 }),
      'request_changes_nothing',
      'requestedAmount',
    ],
    [
      'approving a decided request',
      [set, requested, rejected],
      cmd('ApproveTargetAdjustment', approve),
      'request_decided',
      'requestId',
    ],
    [
      'rejecting an unknown request',
      [set],
      cmd('RejectTargetAdjustment', reject),
      'request_not_pending',
      'requestId',
    ],
    [
      'shares that miss the team amount',
      [],
      cmd('SplitTeamTarget', { ...split, teamAmount: 30_000_100 }),
      'shares_sum',
      'shares',
    ],
    [
      'a split of another amount than the team target',
      [teamSet(29_000_000)],
      cmd('SplitTeamTarget', split),
      'team_target_differs',
      'teamAmount',
    ],
  ] as const)('%s', (_name, events, command, rule, field) => {
    expect(refusal([...events], command as TargetCommand)).toEqual({ rule, field });
  });
});
