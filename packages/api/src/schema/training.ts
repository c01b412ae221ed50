import { DEFAULT_RECOMMENDATION_RULES, type KpiValue, trainingCommandSchemas } from '@trackrecord/domain';
import { latestScoresFor, recommendationsFor } from '@trackrecord/projections';
import { dataScope } from '../auth/viewer.ts';
import { builder } from '../builder.ts';
import { commandMutations } from './mutations.ts';
import { PersonRef } from './people.ts';

commandMutations(trainingCommandSchemas, {
  AssignCourse: 'Assign a course of the catalogue to an employee.',
  StartCourse: 'Record that an employee started a course.',
  CompleteCourse: 'Record that an employee completed a course, with the final test score (0–100).',
});

interface Recommendation {
  readonly courseId: string;
  readonly titleZh: string;
  readonly titleEn: string;
  readonly reasonZh: string;
  readonly reasonEn: string;
  readonly kpi: string | null;
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
  }),
});

builder.objectField(PersonRef, 'recommendations', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [CourseRecommendationRef],
    description:
      "Courses for this person from the latest scored month's composite score and KPI points, minus courses completed (`recommendCourses` with the default rules); empty when never scored. For a one-stop page, not for lists.",
    resolve: async (person, _args, ctx) => {
      const db = ctx.db;
      const scope = dataScope(ctx.viewer);
      const [latest] = await latestScoresFor(db, scope, [person.employee_id]);
      if (!latest) return [];
      const parts = latest.parts as unknown as KpiValue[];
      const rules = DEFAULT_RECOMMENDATION_RULES;
      const gapKpi = (courseId: string) =>
        rules.kpiGaps.find((gap) => {
          if (!(gap.courses as readonly string[]).includes(courseId)) return false;
          const value = parts.find((p) => p.kpi === gap.kpi);
          return value !== undefined && !value.missing && value.normalised < rules.gapBelowPoints;
        })?.kpi ?? null;
      const recommended = await recommendationsFor(db, scope, person.employee_id, {
        score: latest.score,
        kpis: parts,
      });
      return recommended.map((r) => ({
        courseId: r.courseId,
        titleZh: r.nameZh,
        titleEn: r.name,
        reasonZh: r.reasons.map((x) => x.zh).join('；'),
        reasonEn: r.reasons.map((x) => x.en).join('; '),
        kpi: gapKpi(r.courseId),
      }));
    },
  }),
);
