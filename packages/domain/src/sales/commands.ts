import type { z } from 'zod';
import type { Command } from '../core/types.ts';
import { PaymentCollected, SaleClosed, SaleCorrected, SaleReversed } from './events.ts';

export const CloseSaleData = SaleClosed.schema;
export const ReverseSaleData = SaleReversed.schema.omit({ employeeId: true });
export const CorrectSaleData = SaleCorrected.schema.omit({ employeeId: true });
export const CollectPaymentData = PaymentCollected.schema.omit({ employeeId: true });

export type SalesCommand =
  | Command<'CloseSale', z.infer<typeof CloseSaleData>>
  | Command<'ReverseSale', z.infer<typeof ReverseSaleData>>
  | Command<'CorrectSale', z.infer<typeof CorrectSaleData>>
  | Command<'CollectPayment', z.infer<typeof CollectPaymentData>>;

export const salesCommandSchemas = {
  CloseSale: CloseSaleData,
  ReverseSale: ReverseSaleData,
  CorrectSale: CorrectSaleData,
  CollectPayment: CollectPaymentData,
} as const;
