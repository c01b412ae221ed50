import type { LineageFlag as LineageFlagRow } from '@trackrecord/projections';
import { builder } from '../builder.ts';

/**
 * `LineageFlag` of the session contract: a score, verdict or decision that counted a sale
 * reversed or corrected since (the lineage read model). Shared by the people and audit modules.
 */
export const LineageFlagRef = builder.objectRef<LineageFlagRow>('LineageFlag').implement({
  description:
    'A score (ref = month), eligibility verdict (ref = employee) or decision (ref = review) that counted a sale reversed or corrected since.',
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'score, eligibility or decision' }),
    ref: t.exposeString('ref'),
    saleId: t.exposeString('sale_id'),
    reason: t.exposeString('reason', { nullable: true }),
    amountBefore: t.field({ type: 'Fen', nullable: true, resolve: (f) => Number(f.amount_before) }),
    amountAfter: t.field({
      type: 'Fen',
      nullable: true,
      description: '0 for a reversal.',
      resolve: (f) => Number(f.amount_after),
    }),
    flaggedAt: t.exposeString('correction_at', { description: 'Business time of the correction.' }),
    position: t.field({
      type: 'Position',
      description: 'Global position of the correction.',
      resolve: (f) => BigInt(f.correction_position),
    }),
  }),
});
