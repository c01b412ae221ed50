import { z } from 'zod';

/**
 * The KPI template library. A KPI template says how one raw measure of a person's period is
 * computed from their facts (see `calc/facts.ts`) and how it is normalised to 0–100 points.
 * A scoring policy picks templates from this library and weights them per rank.
 */
export const KPI_IDS = [
  'salesAmount',
  'salesCompletionRate',
  'collectionRate',
  'customerFollowUps',
  'teamCollaboration',
  'avgDealSize',
  'keyAccountSales',
  'customerRetentionRate',
  'newCustomers',
  'grossMargin',
  'expenseRatio',
  'salesCycleLength',
  'demos',
  'validOpportunities',
  'customerSatisfaction',
  'feedback360',
  'attendance',
] as const;

export const KpiIdSchema = z.enum(KPI_IDS);
export type KpiId = z.infer<typeof KpiIdSchema>;

/**
 * Linear normalisation: `points = clamp((raw - floor) / (target - floor) × 100, 0, 100)`.
 * `floor` scores 0 points, `target` scores 100; values beyond the target are capped at 100.
 * When lower is better (sales cycle length, expense ratio) the floor is simply above the target.
 */
export const LinearNormalisationSchema = z
  .object({
    kind: z.literal('linear').describe('Always linear.'),
    floor: z
      .number()
      .finite()
      .describe(
        "The raw value (in the KPI's unit) that scores 0 points; above the target when lower is better.",
      ),
    target: z
      .number()
      .finite()
      .describe("The raw value (in the KPI's unit) that scores 100 points; values beyond it score 100."),
  })
  .refine((n) => n.floor !== n.target, { message: 'normalisation floor and target must differ' })
  .describe(
    'How a raw KPI value becomes 0–100 points: points = clamp((raw − floor) ÷ (target − floor) × 100, 0, 100).',
  );
export type LinearNormalisation = z.infer<typeof LinearNormalisationSchema>;

export const KpiUnitSchema = z.enum([
  'ratio',
  'fen_per_month',
  'fen',
  'count_per_week',
  'count_per_month',
  'rating_5',
  'days',
]);
export type KpiUnit = z.infer<typeof KpiUnitSchema>;

export const KpiTemplateSchema = z
  .object({
    kpi: KpiIdSchema.describe('The KPI this template computes.'),
    name: z.string().min(1).describe("The KPI's name in English."),
    nameZh: z.string().min(1).describe("The KPI's name in Chinese."),
    kind: z
      .enum(['process', 'result'])
      .describe('process: measures activity (visits, demos, opportunities); result: measures outcomes.'),
    unit: KpiUnitSchema.describe(
      'The unit of the raw value: ratio (a fraction, 1.1 = 110%), fen_per_month, fen, count_per_week, count_per_month, rating_5 (1–5) or days.',
    ),
    definition: z.string().min(1).describe('How the raw value is computed, in words, for the auditor.'),
    normalisation: LinearNormalisationSchema,
  })
  .describe(
    "A KPI template: how one raw measure of a person's period is computed from their facts and normalised to 0–100 points.",
  );
export type KpiTemplate = z.infer<typeof KpiTemplateSchema>;

const t = (
  kpi: KpiId,
  name: string,
  nameZh: string,
  kind: 'process' | 'result',
  unit: KpiUnit,
  definition: string,
  floor: number,
  target: number,
): KpiTemplate => ({
  kpi,
  name,
  nameZh,
  kind,
  unit,
  definition,
  normalisation: { kind: 'linear', floor, target },
});

/** Demo defaults for every KPI in the library (amounts in fen: 1 yuan = 100 fen). */
export const KPI_LIBRARY: Readonly<Record<KpiId, KpiTemplate>> = {
  salesAmount: t(
    'salesAmount',
    'Sales amount',
    '销售额',
    'result',
    'fen_per_month',
    'closed sales amount per month (period amount ÷ months in period)',
    0,
    12_500_000,
  ),
  salesCompletionRate: t(
    'salesCompletionRate',
    'Sales completion rate',
    '销售完成率',
    'result',
    'ratio',
    'actual sales ÷ sales target',
    0.6,
    1.1,
  ),
  collectionRate: t(
    'collectionRate',
    'Collection rate',
    '回款率',
    'result',
    'ratio',
    'payments collected (回款) ÷ sales amount closed',
    0.6,
    1,
  ),
  customerFollowUps: t(
    'customerFollowUps',
    'Customer follow-ups',
    '客户跟进',
    'process',
    'count_per_week',
    'customer follow-ups logged per week',
    4,
    12,
  ),
  teamCollaboration: t(
    'teamCollaboration',
    'Team collaboration',
    '团队协作',
    'process',
    'count_per_month',
    'collaboration credits (helped a colleague close) per month',
    0,
    3,
  ),
  avgDealSize: t(
    'avgDealSize',
    'Average deal size',
    '平均客单价',
    'result',
    'fen',
    'sales amount ÷ number of deals',
    0,
    5_000_000,
  ),
  keyAccountSales: t(
    'keyAccountSales',
    'Key-account order size',
    '大客户订单额',
    'result',
    'fen_per_month',
    'sales to key-account customers per month',
    0,
    8_000_000,
  ),
  customerRetentionRate: t(
    'customerRetentionRate',
    'Customer retention rate',
    '客户留存率',
    'result',
    'ratio',
    'customers retained ÷ (retained + churned)',
    0.5,
    0.85,
  ),
  newCustomers: t(
    'newCustomers',
    'New customers',
    '新客户数',
    'result',
    'count_per_month',
    'new customers won per month',
    0,
    2,
  ),
  grossMargin: t(
    'grossMargin',
    'Gross margin',
    '毛利率',
    'result',
    'ratio',
    'gross margin ÷ sales amount',
    0.1,
    0.4,
  ),
  expenseRatio: t(
    'expenseRatio',
    'Expense control',
    '费用控制',
    'result',
    'ratio',
    'expenses ÷ sales amount (lower is better)',
    0.15,
    0.03,
  ),
  salesCycleLength: t(
    'salesCycleLength',
    'Sales cycle length',
    '销售周期',
    'result',
    'days',
    'mean days from opportunity to close (lower is better)',
    120,
    30,
  ),
  demos: t('demos', 'Demos', '产品演示', 'process', 'count_per_week', 'demos given per week', 0, 3),
  validOpportunities: t(
    'validOpportunities',
    'Valid opportunities',
    '有效商机',
    'process',
    'count_per_week',
    'valid opportunities created per week',
    0,
    2.5,
  ),
  customerSatisfaction: t(
    'customerSatisfaction',
    'Customer satisfaction',
    '客户满意度',
    'result',
    'rating_5',
    'mean customer feedback rating (1–5)',
    3,
    4.5,
  ),
  feedback360: t(
    'feedback360',
    '360 feedback',
    '360度反馈',
    'result',
    'rating_5',
    'mean 360 feedback rating from manager, peers and customers (1–5)',
    3,
    4.5,
  ),
  attendance: t(
    'attendance',
    'Attendance',
    '出勤',
    'process',
    'ratio',
    '(days present − ½ × (late arrivals + early leaves)) ÷ working days',
    0.8,
    1,
  ),
};
