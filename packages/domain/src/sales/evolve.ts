import type { SaleEvent } from './events.ts';
import type { SaleState } from './state.ts';

export function evolveSale(state: SaleState, event: SaleEvent): SaleState {
  switch (event.type) {
    case 'SaleClosed':
      return { ...state, exists: true, employeeId: event.data.employeeId, amount: event.data.amount };
    case 'SaleReversed':
      return { ...state, reversed: true };
    case 'SaleCorrected':
      return { ...state, amount: event.data.amount };
    case 'PaymentCollected':
      return {
        ...state,
        collected: state.collected + event.data.amount,
        paymentIds: new Set([...state.paymentIds, event.data.paymentId]),
      };
    default: {
      const unreachable: never = event;
      throw new Error(`unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
}
