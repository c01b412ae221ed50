import { currentVersion, type DomainEventType, policyStream, saleStream } from '@trackrecord/domain';
import { type EventStore, type JsonObject, newEventId } from '@trackrecord/eventstore';

/**
 * Given-events for the commission specs: appends the events a spec's story tells, one at a
 * time (each its own position), straight to the store, as the ERP and HR would have them.
 */
export function commissionGiven(store: EventStore, employeeId = 'e4') {
  const append = (stream: string, type: DomainEventType, data: JsonObject, actor = 'system:erp') =>
    store.appendToStream(stream, [
      { id: newEventId(), type, schemaVersion: currentVersion(type), data, metadata: { actor } },
    ]);
  return {
    append,
    /** Publishes version `version` of the plan `commission-acme`, effective from `effectiveFrom`. */
    plan: (
      version: number,
      effectiveFrom: string,
      tiers: { from: number; rate: number }[],
      period: 'month' | 'quarter' = 'month',
    ) =>
      append(policyStream('commission-acme'), 'CommissionPlanPublished', {
        plan: {
          id: 'commission-acme',
          version,
          name: `Acme${period === 'quarter' ? ' quarterly' : ''} v${version}`,
          basis: 'collected',
          period,
          tiers,
          effectiveFrom,
        },
      }),
    /** A payment collected by the spec's person against `saleId`. */
    collect: (paymentId: string, saleId: string, amount: number, collectedAt: string) =>
      append(saleStream(saleId), 'PaymentCollected', { paymentId, saleId, employeeId, amount, collectedAt }),
  };
}

/** The helpers `commissionGiven` returns. */
export type Given = ReturnType<typeof commissionGiven>;
