import { z } from 'zod';
import { positiveFen } from '../core/schemas.ts';
import { PolicyIdSchema, PolicyVersionSchema } from './common.ts';
import { CourseIdSchema } from './courses.ts';
import { KpiIdSchema } from './kpi.ts';

/**
 * Ladder level (职级): a rung of the career ladder. Levels belong to a track; within a track
 * they are ordered, and each level lists what a person at the previous level must meet to be
 * promoted into it. The sales-management track is Sales Representative → Sales Supervisor →
 * Sales Manager → Regional Director; the key-account track branches from Representative to
 * Key-Account Consultant; Sales Support is its own track.
 */
export const LEVEL_IDS = [
  'sales_representative',
  'sales_supervisor',
  'sales_manager',
  'regional_director',
  'key_account_consultant',
  'sales_support',
] as const;
export const LevelIdSchema = z.enum(LEVEL_IDS);
export type LevelId = z.infer<typeof LevelIdSchema>;

export const TRACK_IDS = ['sales_management', 'key_account', 'sales_support'] as const;
export const TrackIdSchema = z.enum(TRACK_IDS);
export type TrackId = z.infer<typeof TrackIdSchema>;

/** One requirement to enter a level. Ratios are fractions (1.1 = 110%); amounts in fen. */
export const RequirementSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('score'),
      min: z.number().min(0).max(100).describe('The lowest composite score (0–100) that meets it.'),
    })
    .describe('Composite performance score of the latest evaluated period at least `min` (0–100).'),
  z
    .object({
      kind: z.literal('kpi'),
      kpi: KpiIdSchema.describe('The KPI whose raw (not normalised) value counts.'),
      min: z
        .number()
        .finite()
        .describe("The lowest raw KPI value that meets it, in the KPI's unit (ratios as fractions)."),
    })
    .describe('A raw KPI value (not normalised) at least `min`, e.g. sales completion ≥ 1.1.'),
  z
    .object({ kind: z.literal('course'), courseId: CourseIdSchema })
    .describe('The course must have been completed (passed).'),
  z
    .object({
      kind: z.literal('mentoring'),
      closedDeals: z
        .number()
        .int()
        .positive()
        .describe('Closed deals of the new reps the person mentored, in total, that meet it.'),
    })
    .describe('Mentored new reps to at least `closedDeals` closed deals in total.'),
  z
    .object({
      kind: z.literal('experience'),
      months: z.number().int().nonnegative().describe('Months of sales experience that meet it.'),
    })
    .describe('Months of sales experience at least `months`.'),
  z
    .object({
      kind: z.literal('annualSales'),
      min: positiveFen.describe('The lowest sales over the last 12 months that meet it, in fen.'),
    })
    .describe('Sales closed over the last 12 months at least `min` fen.'),
  z
    .object({
      kind: z.literal('teamSalesGrowth'),
      min: z
        .number()
        .finite()
        .describe("The lowest year-over-year growth of the team's sales that meets it (0.15 = +15%)."),
    })
    .describe("Growth of the person's team's sales, year over year, at least `min` (0.15 = +15%)."),
]);
export type Requirement = z.infer<typeof RequirementSchema>;

export const LadderLevelSchema = z
  .object({
    id: LevelIdSchema.describe('The level id, e.g. sales_supervisor.'),
    name: z.string().min(1).describe("The level's name in English."),
    nameZh: z.string().min(1).describe("The level's name in Chinese."),
    requirements: z
      .array(RequirementSchema)
      .describe(
        'What a person at the previous level of the track must meet to be promoted into this level; none for the entry level.',
      ),
  })
  .describe('A level (职级) of a career track and what it takes to be promoted into it.');
export type LadderLevel = z.infer<typeof LadderLevelSchema>;

export const LadderTrackSchema = z
  .object({
    id: TrackIdSchema.describe('The track id, e.g. sales_management.'),
    name: z.string().min(1).describe("The track's name in English."),
    nameZh: z.string().min(1).describe("The track's name in Chinese."),
    levels: z
      .array(LadderLevelSchema)
      .min(1)
      .describe('Levels from the entry level upwards; the first has no requirements.'),
  })
  .describe('A career track (职业序列): an ordered series of levels a person is promoted along.');
export type LadderTrack = z.infer<typeof LadderTrackSchema>;

export const LadderSchema = z.object({
  id: PolicyIdSchema,
  version: PolicyVersionSchema,
  name: z.string().min(1).describe("The ladder's name, in words."),
  tracks: z.array(LadderTrackSchema).min(1).describe("The ladder's career tracks."),
});
export type Ladder = z.infer<typeof LadderSchema>;

const YUAN = 100;

/** Demo ladder with the articles' numbers. */
export const DEFAULT_LADDER: Ladder = {
  id: 'ladder',
  version: 1,
  name: 'Sales career ladder',
  tracks: [
    {
      id: 'sales_management',
      name: 'Sales management',
      nameZh: '销售管理通道',
      levels: [
        { id: 'sales_representative', name: 'Sales Representative', nameZh: '销售代表', requirements: [] },
        {
          id: 'sales_supervisor',
          name: 'Sales Supervisor',
          nameZh: '销售主管',
          requirements: [
            { kind: 'score', min: 90 },
            { kind: 'kpi', kpi: 'salesCompletionRate', min: 1.1 },
            { kind: 'kpi', kpi: 'collectionRate', min: 0.95 },
            { kind: 'course', courseId: 'sales-team-management' },
            { kind: 'mentoring', closedDeals: 5 },
            { kind: 'experience', months: 24 },
            { kind: 'annualSales', min: 1_500_000 * YUAN },
          ],
        },
        {
          id: 'sales_manager',
          name: 'Sales Manager',
          nameZh: '销售经理',
          requirements: [
            { kind: 'score', min: 95 },
            { kind: 'kpi', kpi: 'collectionRate', min: 0.95 },
            { kind: 'course', courseId: 'strategic-selling' },
            { kind: 'experience', months: 48 },
            { kind: 'teamSalesGrowth', min: 0.15 },
          ],
        },
        {
          id: 'regional_director',
          name: 'Regional Director',
          nameZh: '区域总监',
          requirements: [
            { kind: 'score', min: 95 },
            { kind: 'course', courseId: 'strategic-selling' },
            { kind: 'experience', months: 84 },
            { kind: 'teamSalesGrowth', min: 0.15 },
          ],
        },
      ],
    },
    {
      id: 'key_account',
      name: 'Key-account specialist',
      nameZh: '大客户专家通道',
      levels: [
        { id: 'sales_representative', name: 'Sales Representative', nameZh: '销售代表', requirements: [] },
        {
          id: 'key_account_consultant',
          name: 'Key-Account Consultant',
          nameZh: '大客户顾问',
          requirements: [
            { kind: 'score', min: 90 },
            { kind: 'kpi', kpi: 'salesCompletionRate', min: 1.1 },
            { kind: 'kpi', kpi: 'collectionRate', min: 0.9 },
            { kind: 'kpi', kpi: 'customerRetentionRate', min: 0.75 },
            { kind: 'course', courseId: 'key-account-sales-strategy' },
            { kind: 'experience', months: 24 },
          ],
        },
      ],
    },
    {
      id: 'sales_support',
      name: 'Sales support',
      nameZh: '销售支持通道',
      levels: [{ id: 'sales_support', name: 'Sales Support', nameZh: '销售支持', requirements: [] }],
    },
  ],
};
