import type { CommandsOf } from '../core/types.ts';
import { PaymentCollected, SaleClosed, SaleCorrected, SaleReversed } from './events.ts';

export const CloseSaleData = SaleClosed.schema;
export const ReverseSaleData = SaleReversed.schema.omit({ employeeId: true });
export const CorrectSaleData = SaleCorrected.schema.omit({ employeeId: true });
export const CollectPaymentData = PaymentCollected.schema.omit({ employeeId: true });

export const salesCommandSchemas = {
  CloseSale: CloseSaleData,
  ReverseSale: ReverseSaleData,
  CorrectSale: CorrectSaleData,
  CollectPayment: CollectPaymentData,
} as const;

export type SalesCommand = CommandsOf<typeof salesCommandSchemas>;
