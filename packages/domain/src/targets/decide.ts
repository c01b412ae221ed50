import { illegalState, notFound, validation } from '../core/errors.ts';
import { type Command, type Decider, type EmployeeContext, requireActive } from '../core/types.ts';
import type { TargetCommand } from './commands.ts';
import type { TargetEvent } from './events.ts';
import { evolveTarget } from './evolve.ts';
import { initialTargetState, type TargetState } from './state.ts';

type Of<T extends TargetCommand['type']> = Extract<TargetCommand, Command<T>>;

/**
 * Facts from other streams: the people a command names, from `employee-<id>` — the person of an
 * employee target, every member of a split. Absent for commands that name nobody.
 */
export interface TargetContext {
  readonly employee: (employeeId: string) => EmployeeContext;
}

const label = (data: { subjectId: string; period: string }) => `${data.subjectId} for ${data.period}`;

/** An employee's target needs an employed person; a team's target names a team. */
function setTarget(
  { data }: Of<'SetTarget'>,
  state: TargetState,
  context: TargetContext | undefined,
): TargetEvent[] {
  if (data.subjectKind === 'employee') {
    requireActive(context?.employee(data.subjectId), 'employee', data.subjectId, 'subjectId');
  }
  if (state.amount !== null) {
    throw illegalState(
      `the target of ${label(data)} is already set (${state.amount} fen); request an adjustment instead`,
      { rule: 'target_already_set', field: 'amount', amount: state.amount, period: data.period },
    );
  }
  return [{ type: 'TargetSet', data }];
}

function requestTargetAdjustment({ data }: Of<'RequestTargetAdjustment'>, state: TargetState): TargetEvent[] {
  if (state.amount === null) {
    throw notFound(`there is no target of ${label(data)} to adjust`, {
      rule: 'no_target',
      field: 'period',
      period: data.period,
    });
  }
  if (state.pendingRequestId) {
    throw illegalState(
      `target of ${label(data)} already has a pending adjustment request ${state.pendingRequestId}`,
      { rule: 'adjustment_pending', field: 'requestedAmount', period: data.period },
    );
  }
  if (state.decidedRequests.has(data.requestId)) {
    throw illegalState(`adjustment request ${data.requestId} of ${label(data)} is already decided`, {
      rule: 'request_decided',
      field: 'requestId',
    });
  }
  if (data.requestedAmount === state.amount) {
    throw validation(
      `the target of ${label(data)} is already ${state.amount} fen: the request changes nothing`,
      { rule: 'request_changes_nothing', field: 'requestedAmount', amount: state.amount },
    );
  }
  return [{ type: 'TargetAdjustmentRequested', data }];
}

function requirePending(state: TargetState, data: { requestId: string; subjectId: string; period: string }) {
  if (state.pendingRequestId === data.requestId) return;
  throw state.decidedRequests.has(data.requestId)
    ? illegalState(`adjustment request ${data.requestId} of ${label(data)} is already decided`, {
        rule: 'request_decided',
        field: 'requestId',
      })
    : notFound(`adjustment request ${data.requestId} of ${label(data)} is not pending`, {
        rule: 'request_not_pending',
        field: 'requestId',
      });
}

function approveTargetAdjustment({ data }: Of<'ApproveTargetAdjustment'>, state: TargetState): TargetEvent[] {
  requirePending(state, data);
  return [{ type: 'TargetAdjustmentApproved', data }];
}

function rejectTargetAdjustment({ data }: Of<'RejectTargetAdjustment'>, state: TargetState): TargetEvent[] {
  requirePending(state, data);
  return [{ type: 'TargetAdjustmentRejected', data }];
}

/**
 * The shares must add up to the team target exactly, in fen, one share per member, and every
 * share must go to an employed member of that team: a split cannot set targets for people of
 * another team.
 */
function splitTeamTarget(
  { data }: Of<'SplitTeamTarget'>,
  state: TargetState,
  context: TargetContext | undefined,
): TargetEvent[] {
  const { teamId, period, teamAmount, shares } = data;
  if (state.amount !== null && state.amount !== teamAmount) {
    throw illegalState(`team ${teamId}'s target for ${period} is ${state.amount} fen, not ${teamAmount}`, {
      rule: 'team_target_differs',
      field: 'teamAmount',
      amount: state.amount,
      teamAmount,
    });
  }
  const total = shares.reduce((sum, share) => sum + share.amount, 0);
  if (total !== teamAmount) {
    throw validation(
      `the shares of team ${teamId}'s target for ${period} add up to ${total} fen, not the team's ${teamAmount} fen`,
      { rule: 'shares_sum', field: 'shares', total, teamAmount, difference: teamAmount - total },
    );
  }
  const seen = new Set<string>();
  for (const share of shares) {
    if (seen.has(share.employeeId))
      throw validation(`employee ${share.employeeId} has two shares in the split`, {
        rule: 'share_twice',
        field: 'shares',
        employeeId: share.employeeId,
      });
    seen.add(share.employeeId);
  }
  shares.forEach((share, i) => {
    const field = `shares.${i}.employeeId`;
    const member = context?.employee(share.employeeId);
    requireActive(member, 'employee', share.employeeId, field);
    if (member.teamId !== teamId) {
      throw illegalState(
        `employee ${share.employeeId} is not a member of team ${teamId} (team ${member.teamId ?? 'none'}): a split shares a team's target among its own members`,
        { employeeId: share.employeeId, teamId, field, rule: 'share_outside_team' },
      );
    }
  });
  return [{ type: 'TeamTargetSplit', data }];
}

/** Target commands, on `target-<employeeId or teamId>-<YYYY-MM>`; see TargetContext. */
export function decideTarget(
  command: TargetCommand,
  state: TargetState,
  context?: TargetContext,
): TargetEvent[] {
  switch (command.type) {
    case 'SetTarget':
      return setTarget(command, state, context);
    case 'RequestTargetAdjustment':
      return requestTargetAdjustment(command, state);
    case 'ApproveTargetAdjustment':
      return approveTargetAdjustment(command, state);
    case 'RejectTargetAdjustment':
      return rejectTargetAdjustment(command, state);
    case 'SplitTeamTarget':
      return splitTeamTarget(command, state, context);
    default: {
      const unreachable: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unreachable)}`);
    }
  }
}

export const targetDecider: Decider<TargetCommand, TargetEvent, TargetState, TargetContext | undefined> = {
  initialState: initialTargetState,
  evolve: evolveTarget,
  decide: (command, state, context) => decideTarget(command, state, context),
};
