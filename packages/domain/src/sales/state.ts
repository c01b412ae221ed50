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
}

export const initialSaleState: SaleState = {
  exists: false,
  employeeId: '',
  amount: 0,
  collected: 0,
  reversed: false,
  paymentIds: new Set(),
};

/** What is still to be collected on a sale. */
export const openBalance = (state: SaleState): Fen => state.amount - state.collected;
