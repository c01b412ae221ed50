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
