import { z } from 'zod';
import { PolicyIdSchema, PolicyVersionSchema } from './common.ts';
import { LevelIdSchema } from './ladder.ts';

/**
 * Target-setting policy. Baseline monthly target = mean of the last `historyMonths` months of
 * sales × (1 + growth) × rank factor × region × product difficulty × market coefficients.
 * A stage target (阶段目标) is the part of a period's target due by a given week; falling behind
 * it for `consecutiveWeeksBehind` weeks raises an early warning.
 */
export const TargetPolicySchema = z.object({
  id: PolicyIdSchema,
  version: PolicyVersionSchema,
  historyMonths: z.number().int().positive(),
  growth: z.number().min(-1).max(5),
  rankFactors: z.record(LevelIdSchema, z.number().positive()),
  /** Monthly target (fen) for people without history (new hires), per rank. */
  defaultMonthlyTarget: z.record(LevelIdSchema, z.number().int().nonnegative()),
  /** Targets are rounded to this many fen (10,000 fen = 100 yuan). */
  roundTo: z.number().int().positive(),
  /** A split share above `above` × or below `below` × the equal share is flagged as extreme. */
  extremeShare: z.object({ above: z.number().gt(1), below: z.number().gt(0).lt(1) }),
  earlyWarning: z.object({
    consecutiveWeeksBehind: z.number().int().positive(),
    /** Warn when attainment is below the peers' median by more than this fraction (0.3 = 30%). */
    peerGap: z.number().gt(0).lt(1),
  }),
  /**
   * The coefficients a person's baseline is multiplied by (1 = neutral): per region (by region
   * id), per market (by branch id) and the company's product difficulty. A region or branch not
   * listed is neutral.
   */
  coefficients: z.object({
    region: z.array(
      z.object({
        regionId: z.string().min(1),
        coefficient: z.number().positive().describe('The region’s factor on the baseline (1 = neutral).'),
      }),
    ),
    market: z.array(
      z.object({
        branchId: z.string().min(1),
        coefficient: z
          .number()
          .positive()
          .describe('The branch’s market factor on the baseline (1 = neutral).'),
      }),
    ),
    productDifficulty: z.number().positive(),
  }),
});
export type TargetPolicy = z.infer<typeof TargetPolicySchema>;

const YUAN = 100;

export const DEFAULT_TARGET_POLICY: TargetPolicy = {
  id: 'targets-demo',
  version: 1,
  historyMonths: 6,
  growth: 0.1,
  rankFactors: {
    sales_representative: 1,
    sales_supervisor: 1.05,
    sales_manager: 1.1,
    regional_director: 1.1,
    key_account_consultant: 1.1,
    sales_support: 1,
  },
  defaultMonthlyTarget: {
    sales_representative: 80_000 * YUAN,
    sales_supervisor: 125_000 * YUAN,
    sales_manager: 200_000 * YUAN,
    regional_director: 300_000 * YUAN,
    key_account_consultant: 200_000 * YUAN,
    sales_support: 0,
  },
  roundTo: 100 * YUAN,
  extremeShare: { above: 2, below: 0.5 },
  earlyWarning: { consecutiveWeeksBehind: 3, peerGap: 0.3 },
  coefficients: { region: [], market: [], productDifficulty: 1 },
};

/** A coefficient's bounds: above 0 and at most 5 (as targetPlan takes them). */
export const COEFFICIENT_MAX = 5;

/** The coefficients of a person from the policy: their region's, their branch's market, the product difficulty. */
export function policyCoefficients(
  policy: TargetPolicy,
  person: { regionId: string | null; branchId: string | null },
): { region: number; productDifficulty: number; market: number } {
  return {
    region: policy.coefficients.region.find((r) => r.regionId === person.regionId)?.coefficient ?? 1,
    market: policy.coefficients.market.find((m) => m.branchId === person.branchId)?.coefficient ?? 1,
    productDifficulty: policy.coefficients.productDifficulty,
  };
}

/**
 * The target policy that judges a branch's people: the branch's variant in force, else the
 * headquarters default (the latest published, else the demo default). `branchId` of the result:
 * the variant's branch, null for the default.
 */
export function targetPolicyFor(
  headquarters: TargetPolicy | null,
  variants: Readonly<Record<string, TargetPolicy>>,
  branchId: string | null,
): { policy: TargetPolicy; branchId: string | null } {
  const variant = branchId === null ? undefined : variants[branchId];
  if (variant) return { policy: variant, branchId };
  return { policy: headquarters ?? DEFAULT_TARGET_POLICY, branchId: null };
}
