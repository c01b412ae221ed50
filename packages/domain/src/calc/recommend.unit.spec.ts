import { describe, expect, it } from 'vitest';
import { DEFAULT_RECOMMENDATION_RULES } from '../policy/courses.ts';
import { DEFAULT_SCORING_POLICY } from '../policy/scoring.ts';
import { emptyFacts } from './facts.ts';
import { learningPath, recommendCourses } from './recommend.ts';
import { kpiValues } from './score.ts';

const kpis = (retained: number, churned: number, credits: number) =>
  kpiValues(
    {
      ...emptyFacts('p', '2025-01-01', '2025-03-31', 13),
      customersRetained: retained,
      customersChurned: churned,
      collaborationCredits: credits,
    },
    DEFAULT_SCORING_POLICY,
  ).filter((k) => k.kpi !== 'keyAccountSales'); // a representative has no key-account KPI

describe('course recommendations', () => {
  it('picks the course of the score band', () => {
    const ids = (score: number) =>
      recommendCourses({ score, kpis: kpis(9, 1, 9), completedCourses: [] }).map((r) => r.courseId);
    expect(ids(65)).toEqual(['basic-selling-skills']);
    expect(ids(70)).toEqual(['basic-selling-skills']);
    expect(ids(80)).toEqual(['customer-relationship-maintenance']);
    expect(ids(90)).toEqual(['sales-team-management']);
  });

  it('adds relationship and repeat-purchase courses for low retention, communication for low collaboration, with reasons', () => {
    // retention 7 ÷ 10 = 0.7 → (0.7 − 0.5) ÷ 0.35 = 57.14 points < 60; collaboration 1 a month → 33.33 points.
    const recs = recommendCourses({ score: 92, kpis: kpis(7, 3, 3), completedCourses: [] });
    expect(recs.map((r) => r.courseId)).toEqual([
      'sales-team-management',
      'customer-relationship-maintenance',
      'repeat-purchase-strategy',
      'sales-team-communication',
    ]);
    expect(recs[1]?.reasons).toEqual([
      { en: 'Customer retention rate scores 57.14 points, below 60', zh: '客户留存率得分 57.14，低于 60' },
    ]);
    expect(recs[0]?.reasons[0]?.en).toBe('score 92 ≥ 90: prepare for Sales Supervisor');
  });

  it('merges reasons for a course triggered twice and skips completed courses', () => {
    const recs = recommendCourses({
      score: 80,
      kpis: kpis(7, 3, 9),
      completedCourses: ['repeat-purchase-strategy'],
    });
    expect(recs.map((r) => r.courseId)).toEqual(['customer-relationship-maintenance']);
    expect(recs[0]?.reasons).toHaveLength(2);
  });
});

describe("a newcomer's learning path (before a score)", () => {
  const supervisor = {
    name: 'Sales Supervisor',
    nameZh: '销售主管',
    courses: ['sales-team-management' as const],
  };
  it('starts from the onboarding assessment band, then the courses the ladder requires next', () => {
    const path = learningPath({ assessment: 62, nextLevel: supervisor, completedCourses: [] });
    expect(path.map((c) => [c.courseId, c.reasons.map((r) => r.en)])).toEqual([
      ['basic-selling-skills', ['onboarding assessment 62 ≤ 70: build the basics first']],
      ['sales-team-management', ['required by the ladder for Sales Supervisor']],
    ]);
    expect(path[1]?.reasons[0]?.zh).toBe('职业阶梯要求：晋升销售主管需完成');
    expect(learningPath({ assessment: 85, completedCourses: [] }).map((c) => c.courseId)).toEqual([
      'customer-relationship-maintenance',
    ]);
    expect(learningPath({ assessment: 95, completedCourses: [] }).map((c) => c.courseId)).toEqual([
      'customer-relationship-maintenance',
    ]);
  });
  it('leaves out courses completed and follows the rules it is given', () => {
    expect(
      learningPath({ assessment: 62, nextLevel: supervisor, completedCourses: ['basic-selling-skills'] }).map(
        (c) => c.courseId,
      ),
    ).toEqual(['sales-team-management']);
    const rules = {
      ...DEFAULT_RECOMMENDATION_RULES,
      bands: { ...DEFAULT_RECOMMENDATION_RULES.bands, basicUpTo: 50 },
    };
    expect(learningPath({ assessment: 62, completedCourses: [], rules }).map((c) => c.courseId)).toEqual([
      'customer-relationship-maintenance',
    ]);
  });
});
