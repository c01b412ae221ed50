import { salesActivityCommandSchemas, salesCommandSchemas } from '@trackrecord/domain';
import { commandMutations } from './mutations.ts';

commandMutations(salesCommandSchemas, {
  CloseSale: 'Record a deal closed in the CRM; the amount in fen.',
  ReverseSale: 'Cancel a sale (order withdrawn, contract void); it no longer counts.',
  CorrectSale: 'Replace the recorded amount or margin of a sale, with the reason.',
  CollectPayment:
    'Record a payment collected (回款) against a sale; commission is earned on it. Payments come from the ERP or from HR; a sales rep may not record one.',
  RefundPayment:
    'Record that part or all of a collected payment was paid back to the customer (also how a payment recorded too high is corrected): what it earned is clawed back in proportion, in the open payout period.',
  DisputeCommissionLine:
    'Dispute the commission of one of your payments (a ledger line), with a comment; HR resolves it. One open dispute per line.',
  ResolveCommissionDispute:
    'Resolve a commission dispute (HR): accepted, with the correction it pays in fen (not 0; counted in the month of the resolution, or the first open one when that is locked), or rejected, with the reason (amount 0).',
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
