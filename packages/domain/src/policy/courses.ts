import { z } from 'zod';
import { PolicyIdSchema, PolicyVersionSchema } from './common.ts';
import { KpiIdSchema } from './kpi.ts';

export const COURSE_IDS = [
  'basic-selling-skills',
  'customer-relationship-maintenance',
  'repeat-purchase-strategy',
  'sales-team-communication',
  'cross-department-collaboration',
  'key-account-sales-strategy',
  'sales-team-management',
  'strategic-selling',
] as const;
export const CourseIdSchema = z.enum(COURSE_IDS);
export type CourseId = z.infer<typeof CourseIdSchema>;

/** A course in the LMS catalogue, with the KPIs it is meant to move and who it is for. */
export const CourseSchema = z.object({
  id: CourseIdSchema,
  name: z.string().min(1),
  nameZh: z.string().min(1),
  /** The KPIs this course is expected to improve; training effect is measured on these. */
  targetKpis: z.array(KpiIdSchema).min(1),
  /**
   * Level band: the composite-score band the course is pitched at (e.g. ≤ 70 basics,
   * 70–90 relationship skills, ≥ 90 preparing for supervisor).
   */
  scoreBand: z.object({ min: z.number().min(0).max(100), max: z.number().min(0).max(100) }),
  hours: z.number().positive(),
});
export type Course = z.infer<typeof CourseSchema>;

/** The demo catalogue: the courses the source articles name. */
export const COURSE_CATALOGUE: Readonly<Record<CourseId, Course>> = {
  'basic-selling-skills': {
    id: 'basic-selling-skills',
    name: 'Basic Selling Skills',
    nameZh: '基础销售技巧',
    targetKpis: ['salesCompletionRate', 'customerFollowUps', 'validOpportunities'],
    scoreBand: { min: 0, max: 70 },
    hours: 16,
  },
  'customer-relationship-maintenance': {
    id: 'customer-relationship-maintenance',
    name: 'Customer Relationship Maintenance',
    nameZh: '客户关系维护',
    targetKpis: ['customerRetentionRate', 'customerSatisfaction'],
    scoreBand: { min: 70, max: 90 },
    hours: 12,
  },
  'repeat-purchase-strategy': {
    id: 'repeat-purchase-strategy',
    name: 'Repeat Purchase Strategy',
    nameZh: '老客户复购策略',
    targetKpis: ['customerRetentionRate', 'salesAmount'],
    scoreBand: { min: 0, max: 100 },
    hours: 8,
  },
  'sales-team-communication': {
    id: 'sales-team-communication',
    name: 'Sales Team Communication',
    nameZh: '销售团队沟通',
    targetKpis: ['teamCollaboration', 'feedback360'],
    scoreBand: { min: 0, max: 100 },
    hours: 8,
  },
  'cross-department-collaboration': {
    id: 'cross-department-collaboration',
    name: 'Cross-department Collaboration Skills',
    nameZh: '跨部门协作技巧',
    targetKpis: ['teamCollaboration'],
    scoreBand: { min: 0, max: 100 },
    hours: 6,
  },
  'key-account-sales-strategy': {
    id: 'key-account-sales-strategy',
    name: 'Key Account Sales Strategy',
    nameZh: '大客户销售策略',
    targetKpis: ['keyAccountSales', 'avgDealSize'],
    scoreBand: { min: 70, max: 100 },
    hours: 12,
  },
  'sales-team-management': {
    id: 'sales-team-management',
    name: 'Sales Team Management',
    nameZh: '销售团队管理',
    targetKpis: ['teamCollaboration', 'salesCompletionRate'],
    scoreBand: { min: 90, max: 100 },
    hours: 24,
  },
  'strategic-selling': {
    id: 'strategic-selling',
    name: 'Strategic Selling',
    nameZh: '战略销售',
    targetKpis: ['keyAccountSales', 'salesCompletionRate'],
    scoreBand: { min: 90, max: 100 },
    hours: 24,
  },
};

/**
 * Course recommendation rules as data. Score bands: a composite score ≤ `basicUpTo` gets the
 * basics, up to `relationshipBelow` relationship skills, from there on the supervisor course.
 * KPI gaps: a KPI whose normalised points fall below `gapBelowPoints` triggers its courses.
 */
export const RecommendationRulesSchema = z.object({
  bands: z.object({
    basicUpTo: z.number().min(0).max(100),
    relationshipBelow: z.number().min(0).max(100),
    basic: CourseIdSchema,
    relationship: CourseIdSchema,
    leadership: CourseIdSchema,
  }),
  gapBelowPoints: z.number().min(0).max(100),
  kpiGaps: z.array(z.object({ kpi: KpiIdSchema, courses: z.array(CourseIdSchema).min(1) })),
});
export type RecommendationRules = z.infer<typeof RecommendationRulesSchema>;

/** Articles' rules: ≤ 70 basics, 70–90 relationship maintenance, ≥ 90 team management; gaps by KPI. */
export const DEFAULT_RECOMMENDATION_RULES: RecommendationRules = {
  bands: {
    basicUpTo: 70,
    relationshipBelow: 90,
    basic: 'basic-selling-skills',
    relationship: 'customer-relationship-maintenance',
    leadership: 'sales-team-management',
  },
  gapBelowPoints: 60,
  kpiGaps: [
    {
      kpi: 'customerRetentionRate',
      courses: ['customer-relationship-maintenance', 'repeat-purchase-strategy'],
    },
    { kpi: 'teamCollaboration', courses: ['sales-team-communication'] },
    { kpi: 'salesCompletionRate', courses: ['basic-selling-skills'] },
    { kpi: 'keyAccountSales', courses: ['key-account-sales-strategy'] },
  ],
};

/**
 * The course catalogue and the recommendation rules as one published, versioned policy
 * (`policy-<id>`, `CoursePolicyPublished`): what can be assigned, and which courses the score
 * bands and KPI gaps recommend. Before any is published the demo catalogue and rules apply.
 */
export const CoursePolicySchema = z.object({
  id: PolicyIdSchema,
  version: PolicyVersionSchema,
  name: z.string().min(1).describe("The policy's name, in words."),
  courses: z.array(CourseSchema).min(1).describe('The course catalogue: every course that can be assigned.'),
  rules: RecommendationRulesSchema.describe('Which courses the score bands and KPI gaps recommend.'),
});
export type CoursePolicy = z.infer<typeof CoursePolicySchema>;

/** The demo's course policy: the catalogue and the articles' rules, version 1. */
export const DEFAULT_COURSE_POLICY: CoursePolicy = {
  id: 'courses',
  version: 1,
  name: 'Course catalogue and recommendation rules',
  courses: Object.values(COURSE_CATALOGUE),
  rules: DEFAULT_RECOMMENDATION_RULES,
};
