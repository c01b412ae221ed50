import {
  type CountedShare,
  type ProbationCohort,
  type ProbationCohortBy,
  probationCohort,
  probationCohorts,
  SKILL_MASTERY_SCORE,
} from '@trackrecord/domain';
import { probationNewcomers } from '@trackrecord/projections';
import { dataScope } from '../auth/viewer.ts';
import { builder } from '../builder.ts';
import { ClientError } from '../errors.ts';
import { now } from '../runtime/clock.ts';
import { PersonRef, visiblePerson } from './people.ts';

// The probation cohort report: newcomers by hire month or quarter, or by mentor.

const ProbationCohortByEnum = builder.enumType('ProbationCohortBy', {
  description: 'How newcomers are grouped: by the month or the quarter they were hired, or by their mentor.',
  values: ['hire_month', 'hire_quarter', 'mentor'] as const,
});

const CountedShareRef = builder.objectRef<CountedShare>('CountedShare').implement({
  description: 'A share with its sample: count of n; the rate is null when n is 0.',
  fields: (t) => ({
    n: t.exposeInt('n', { description: 'How many count (the denominator).' }),
    count: t.exposeInt('count', { description: 'How many of them meet it (the numerator).' }),
    rate: t.float({
      nullable: true,
      description: 'count ÷ n as a fraction; null when n is 0.',
      resolve: (s) => s.rate,
    }),
  }),
});

type Cohort = ProbationCohort & { readonly mentorId: string | null };
const ProbationCohortRef = builder.objectRef<Cohort>('ProbationCohort').implement({
  description:
    'One group of newcomers hired on probation (by hire month, hire quarter or mentor): how their probations ended, how many stayed, how their mentors kept up the weekly tasks and how many mastered the skill assessments.',
  fields: (t) => ({
    key: t.exposeString('key', {
      description:
        'The hire month (2026-03), the hire quarter (2026-Q1), or the mentor’s employee id (none: no mentor).',
    }),
    mentor: t.field({
      type: PersonRef,
      nullable: true,
      description: 'The mentor, when grouped by mentor; null otherwise or when out of the viewer’s scope.',
      resolve: (c, _args, ctx) => (c.mentorId === null ? null : visiblePerson(ctx, c.mentorId)),
    }),
    people: t.exposeInt('people', { description: 'Newcomers hired on probation in the group.' }),
    passed: t.exposeInt('passed', { description: 'Of them, probations passed.' }),
    failed: t.exposeInt('failed', { description: 'Of them, probations failed.' }),
    onProbation: t.exposeInt('onProbation', { description: 'Of them, still on probation.' }),
    passRate: t.field({
      type: CountedShareRef,
      description: 'Passed among the probations decided (n = passed + failed).',
      resolve: (c) => c.passRate,
    }),
    retained3m: t.field({
      type: CountedShareRef,
      description:
        'Still employed 3 calendar months after hire, among those hired at least 3 months ago (n); leaving on that day counts as gone.',
      resolve: (c) => c.retained3m,
    }),
    retained6m: t.field({
      type: CountedShareRef,
      description:
        'Still employed 6 calendar months after hire, among those hired at least 6 months ago (n).',
      resolve: (c) => c.retained6m,
    }),
    mentorTasks: t.field({
      type: CountedShareRef,
      description:
        'Weekly mentor tasks done among those owed (n = tasks owed in the full weeks of their mentorships, 3 a week).',
      resolve: (c) => c.mentorTasks,
    }),
    skillMastery: t.field({
      type: CountedShareRef,
      description:
        'Newcomers whose best skill-assessment score reached the mastery score, among those assessed (n).',
      resolve: (c) => c.skillMastery,
    }),
  }),
});

interface ProbationCohortReport {
  readonly by: ProbationCohortBy;
  readonly asOf: string;
  readonly masteryScore: number;
  readonly cohorts: readonly Cohort[];
  readonly total: Cohort;
}

const ProbationCohortReportRef = builder.objectRef<ProbationCohortReport>('ProbationCohortReport').implement({
  description:
    'The probation cohort report within the viewer’s scope: every group and the total, as of a day, each share with its n.',
  fields: (t) => ({
    by: t.field({
      type: ProbationCohortByEnum,
      description: 'How the groups are cut.',
      resolve: (r) => r.by,
    }),
    asOf: t.exposeString('asOf', {
      description: 'The day (YYYY-MM-DD) the retention windows are measured to: today.',
    }),
    masteryScore: t.exposeFloat('masteryScore', {
      description: 'The skill-assessment score (0–100) that counts as mastery.',
    }),
    cohorts: t.field({
      type: [ProbationCohortRef],
      description: 'The groups in key order (months and quarters oldest first).',
      resolve: (r) => [...r.cohorts],
    }),
    total: t.field({
      type: ProbationCohortRef,
      description: 'Every newcomer of the report together (key: all).',
      resolve: (r) => r.total,
    }),
  }),
});

builder.queryField('probationCohorts', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: ProbationCohortReportRef,
    description:
      'The probation cohort report: newcomers hired on probation within the viewer’s scope, by hire month, hire quarter or mentor, with pass rate, retention at 3 and 6 months (only those whose months have elapsed), mentor task completion and skill mastery, each with its n.',
    args: {
      by: t.arg({
        type: ProbationCohortByEnum,
        defaultValue: 'hire_quarter',
        description: 'hire_month, hire_quarter (default) or mentor.',
      }),
      masteryScore: t.arg.float({
        description: `The assessment score (0–100) that counts as mastery; default ${SKILL_MASTERY_SCORE}.`,
      }),
    },
    resolve: async (_root, args, ctx) => {
      const masteryScore = args.masteryScore ?? SKILL_MASTERY_SCORE;
      if (!(masteryScore >= 0 && masteryScore <= 100))
        throw new ClientError(
          ctx.language === 'zh'
            ? `掌握分数线（masteryScore）必须在 0 到 100 之间，收到 ${masteryScore}`
            : `mastery score (masteryScore) must be from 0 to 100, got ${masteryScore}`,
        );
      const by = args.by ?? 'hire_quarter';
      const asOf = now().toISOString().slice(0, 10);
      const newcomers = await probationNewcomers(ctx.db, dataScope(ctx.viewer));
      return {
        by,
        asOf,
        masteryScore,
        cohorts: probationCohorts(newcomers, { by, asOf, masteryScore }).map((c) => ({
          ...c,
          mentorId: by === 'mentor' && c.key !== 'none' ? c.key : null,
        })),
        total: { ...probationCohort('all', newcomers, { asOf, masteryScore }), mentorId: null },
      };
    },
  }),
);
