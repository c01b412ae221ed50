import type { CommandsOf } from '../core/types.ts';
import {
  CustomerChurned,
  CustomerFeedbackGiven,
  CustomerFollowUpLogged,
  CustomerRetained,
  DemoGiven,
  ExpenseRecorded,
  OpportunityCreated,
  PaymentCollected,
  SaleClosed,
  SaleCorrected,
  SaleReversed,
} from './events.ts';

/** Command data schemas: what the API, the importer and the webhooks validate against. */
export const CloseSaleData = SaleClosed.schema;
/** The seller is taken from the sale's stream, not from the command. */
export const ReverseSaleData = SaleReversed.schema.omit({ employeeId: true });
export const CorrectSaleData = SaleCorrected.schema.omit({ employeeId: true });
export const CollectPaymentData = PaymentCollected.schema.omit({ employeeId: true });

/** Commands on a sale, stream `sale-<saleId>`. */
export const salesCommandSchemas = {
  CloseSale: CloseSaleData,
  ReverseSale: ReverseSaleData,
  CorrectSale: CorrectSaleData,
  CollectPayment: CollectPaymentData,
} as const;
export type SalesCommand = CommandsOf<typeof salesCommandSchemas>;

/** CRM and ERP facts about a rep's activity; decided on the activity stream (see ../activity). */
export const salesActivityCommandSchemas = {
  CreateOpportunity: OpportunityCreated.schema,
  GiveDemo: DemoGiven.schema,
  LogFollowUp: CustomerFollowUpLogged.schema,
  RecordCustomerRetention: CustomerRetained.schema,
  RecordCustomerChurn: CustomerChurned.schema,
  RecordCustomerFeedback: CustomerFeedbackGiven.schema,
  RecordExpense: ExpenseRecorded.schema,
} as const;
export type SalesActivityCommand = CommandsOf<typeof salesActivityCommandSchemas>;
