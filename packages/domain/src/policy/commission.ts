import { z } from 'zod';
import { fen } from '../core/schemas.ts';
import { PolicyIdSchema, PolicyVersionSchema } from './common.ts';

/**
 * One tier of a progressive commission plan: the `rate` applies to the part of the period's
 * collected revenue between `from` (inclusive) and the next tier's `from`. Amounts in fen.
 */
export const CommissionTierSchema = z.object({
  from: fen,
  rate: z.number().min(0).max(1),
});
export type CommissionTier = z.infer<typeof CommissionTierSchema>;

/**
 * A tiered commission plan on COLLECTED revenue (回款): commission is earned when the customer
 * pays, not when the sale closes, so it can be shown the same day a payment is collected.
 */
export const CommissionPlanSchema = z.object({
  id: PolicyIdSchema,
  version: PolicyVersionSchema,
  name: z.string().min(1),
  /** Always `collected`: the plan pays on payments collected, never on sales merely closed. */
  basis: z.literal('collected'),
  /** The period over which tiers accumulate. */
  period: z.enum(['month', 'quarter']),
  /** Tiers ordered by `from`, the first starting at 0. */
  tiers: z.array(CommissionTierSchema).min(1),
});
export type CommissionPlan = z.infer<typeof CommissionPlanSchema>;

const YUAN = 100;

/** Demo plan: 3% up to 100k yuan collected a month, 5% up to 300k, 8% above. */
export const DEFAULT_COMMISSION_PLAN: CommissionPlan = {
  id: 'commission-demo',
  version: 1,
  name: 'Monthly tiered commission on collected revenue',
  basis: 'collected',
  period: 'month',
  tiers: [
    { from: 0, rate: 0.03 },
    { from: 100_000 * YUAN, rate: 0.05 },
    { from: 300_000 * YUAN, rate: 0.08 },
  ],
};
