import type { AlertEvent } from './events.ts';
import type { AlertState } from './state.ts';

export function evolveAlert(state: AlertState, event: AlertEvent): AlertState {
  switch (event.type) {
    case 'AlertRaised':
      return { ...state, raised: { kind: event.data.kind, employeeId: event.data.employeeId } };
    case 'AlertAcknowledged':
      return { ...state, acknowledged: { by: event.data.acknowledgedBy, at: event.data.at } };
    default: {
      const unreachable: never = event;
      throw new Error(`unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
}
