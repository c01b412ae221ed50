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
        payments: new Map(state.payments).set(event.data.paymentId, {
          amount: event.data.amount,
          collectedAt: event.data.collectedAt,
          refunded: 0,
        }),
      };
    case 'PaymentRefunded': {
      const payment = state.payments.get(event.data.paymentId);
      if (!payment) return state;
      return {
        ...state,
        collected: state.collected - event.data.amount,
        payments: new Map(state.payments).set(event.data.paymentId, {
          ...payment,
          refunded: payment.refunded + event.data.amount,
        }),
      };
    }
    case 'CommissionLineDisputed':
      return {
        ...state,
        disputes: new Map(state.disputes).set(event.data.disputeId, {
          paymentId: event.data.paymentId,
          resolved: false,
        }),
      };
    case 'CommissionDisputeResolved':
      return {
        ...state,
        disputes: new Map(state.disputes).set(event.data.disputeId, {
          paymentId: event.data.paymentId,
          resolved: true,
        }),
      };
    default: {
      const unreachable: never = event;
      throw new Error(`unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
}
