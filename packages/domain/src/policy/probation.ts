import { z } from 'zod';
import { PolicyIdSchema, PolicyVersionSchema } from './common.ts';

/**
 * Flexible probation target (试用期目标): a base number of closed deals per month, lowered for
 * newcomers whose skills grow fast and raised (with a bonus) for those whose sales grow fast.
 */
export const ProbationPolicySchema = z.object({
  id: PolicyIdSchema,
  version: PolicyVersionSchema,
  /** Length of probation in months. */
  months: z.number().int().positive(),
  baseDealsPerMonth: z.number().int().positive(),
  /** When weekly skill-assessment growth exceeds `weeklySkillGrowthAbove`, the target drops. */
  reduced: z.object({
    dealsPerMonth: z.number().int().positive(),
    weeklySkillGrowthAbove: z.number().positive(),
  }),
  /** When daily sales growth exceeds `dailySalesGrowthAbove`, the target rises and a bonus is paid. */
  stretch: z.object({
    dealsPerMonth: z.number().int().positive(),
    dailySalesGrowthAbove: z.number().positive(),
    /** Bonus in fen paid when the stretch target is met. */
    bonus: z.number().int().nonnegative(),
  }),
});
export type ProbationPolicy = z.infer<typeof ProbationPolicySchema>;

/** Articles' defaults: 3 deals a month; 2 if weekly skill growth > 10%; 4 (with bonus) if daily sales growth > 5%. */
export const DEFAULT_PROBATION_POLICY: ProbationPolicy = {
  id: 'probation-demo',
  version: 1,
  months: 3,
  baseDealsPerMonth: 3,
  reduced: { dealsPerMonth: 2, weeklySkillGrowthAbove: 0.1 },
  stretch: { dealsPerMonth: 4, dailySalesGrowthAbove: 0.05, bonus: 2_000 * 100 },
};
