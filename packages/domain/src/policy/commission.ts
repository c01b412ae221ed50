import { z } from 'zod';
import { tieredCommission } from '../calc/commission.ts';
import { fen } from '../core/schemas.ts';
import { PolicyIdSchema, PolicyVersionSchema } from './common.ts';

export const CommissionTierSchema = z
  .object({
    from: fen.describe(
      "Where the tier starts: the period's collected revenue in fen, inclusive; the first tier starts at 0.",
    ),
    rate: z
      .number()
      .min(0)
      .max(1)
      .describe('The commission rate on the collections within the tier, as a fraction (0.05 = 5%).'),
  })
  .describe(
    "One tier of a progressive commission plan: the `rate` applies to the part of the period's collected revenue between `from` (inclusive) and the next tier's `from`. Amounts in fen.",
  );
export type CommissionTier = z.infer<typeof CommissionTierSchema>;

/**
 * A tiered commission plan on COLLECTED revenue (回款): commission is earned when the customer
 * pays, not when the sale closes, so it can be shown the same day a payment is collected.
 */
export const CommissionPlanSchema = z.object({
  id: PolicyIdSchema,
  version: PolicyVersionSchema,
  name: z.string().min(1).describe("The plan's name, in words."),
  basis: z
    .literal('collected')
    .describe('Always collected: the plan pays on payments collected (回款), never on sales merely closed.'),
  period: z
    .enum(['month', 'quarter'])
    .describe('The period over which tiers accumulate: a calendar month or a calendar quarter.'),
  tiers: z.array(CommissionTierSchema).min(1).describe('Tiers ordered by `from`, the first starting at 0.'),
  effectiveFrom: z.iso
    .date()
    .optional()
    .describe(
      'The business date (YYYY-MM-DD) from which payments are paid under this version; absent (null): the date of its publication. A date before payments already paid reprocesses them.',
    ),
  description: z
    .string()
    .max(4000)
    .optional()
    .describe(
      'How the plan pays, in words, for the people paid under it (e.g. a worked example); null when none was given.',
    ),
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

/** A published version of a commission plan with the date it applies from. */
export type PlanInForce = {
  readonly plan: CommissionPlan;
  /** `YYYY-MM-DD`: the plan's `effectiveFrom`, or the date it was published. */
  readonly effectiveFrom: string;
  /** Global position of its publication: of two versions effective the same day, the later wins. */
  readonly position: bigint;
};

/**
 * The plan a payment of business date `date` (`YYYY-MM-DD…`) is paid under: of the versions
 * known, the one with the latest `effectiveFrom` on or before that date (the later publication
 * on a tie); `undefined` when none applies yet.
 */
export function commissionPlanInForce(plans: readonly PlanInForce[], date: string): PlanInForce | undefined {
  const day = date.slice(0, 10);
  let best: PlanInForce | undefined;
  for (const p of plans) {
    if (p.effectiveFrom > day) continue;
    if (
      !best ||
      p.effectiveFrom > best.effectiveFrom ||
      (p.effectiveFrom === best.effectiveFrom && p.position > best.position)
    )
      best = p;
  }
  return best;
}

/**
 * The key of the commission period a business date falls in under `period`: `YYYY-MM` for a
 * monthly plan, `YYYY-Qn` for a quarterly one. Tiers accumulate within one key.
 */
export function commissionPeriodKey(date: string, period: CommissionPlan['period']): string {
  const month = date.slice(0, 7);
  if (period === 'month') return month;
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

/**
 * The plan before any is published: the demo plan, in force from the beginning of time
 * (position -1, so any published version effective the same day wins).
 */
export const DEFAULT_COMMISSION_PLAN_IN_FORCE: PlanInForce = {
  plan: DEFAULT_COMMISSION_PLAN,
  effectiveFrom: '0000-01-01',
  position: -1n,
};

/** Rate of the tier holding the last fen of `collected` (the first tier's rate for nothing collected). */
export function marginalRate(collected: number, plan: CommissionPlan): number {
  let rate = plan.tiers[0]?.rate ?? 0;
  for (const tier of plan.tiers) if (collected > tier.from) rate = tier.rate;
  return rate;
}

/**
 * Commission (fen) earned by a payment of `amount` when `before` was already collected in the
 * period: the rounded cumulative commission after it minus before it, as `periodCommission` pays
 * each payment, so a period's payments sum to its rounded total and a payment's figure never
 * changes once paid.
 */
export function paymentCommission(before: number, amount: number, plan: CommissionPlan): number {
  return Math.round(tieredCommission(before + amount, plan)) - Math.round(tieredCommission(before, plan));
}

/**
 * What a line that earned `earned` fen has clawed back once `refunded` of its `collected` fen
 * went back to the customer: round(earned × refunded ÷ collected). Each refund claws back this
 * figure after it minus before it, so a full refund claws back exactly what the line earned.
 */
export function refundClawback(earned: number, refunded: number, collected: number): number {
  return collected === 0 ? 0 : Math.round((earned * refunded) / collected);
}
