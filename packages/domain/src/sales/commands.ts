import type { CommandsOf } from '../core/types.ts';
import {
  CommissionDisputeResolved,
  CommissionLineDisputed,
  CustomerChurned,
  CustomerFeedbackGiven,
  CustomerFollowUpLogged,
  CustomerRetained,
  DemoGiven,
  ExpenseRecorded,
  OpportunityCreated,
  PaymentCollected,
  PaymentRefunded,
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
export const RefundPaymentData = PaymentRefunded.schema.omit({ employeeId: true });
/** The disputing rep is the seller, taken from the sale; the time from the command's metadata. */
export const DisputeCommissionLineData = CommissionLineDisputed.schema.omit({ employeeId: true, at: true });
/** The line and the seller are taken from the dispute; the time from the command's metadata. */
export const ResolveCommissionDisputeData = CommissionDisputeResolved.schema.omit({
  employeeId: true,
  paymentId: true,
  at: true,
});

/** Commands on a sale, stream `sale-<saleId>`. */
export const salesCommandSchemas = {
  CloseSale: CloseSaleData,
  ReverseSale: ReverseSaleData,
  CorrectSale: CorrectSaleData,
  CollectPayment: CollectPaymentData,
  RefundPayment: RefundPaymentData,
  DisputeCommissionLine: DisputeCommissionLineData,
  ResolveCommissionDispute: ResolveCommissionDisputeData,
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
