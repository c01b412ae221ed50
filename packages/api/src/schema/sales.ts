import { salesActivityCommandSchemas, salesCommandSchemas } from '@trackrecord/domain';
import { commandMutations } from './mutations.ts';

commandMutations(salesCommandSchemas, {
  CloseSale: 'Record a deal closed in the CRM; the amount in fen.',
  ReverseSale: 'Cancel a sale (order withdrawn, contract void); it no longer counts.',
  CorrectSale: 'Replace the recorded amount or margin of a sale, with the reason.',
  CollectPayment: 'Record a payment collected (回款) against a sale; commission is earned on it.',
});

commandMutations(salesActivityCommandSchemas, {
  CreateOpportunity: 'Record a qualified sales opportunity (商机) opened in the CRM.',
  GiveDemo: 'Record a product demonstration to a customer.',
  LogFollowUp: 'Log a customer follow-up (跟进): a call, visit or message.',
  RecordCustomerRetention: 'Record that a customer due for renewal bought again.',
  RecordCustomerChurn: 'Record that a customer due for renewal was lost.',
  RecordCustomerFeedback: "Record a customer's satisfaction rating of the rep, 1–5.",
  RecordExpense: 'Record a selling expense booked in the ERP; the amount in fen.',
});
