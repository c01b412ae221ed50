import {
  COURSE_CATALOGUE,
  type CourseId,
  DEFAULT_RECOMMENDATION_RULES,
  type RecommendationRules,
} from '../policy/courses.ts';
import type { Bilingual } from './eligibility.ts';
import { num } from './format.ts';
import type { KpiValue } from './kpi.ts';

export type CourseRecommendation = {
  readonly courseId: CourseId;
  readonly name: string;
  readonly nameZh: string;
  /** Why: the score band and/or the KPI gaps that triggered it. */
  readonly reasons: readonly Bilingual[];
};

/**
 * Courses for a person from their composite score band and their KPI gaps, skipping courses
 * already completed. Order: score-band course first, then gap courses in rule order.
 */
export function recommendCourses(input: {
  score: number;
  kpis: readonly KpiValue[];
  completedCourses: readonly CourseId[];
  rules?: RecommendationRules;
}): CourseRecommendation[] {
  const rules = input.rules ?? DEFAULT_RECOMMENDATION_RULES;
  const reasons = new Map<CourseId, Bilingual[]>();
  const add = (id: CourseId, reason: Bilingual) => {
    const list = reasons.get(id) ?? [];
    list.push(reason);
    reasons.set(id, list);
  };
  const { bands } = rules;
  const s = num(input.score, 2);
  if (input.score <= bands.basicUpTo) {
    add(bands.basic, {
      en: `score ${s} ≤ ${bands.basicUpTo}: build the basics`,
      zh: `综合评分 ${s} ≤ ${bands.basicUpTo}：夯实基础`,
    });
  } else if (input.score < bands.relationshipBelow) {
    add(bands.relationship, {
      en: `score ${s} in ${bands.basicUpTo}–${bands.relationshipBelow}: deepen customer relationships`,
      zh: `综合评分 ${s} 在 ${bands.basicUpTo}–${bands.relationshipBelow} 之间：深化客户关系`,
    });
  } else {
    add(bands.leadership, {
      en: `score ${s} ≥ ${bands.relationshipBelow}: prepare for Sales Supervisor`,
      zh: `综合评分 ${s} ≥ ${bands.relationshipBelow}：为晋升销售主管做准备`,
    });
  }
  for (const gap of rules.kpiGaps) {
    const value = input.kpis.find((k) => k.kpi === gap.kpi);
    if (!value || value.missing || value.normalised >= rules.gapBelowPoints) continue;
    for (const course of gap.courses) {
      add(course, {
        en: `${value.name} scores ${num(value.normalised, 2)} points, below ${rules.gapBelowPoints}`,
        zh: `${value.nameZh}得分 ${num(value.normalised, 2)}，低于 ${rules.gapBelowPoints}`,
      });
    }
  }
  return [...reasons.entries()]
    .filter(([id]) => !input.completedCourses.includes(id))
    .map(([id, rs]) => ({
      courseId: id,
      name: COURSE_CATALOGUE[id].name,
      nameZh: COURSE_CATALOGUE[id].nameZh,
      reasons: rs,
    }));
}

/**
 * A newcomer's learning path, before they have a score: the course of the score band their
 * onboarding (hiring) assessment falls in, then the courses the ladder requires for the next
 * level of their track, skipping courses completed. The same rules as `recommendCourses`, read
 * with the assessment's 0–100 fit in place of the composite score.
 */
export function learningPath(input: {
  /** The hiring assessment's fit score, 0–100 (`EmployeeHired.recruitingFit`). */
  assessment: number;
  /** The next level's name and the courses its requirements name, in the ladder's order. */
  nextLevel?: { readonly name: string; readonly nameZh: string; readonly courses: readonly CourseId[] };
  completedCourses: readonly CourseId[];
  rules?: RecommendationRules;
}): CourseRecommendation[] {
  const rules = input.rules ?? DEFAULT_RECOMMENDATION_RULES;
  const { bands } = rules;
  const a = num(input.assessment, 0);
  const out = new Map<CourseId, Bilingual[]>();
  const add = (id: CourseId, reason: Bilingual) => out.set(id, [...(out.get(id) ?? []), reason]);
  if (input.assessment <= bands.basicUpTo) {
    add(bands.basic, {
      en: `onboarding assessment ${a} ≤ ${bands.basicUpTo}: build the basics first`,
      zh: `入职测评 ${a} ≤ ${bands.basicUpTo}：先夯实基础`,
    });
  } else if (input.assessment < bands.relationshipBelow) {
    add(bands.relationship, {
      en: `onboarding assessment ${a} in ${bands.basicUpTo}–${bands.relationshipBelow}: deepen customer relationships`,
      zh: `入职测评 ${a} 在 ${bands.basicUpTo}–${bands.relationshipBelow} 之间：深化客户关系`,
    });
  } else {
    add(bands.relationship, {
      en: `onboarding assessment ${a} ≥ ${bands.relationshipBelow}: start with customer relationships`,
      zh: `入职测评 ${a} ≥ ${bands.relationshipBelow}：从客户关系维护开始`,
    });
  }
  const next = input.nextLevel;
  for (const course of next?.courses ?? []) {
    add(course, {
      en: `required by the ladder for ${next?.name}`,
      zh: `职业阶梯要求：晋升${next?.nameZh}需完成`,
    });
  }
  return [...out.entries()]
    .filter(([id]) => !input.completedCourses.includes(id))
    .map(([id, reasons]) => ({
      courseId: id,
      name: COURSE_CATALOGUE[id].name,
      nameZh: COURSE_CATALOGUE[id].nameZh,
      reasons,
    }));
}
