import { illegalState, notFound } from '../core/errors.ts';
import { isBefore } from '../core/schemas.ts';
import { type Command, type Decider, type EmployeeContext, requireActive } from '../core/types.ts';
import type { SalesCommand } from './commands.ts';
import type { SaleEvent } from './events.ts';
import { evolveSale } from './evolve.ts';
import { initialSaleState, openBalance, type SaleState } from './state.ts';

type Of<T extends SalesCommand['type']> = Extract<SalesCommand, Command<T>>;

/**
 * Facts from other streams: `CloseSale` needs the seller's status, loaded from
 * `employee-<employeeId>`; the other sale commands need nothing (pass `{}`).
 */
export interface SaleContext {
  readonly employee?: EmployeeContext;
}

function requireOpenSale(state: SaleState, saleId: string): void {
  if (!state.exists) throw notFound(`sale ${saleId} is not known`, { saleId });
  if (state.reversed) throw illegalState(`sale ${saleId} was reversed`, { saleId });
}

function closeSale({ data }: Of<'CloseSale'>, state: SaleState, context: SaleContext): SaleEvent[] {
  if (state.exists) throw illegalState(`sale ${data.saleId} is already recorded`, { saleId: data.saleId });
  requireActive(context.employee, 'seller', data.employeeId, 'employeeId');
  return [{ type: 'SaleClosed', data }];
}

function reverseSale({ data }: Of<'ReverseSale'>, state: SaleState): SaleEvent[] {
  requireOpenSale(state, data.saleId);
  return [{ type: 'SaleReversed', data: { ...data, employeeId: state.employeeId } }];
}

function correctSale({ data }: Of<'CorrectSale'>, state: SaleState): SaleEvent[] {
  requireOpenSale(state, data.saleId);
  if (data.amount < state.collected) {
    throw illegalState(
      `sale ${data.saleId} cannot be corrected to ${data.amount} fen: ${state.collected} fen are already collected`,
      { saleId: data.saleId, amount: data.amount, collected: state.collected },
    );
  }
  return [{ type: 'SaleCorrected', data: { ...data, employeeId: state.employeeId } }];
}

function collectPayment({ data }: Of<'CollectPayment'>, state: SaleState): SaleEvent[] {
  requireOpenSale(state, data.saleId);
  if (state.payments.has(data.paymentId)) {
    throw illegalState(`payment ${data.paymentId} is already recorded on sale ${data.saleId}`);
  }
  const open = openBalance(state);
  if (data.amount > open) {
    throw illegalState(
      `payment of ${data.amount} fen is above the open balance of sale ${data.saleId} (${open} fen of ${state.amount})`,
      { saleId: data.saleId, open, amount: data.amount },
    );
  }
  return [{ type: 'PaymentCollected', data: { ...data, employeeId: state.employeeId } }];
}

function refundPayment({ data }: Of<'RefundPayment'>, state: SaleState): SaleEvent[] {
  if (!state.exists) throw notFound(`sale ${data.saleId} is not known`, { saleId: data.saleId });
  const payment = state.payments.get(data.paymentId);
  if (!payment) {
    throw notFound(`payment ${data.paymentId} is not recorded on sale ${data.saleId}`, {
      saleId: data.saleId,
      paymentId: data.paymentId,
      field: 'paymentId',
    });
  }
  if (isBefore(data.refundedAt, payment.collectedAt)) {
    throw illegalState(
      `payment ${data.paymentId} was collected on ${payment.collectedAt}: it cannot be refunded before, on ${data.refundedAt}`,
      {
        saleId: data.saleId,
        paymentId: data.paymentId,
        collectedAt: payment.collectedAt,
        field: 'refundedAt',
      },
    );
  }
  const held = payment.amount - payment.refunded;
  if (data.amount > held) {
    throw illegalState(
      `a refund of ${data.amount} fen is more than the ${held} fen still held of payment ${data.paymentId}`,
      { saleId: data.saleId, paymentId: data.paymentId, amount: data.amount, held, field: 'amount' },
    );
  }
  return [{ type: 'PaymentRefunded', data: { ...data, employeeId: state.employeeId } }];
}

function disputeCommissionLine(
  { data, metadata }: Of<'DisputeCommissionLine'>,
  state: SaleState,
): SaleEvent[] {
  if (!state.exists) throw notFound(`sale ${data.saleId} is not known`, { saleId: data.saleId });
  if (!state.payments.has(data.paymentId)) {
    throw notFound(`payment ${data.paymentId} is not recorded on sale ${data.saleId}`, {
      saleId: data.saleId,
      paymentId: data.paymentId,
      field: 'paymentId',
    });
  }
  const existing = state.disputes.get(data.disputeId);
  if (existing) throw illegalState(`dispute ${data.disputeId} is already recorded`, { field: 'disputeId' });
  for (const [disputeId, d] of state.disputes) {
    if (d.paymentId === data.paymentId && !d.resolved) {
      throw illegalState(`payment ${data.paymentId} already has an open dispute (${disputeId})`, {
        paymentId: data.paymentId,
        disputeId,
        field: 'paymentId',
      });
    }
  }
  return [
    { type: 'CommissionLineDisputed', data: { ...data, employeeId: state.employeeId, at: metadata.at } },
  ];
}

function resolveCommissionDispute(
  { data, metadata }: Of<'ResolveCommissionDispute'>,
  state: SaleState,
): SaleEvent[] {
  const dispute = state.disputes.get(data.disputeId);
  if (!dispute) {
    throw notFound(`dispute ${data.disputeId} is not known on sale ${data.saleId}`, {
      saleId: data.saleId,
      disputeId: data.disputeId,
      field: 'disputeId',
    });
  }
  if (dispute.resolved) {
    throw illegalState(`dispute ${data.disputeId} is already resolved`, {
      disputeId: data.disputeId,
      field: 'disputeId',
    });
  }
  if (data.outcome === 'accepted' && data.amount === 0) {
    throw illegalState('an accepted dispute pays a correction: the amount must not be 0', {
      disputeId: data.disputeId,
      field: 'amount',
    });
  }
  if (data.outcome === 'rejected' && data.amount !== 0) {
    throw illegalState('a rejected dispute pays nothing: the amount must be 0', {
      disputeId: data.disputeId,
      field: 'amount',
    });
  }
  return [
    {
      type: 'CommissionDisputeResolved',
      data: { ...data, paymentId: dispute.paymentId, employeeId: state.employeeId, at: metadata.at },
    },
  ];
}

/** Sale commands, on the stream `sale-<saleId>`. */
export function decideSale(command: SalesCommand, state: SaleState, context: SaleContext): SaleEvent[] {
  switch (command.type) {
    case 'CloseSale':
      return closeSale(command, state, context);
    case 'ReverseSale':
      return reverseSale(command, state);
    case 'CorrectSale':
      return correctSale(command, state);
    case 'CollectPayment':
      return collectPayment(command, state);
    case 'RefundPayment':
      return refundPayment(command, state);
    case 'DisputeCommissionLine':
      return disputeCommissionLine(command, state);
    case 'ResolveCommissionDispute':
      return resolveCommissionDispute(command, state);
    default: {
      const unreachable: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unreachable)}`);
    }
  }
}

export const saleDecider: Decider<SalesCommand, SaleEvent, SaleState, SaleContext> = {
  initialState: initialSaleState,
  evolve: evolveSale,
  decide: decideSale,
};
