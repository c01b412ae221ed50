import type { TargetEvent } from './events.ts';
import type { TargetState } from './state.ts';

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
      return { ...state, amount: event.data.teamAmount };
    default: {
      const unreachable: never = event;
      throw new Error(`unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
}
