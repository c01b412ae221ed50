import { illegalState, notFound, validation } from '../core/errors.ts';
import type { Decider } from '../core/types.ts';
import type { TargetCommand } from './commands.ts';
import type { TargetEvent } from './events.ts';

export interface TargetState {
  readonly amount: number | null;
  readonly pendingRequestId: string | null;
  readonly decidedRequests: ReadonlySet<string>;
}
export const initialTargetState: TargetState = {
  amount: null,
  pendingRequestId: null,
  decidedRequests: new Set(),
};

export function evolveTarget(state: TargetState, event: TargetEvent): TargetState {
  switch (event.type) {
    case 'TargetSet':
      return { ...state, amount: event.data.amount };
    case 'TargetAdjustmentRequested':
      return { ...state, pendingRequestId: event.data.requestId };
    case 'TargetAdjustmentApproved':
      return {
        amount: event.data.approvedAmount,
        pendingRequestId: null,
        decidedRequests: new Set([...state.decidedRequests, event.data.requestId]),
      };
    case 'TargetAdjustmentRejected':
      return {
        ...state,
        pendingRequestId: null,
        decidedRequests: new Set([...state.decidedRequests, event.data.requestId]),
      };
    case 'TeamTargetSplit':
      return { ...state, amount: state.amount ?? event.data.teamAmount };
    default: {
      const unreachable: never = event;
      throw new Error(`unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
}

function requirePending(state: TargetState, requestId: string, label: string): void {
  if (state.pendingRequestId !== requestId) {
    throw state.decidedRequests.has(requestId)
      ? illegalState(`adjustment request ${requestId} of ${label} is already decided`)
      : notFound(`adjustment request ${requestId} of ${label} is not pending`);
  }
}

export function decideTarget(command: TargetCommand, state: TargetState): TargetEvent[] {
  switch (command.type) {
    case 'SetTarget':
      return [{ type: 'TargetSet', data: command.data }];
    case 'RequestTargetAdjustment': {
      const label = `${command.data.subjectId} for ${command.data.period}`;
      if (state.amount === null) throw notFound(`there is no target of ${label} to adjust`);
      if (state.pendingRequestId) {
        throw illegalState(
          `target of ${label} already has a pending adjustment request ${state.pendingRequestId}`,
        );
      }
      return [{ type: 'TargetAdjustmentRequested', data: command.data }];
    }
    case 'ApproveTargetAdjustment':
      requirePending(state, command.data.requestId, `${command.data.subjectId} for ${command.data.period}`);
      return [{ type: 'TargetAdjustmentApproved', data: command.data }];
    case 'RejectTargetAdjustment':
      requirePending(state, command.data.requestId, `${command.data.subjectId} for ${command.data.period}`);
      return [{ type: 'TargetAdjustmentRejected', data: command.data }];
    case 'SplitTeamTarget': {
      const { teamId, period, teamAmount, shares } = command.data;
      if (state.amount !== null && state.amount !== teamAmount) {
        throw illegalState(`team ${teamId}'s target for ${period} is ${state.amount} fen, not ${teamAmount}`);
      }
      const total = shares.reduce((sum, share) => sum + share.amount, 0);
      if (total !== teamAmount) {
        throw validation(
          `the shares of team ${teamId}'s target for ${period} add up to ${total} fen, not the team's ${teamAmount} fen`,
          { total, teamAmount },
        );
      }
      const seen = new Set<string>();
      for (const share of shares) {
        if (seen.has(share.employeeId))
          throw validation(`employee ${share.employeeId} has two shares in the split`);
        seen.add(share.employeeId);
      }
      return [{ type: 'TeamTargetSplit', data: command.data }];
    }
    default: {
      const unreachable: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unreachable)}`);
    }
  }
}

export const targetDecider: Decider<TargetCommand, TargetEvent, TargetState> = {
  initialState: initialTargetState,
  evolve: evolveTarget,
  decide: (command, state) => decideTarget(command, state),
};
