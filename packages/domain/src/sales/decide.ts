import { illegalState, notFound, validation } from '../core/errors.ts';
import { type Decider, type EmployeeContext, requireActive } from '../core/types.ts';
import type { SalesCommand } from './commands.ts';
import type { SalesEvent } from './events.ts';

export interface SaleState {
  readonly exists: boolean;
  readonly employeeId: string;
  readonly amount: number;
  readonly collected: number;
  readonly reversed: boolean;
  readonly paymentIds: ReadonlySet<string>;
}

export const initialSaleState: SaleState = {
  exists: false,
  employeeId: '',
  amount: 0,
  collected: 0,
  reversed: false,
  paymentIds: new Set(),
};

export function evolveSale(state: SaleState, event: SalesEvent): SaleState {
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

/** Commands on a sale need the closing employee's status (for `CloseSale`) from their stream. */
export interface SaleContext {
  readonly employee?: EmployeeContext;
}

function requireOpenSale(state: SaleState, saleId: string): void {
  if (!state.exists) throw notFound(`sale ${saleId} is not known`, { saleId });
  if (state.reversed) throw illegalState(`sale ${saleId} was reversed`, { saleId });
}

export function decideSale(command: SalesCommand, state: SaleState, context: SaleContext): SalesEvent[] {
  const { saleId } = command.data;
  switch (command.type) {
    case 'CloseSale':
      if (state.exists) throw illegalState(`sale ${saleId} is already recorded`, { saleId });
      requireActive(context.employee);
      if (context.employee?.employeeId !== command.data.employeeId) {
        throw validation(
          `the context is for employee ${context.employee?.employeeId}, not ${command.data.employeeId}`,
        );
      }
      return [{ type: 'SaleClosed', data: command.data }];
    case 'ReverseSale':
      requireOpenSale(state, saleId);
      return [{ type: 'SaleReversed', data: { ...command.data, employeeId: state.employeeId } }];
    case 'CorrectSale':
      requireOpenSale(state, saleId);
      if (command.data.amount < state.collected) {
        throw illegalState(
          `sale ${saleId} cannot be corrected to ${command.data.amount} fen: ${state.collected} fen are already collected`,
        );
      }
      return [{ type: 'SaleCorrected', data: { ...command.data, employeeId: state.employeeId } }];
    case 'CollectPayment': {
      requireOpenSale(state, saleId);
      if (state.paymentIds.has(command.data.paymentId)) {
        throw illegalState(`payment ${command.data.paymentId} is already recorded on sale ${saleId}`);
      }
      const open = state.amount - state.collected;
      if (command.data.amount > open) {
        throw illegalState(
          `payment of ${command.data.amount} fen is above the open balance of sale ${saleId} (${open} fen of ${state.amount})`,
          { saleId, open, amount: command.data.amount },
        );
      }
      return [{ type: 'PaymentCollected', data: { ...command.data, employeeId: state.employeeId } }];
    }
    default: {
      const unreachable: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unreachable)}`);
    }
  }
}

export const saleDecider: Decider<SalesCommand, SalesEvent, SaleState, SaleContext> = {
  initialState: initialSaleState,
  evolve: evolveSale,
  decide: decideSale,
};
