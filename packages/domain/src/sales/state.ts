import type { Fen } from '../core/types.ts';

/** One sale, folded from `sale-<saleId>`. */
export interface SaleState {
  readonly exists: boolean;
  /** The seller, fixed when the sale closes. */
  readonly employeeId: string;
  /** Current amount (after corrections). */
  readonly amount: Fen;
  /** Sum of the payments collected (回款) so far. */
  readonly collected: Fen;
  readonly reversed: boolean;
  readonly paymentIds: ReadonlySet<string>;
  /** Each payment's amount, business time and what has been refunded of it (fen). */
  readonly payments: ReadonlyMap<
    string,
    { readonly amount: Fen; readonly collectedAt: string; readonly refunded: Fen }
  >;
  /** Commission disputes on the sale's payments: the line disputed and whether it is resolved. */
  readonly disputes: ReadonlyMap<string, { readonly paymentId: string; readonly resolved: boolean }>;
}

export const initialSaleState: SaleState = {
  exists: false,
  employeeId: '',
  amount: 0,
  collected: 0,
  reversed: false,
  paymentIds: new Set(),
  payments: new Map(),
  disputes: new Map(),
};

/** What is still to be collected on a sale (a refund reopens what it paid back). */
export const openBalance = (state: SaleState): Fen => state.amount - state.collected;
