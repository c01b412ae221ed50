import {
  COURSE_CATALOGUE,
  type CourseId,
  type CoursePolicy,
  DEFAULT_COURSE_POLICY,
  DEFAULT_LADDER,
  type KpiValue,
  type Ladder,
  learningPath,
  trainingActivityCommandSchemas,
  trainingCommandSchemas,
} from '@trackrecord/domain';
import { enrollmentsOf, latestPolicies, latestScoresFor, recommendationsFor } from '@trackrecord/projections';
import { dataScope } from '../auth/viewer.ts';
import { builder } from '../builder.ts';
import { fieldLabel } from '../i18n/refusals.ts';
import { now } from '../runtime/clock.ts';
import { CommandResultRef, commandMutations, runCommandsAtomically } from './mutations.ts';
import { PersonRef } from './people.ts';
import { CoursePolicyRef } from './policy.ts';

commandMutations(trainingCommandSchemas, {
  AssignCourse:
    'Assign a course of the catalogue to an employee, optionally by a due date (dueOn, YYYY-MM-DD, not before the day it is assigned): reminders before it, a course_overdue alert after it.',
  StartCourse: 'Record that an employee started a course.',
  CompleteCourse: 'Record that an employee completed a course, with the final test score (0–100).',
});
commandMutations(trainingActivityCommandSchemas, {
  RecordSkillAssessment:
    'Record a skill assessment result from the learning system: the test and its score (0–100). Week over week, the scores give a newcomer’s weekly skill growth for the probation target.',
});

interface Recommendation {
  readonly courseId: string;
  readonly titleZh: string;
  readonly titleEn: string;
  readonly reasonZh: string;
  readonly reasonEn: string;
  readonly kpi: string | null;
  readonly basis: 'score' | 'learningPath';
}

const CourseRecommendationRef = builder.objectRef<Recommendation>('CourseRecommendation').implement({
  description:
    'A course recommended to a person, with why (score band and/or KPI gaps) in Chinese and English.',
  fields: (t) => ({
    courseId: t.exposeString('courseId', { description: 'Catalogue course id, e.g. basic-selling-skills.' }),
    titleZh: t.exposeString('titleZh', { description: 'The course name in Chinese.' }),
    titleEn: t.exposeString('titleEn', { description: 'The course name in English.' }),
    reasonZh: t.exposeString('reasonZh', { description: 'Every reason, joined with “；”.' }),
    reasonEn: t.exposeString('reasonEn', { description: 'Every reason, joined with “; ”.' }),
    kpi: t.exposeString('kpi', {
      nullable: true,
      description: 'The KPI gap that triggered it; null when only the score band did.',
    }),
    basis: t.exposeString('basis', {
      description:
        'score: from the latest scored month (score band, KPI gaps); learningPath: a newcomer without a score, from the onboarding assessment and the ladder’s course requirements for the next level.',
    }),
  }),
});

const isCourse = (id: string): id is CourseId => Object.hasOwn(COURSE_CATALOGUE, id);

/** The course policy in force: the latest published version, else the demo's (version 1, not published). */
async function coursePolicyInForce(db: Parameters<typeof latestPolicies>[0]) {
  const published = (await latestPolicies(db)).find((p) => p.kind === 'coursePolicy');
  return published
    ? { policy: published.document as CoursePolicy, published: true, position: BigInt(published.position) }
    : { policy: DEFAULT_COURSE_POLICY, published: false, position: null };
}

/** The next level of a person's track in the ladder in force (the latest published, else the default). */
async function nextLevelOf(ctx: { db: Parameters<typeof latestPolicies>[0] }, track: string, level: string) {
  const published = (await latestPolicies(ctx.db)).filter((p) => p.kind === 'ladder');
  const ladder = (published[0]?.document as Ladder | undefined) ?? DEFAULT_LADDER;
  const levels = ladder.tracks.find((t) => t.id === track)?.levels ?? [];
  const at = levels.findIndex((l) => l.id === level);
  const next = at >= 0 ? levels[at + 1] : undefined;
  if (!next) return undefined;
  const courses = next.requirements.flatMap((r) =>
    r.kind === 'course' && isCourse(r.courseId) ? [r.courseId] : [],
  );
  return { name: next.name, nameZh: next.nameZh, courses };
}

builder.objectField(PersonRef, 'recommendations', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [CourseRecommendationRef],
    description:
      "Courses for this person from the latest scored month's composite score and KPI points, minus courses completed (`recommendCourses` with the rules of the course policy in force, `coursePolicy`). A newcomer never scored gets their learning path instead (`basis: learningPath`): the course of their onboarding assessment's band, then the courses the ladder requires for their next level. For a one-stop page, not for lists.",
    resolve: async (person, _args, ctx) => {
      const db = ctx.db;
      const scope = dataScope(ctx.viewer);
      const [latest] = await latestScoresFor(db, scope, [person.employee_id]);
      const { rules } = (await coursePolicyInForce(db)).policy;
      if (!latest) {
        const completed = (await enrollmentsOf(db, scope, person.employee_id))
          .filter((e) => e.state === 'completed' && isCourse(e.course_id))
          .map((e) => e.course_id as CourseId);
        const nextLevel = await nextLevelOf(ctx, person.track, person.level);
        return learningPath({
          assessment: person.recruiting_fit,
          ...(nextLevel ? { nextLevel } : {}),
          completedCourses: completed,
          rules,
        }).map(
          (r): Recommendation => ({
            courseId: r.courseId,
            titleZh: r.nameZh,
            titleEn: r.name,
            reasonZh: r.reasons.map((x) => x.zh).join('；'),
            reasonEn: r.reasons.map((x) => x.en).join('; '),
            kpi: null,
            basis: 'learningPath',
          }),
        );
      }
      const parts = latest.parts as unknown as KpiValue[];
      const gapKpi = (courseId: string) =>
        rules.kpiGaps.find((gap) => {
          if (!(gap.courses as readonly string[]).includes(courseId)) return false;
          const value = parts.find((p) => p.kpi === gap.kpi);
          return value !== undefined && !value.missing && value.normalised < rules.gapBelowPoints;
        })?.kpi ?? null;
      const recommended = await recommendationsFor(db, scope, person.employee_id, {
        score: latest.score,
        kpis: parts,
        rules,
      });
      return recommended.map((r) => ({
        courseId: r.courseId,
        titleZh: r.nameZh,
        titleEn: r.name,
        reasonZh: r.reasons.map((x) => x.zh).join('；'),
        reasonEn: r.reasons.map((x) => x.en).join('; '),
        kpi: gapKpi(r.courseId),
        basis: 'score' as const,
      }));
    },
  }),
);

const AssignCourseToTeamInput = builder.inputType('AssignCourseToTeamInput', {
  description: 'A course for every active member of a team, with one due date.',
  fields: (t) => ({
    teamId: t.string({ required: true, description: 'The team (team · 团队).' }),
    courseId: t.string({ required: true, description: 'Catalogue course id (course · 课程).' }),
    dueOn: t.string({
      description: 'The day it must be completed by, YYYY-MM-DD, not before today (due date · 截止日期).',
    }),
    reason: t.string({ description: 'Why (reason · 原因).' }),
  }),
});

builder.mutationField('assignCourseToTeam', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: CommandResultRef,
    description:
      'Assign a course to every active member of a team who does not have it yet, with one due date: one AssignCourse per member, written all together or not at all (a refusal of any member, e.g. a team outside the viewer’s unit, writes nothing). `commandId` makes a retry idempotent.',
    args: {
      input: t.arg({ type: AssignCourseToTeamInput, required: true }),
      commandId: t.arg.string({
        description: 'Idempotency key of the whole assignment; generated when omitted.',
      }),
    },
    resolve: async (_root, { input, commandId }, ctx) => {
      const language = ctx.language ?? 'en';
      const members = await ctx.db
        .withSchema('read')
        .selectFrom('people')
        .select('employee_id')
        .where('team_id', '=', input.teamId)
        .where('status', '=', 'active')
        .orderBy('employee_id')
        .execute();
      if (members.length === 0) {
        return {
          kind: 'not_found' as const,
          message:
            language === 'zh'
              ? `团队 ${input.teamId} 不存在或没有在职成员`
              : `team ${input.teamId} has no active members`,
          rule: 'team_unknown',
          field: fieldLabel(['teamId'], language),
          path: ['input', 'teamId'],
        };
      }
      const have = new Set(
        (
          await ctx.db
            .withSchema('read')
            .selectFrom('training_enrollments')
            .select('employee_id')
            .where('course_id', '=', input.courseId)
            .where(
              'employee_id',
              'in',
              members.map((m) => m.employee_id),
            )
            .execute()
        ).map((r) => r.employee_id),
      );
      const todo = members.filter((m) => !have.has(m.employee_id));
      if (todo.length === 0) {
        return {
          kind: 'rule' as const,
          code: 'ILLEGAL_STATE',
          message:
            language === 'zh'
              ? `团队 ${input.teamId} 的每位成员都已分配过课程 ${input.courseId}`
              : `everyone in team ${input.teamId} already has course ${input.courseId}`,
          rule: 'team_has_course',
          field: fieldLabel(['courseId'], language),
          path: ['input', 'courseId'],
        };
      }
      const base = commandId ?? `team-course-${crypto.randomUUID()}`;
      return runCommandsAtomically(
        ctx,
        'AssignCourse',
        todo.map((m) => ({
          commandId: `${base}:${m.employee_id}`.slice(0, 100),
          input: {
            employeeId: m.employee_id,
            courseId: input.courseId,
            ...(input.dueOn ? { dueOn: input.dueOn } : {}),
            ...(input.reason ? { reason: input.reason } : {}),
            at: now().toISOString(),
          },
        })),
      );
    },
  }),
);

interface CatalogueCourse {
  readonly id: string;
  readonly name: string;
  readonly nameZh: string;
  readonly hours: number;
  readonly scoreBand: { readonly min: number; readonly max: number };
  readonly targetKpis: readonly string[];
}

const CatalogueCourseRef = builder.objectRef<CatalogueCourse>('CatalogueCourse').implement({
  description: 'A course of the course catalogue: what can be assigned.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Course id, e.g. basic-selling-skills.' }),
    name: t.exposeString('name', { description: 'The course name in English.' }),
    nameZh: t.exposeString('nameZh', { description: 'The course name in Chinese.' }),
    hours: t.exposeFloat('hours', { description: 'Length of the course, in hours.' }),
    scoreMin: t.float({
      description: 'Lowest composite score (0–100) of the band the course is pitched at.',
      resolve: (c) => c.scoreBand.min,
    }),
    scoreMax: t.float({
      description: 'Highest composite score (0–100) of the band the course is pitched at.',
      resolve: (c) => c.scoreBand.max,
    }),
    targetKpis: t.exposeStringList('targetKpis', { description: 'The KPIs the course is meant to improve.' }),
  }),
});

builder.queryField('courseCatalogue', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [CatalogueCourseRef],
    description: 'The courses that can be assigned, in the order of the course policy in force.',
    resolve: async (_root, _args, ctx) => (await coursePolicyInForce(ctx.db)).policy.courses,
  }),
);

const CoursePolicyInForceRef = builder
  .objectRef<{ policy: CoursePolicy; published: boolean; position: bigint | null }>('CoursePolicyInForce')
  .implement({
    description: 'The course catalogue and recommendation rules in force, and whether they were published.',
    fields: (t) => ({
      document: t.field({
        type: CoursePolicyRef,
        description: 'The policy document; without `__typename` it is the input of publishCoursePolicy.',
        resolve: (p) => p.policy as unknown as Record<string, unknown>,
      }),
      published: t.boolean({
        resolve: (p) => p.published,
        description:
          'false while no version was published: the demo catalogue and rules apply, and the first publication is version 1.',
      }),
      position: t.field({
        type: 'Position',
        nullable: true,
        description: 'Where the version in force was published; null when none was.',
        resolve: (p) => p.position,
      }),
    }),
  });

builder.queryField('coursePolicy', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: CoursePolicyInForceRef,
    description:
      'The course policy in force: the latest published version of the course catalogue and the recommendation rules (`publishCoursePolicy`), else the demo’s.',
    resolve: (_root, _args, ctx) => coursePolicyInForce(ctx.db),
  }),
);
