import { z } from 'zod';
import { PolicyIdSchema, PolicyVersionSchema } from './common.ts';
import { KPI_LIBRARY, type KpiId, KpiIdSchema, KpiTemplateSchema } from './kpi.ts';
import { type LevelId, LevelIdSchema } from './ladder.ts';

export const KpiWeightSchema = z
  .object({
    kpi: KpiIdSchema.describe('The KPI weighted.'),
    weight: z
      .number()
      .positive()
      .max(100)
      .describe("The KPI's weight in percent (above 0, at most 100); the weights of a rank sum to 100."),
  })
  .describe("One KPI's weight in a rank's composite score, in percent (all weights of a rank sum to 100).");
export type KpiWeight = z.infer<typeof KpiWeightSchema>;

export const ScoringThresholdsSchema = z
  .object({
    score: z.number().min(0).max(100).describe('Composite score (0–100) to reach.'),
    salesCompletionRate: z
      .number()
      .min(0)
      .max(5)
      .describe('Sales completion rate to reach: actual sales ÷ target, as a fraction (1.1 = 110%).'),
    collectionRate: z
      .number()
      .min(0)
      .max(1)
      .describe('Collection rate (回款率) to reach: payments collected ÷ sales closed, as a fraction (0–1).'),
  })
  .describe(
    "Promotion-alert thresholds: when a person's latest period reaches all three, HR and the manager are alerted and a review may be opened. Ratios are fractions (1.1 = 110%).",
  );
export type ScoringThresholds = z.infer<typeof ScoringThresholdsSchema>;

/**
 * A scoring policy: the KPI templates in use (normalisation included), the weights per rank
 * (ladder level) and the promotion-alert thresholds. Schema-level checks only; the rules that
 * span fields (weights sum to 100, weighted KPIs have templates) live in `validate.ts`.
 */
export const ScoringPolicySchema = z.object({
  id: PolicyIdSchema,
  version: PolicyVersionSchema,
  name: z.string().min(1).describe("The policy's name, in words."),
  kpis: z
    .array(KpiTemplateSchema)
    .min(1)
    .describe('The KPI templates the policy uses: how each raw value is computed and normalised to points.'),
  weightsByRank: z
    .record(
      LevelIdSchema,
      z
        .array(KpiWeightSchema)
        .min(1)
        .describe("the KPIs of this rank's composite score and their weights in percent, summing to 100."),
    )
    .describe('The KPI weights of each rank (ladder level).'),
  thresholds: ScoringThresholdsSchema,
});
export type ScoringPolicy = z.infer<typeof ScoringPolicySchema>;

const weights = (entries: Partial<Record<KpiId, number>>): KpiWeight[] =>
  Object.entries(entries).map(([kpi, weight]) => ({ kpi: KpiIdSchema.parse(kpi), weight: weight ?? 0 }));

const companyA = weights({
  salesCompletionRate: 40,
  collectionRate: 30,
  customerFollowUps: 20,
  teamCollaboration: 10,
});
const templatesFor = (ids: readonly KpiId[]) => [...new Set(ids)].map((id) => KPI_LIBRARY[id]);

const DEFAULT_THRESHOLDS: ScoringThresholds = { score: 90, salesCompletionRate: 1.1, collectionRate: 0.95 };

/**
 * Company A from the articles: every rank weighted sales 40 / collection 30 / customer
 * follow-up 20 / team collaboration 10. "Sales" is measured as sales completion rate.
 */
export const COMPANY_A_SCORING_POLICY: ScoringPolicy = {
  id: 'scoring-company-a',
  version: 1,
  name: 'Company A composite score',
  kpis: templatesFor(['salesCompletionRate', 'collectionRate', 'customerFollowUps', 'teamCollaboration']),
  weightsByRank: {
    sales_representative: companyA,
    sales_supervisor: companyA,
    sales_manager: companyA,
    regional_director: companyA,
    key_account_consultant: companyA,
    sales_support: companyA,
  },
  thresholds: DEFAULT_THRESHOLDS,
};

const byRank: Record<LevelId, KpiWeight[]> = {
  // Juniors: more weight on new customers and activity (follow-ups, opportunities).
  sales_representative: weights({
    salesCompletionRate: 30,
    collectionRate: 20,
    customerFollowUps: 15,
    newCustomers: 15,
    validOpportunities: 10,
    teamCollaboration: 10,
  }),
  // Supervisors: company A's weights.
  sales_supervisor: companyA,
  // Seniors: key-account order size, retention and the team.
  sales_manager: weights({
    salesCompletionRate: 30,
    collectionRate: 25,
    keyAccountSales: 20,
    customerRetentionRate: 15,
    teamCollaboration: 10,
  }),
  regional_director: weights({
    salesCompletionRate: 30,
    collectionRate: 25,
    keyAccountSales: 20,
    customerRetentionRate: 10,
    grossMargin: 15,
  }),
  key_account_consultant: weights({
    salesCompletionRate: 25,
    collectionRate: 25,
    keyAccountSales: 25,
    customerRetentionRate: 15,
    customerSatisfaction: 10,
  }),
  sales_support: weights({
    teamCollaboration: 40,
    feedback360: 30,
    attendance: 15,
    customerSatisfaction: 15,
  }),
};

/** The demo company's scoring policy: weights differ by rank. */
export const DEFAULT_SCORING_POLICY: ScoringPolicy = {
  id: 'scoring-demo',
  version: 1,
  name: 'Demo composite score, weights per rank',
  kpis: templatesFor(Object.values(byRank).flatMap((ws) => ws.map((w) => w.kpi))),
  weightsByRank: byRank,
  thresholds: DEFAULT_THRESHOLDS,
};
