import { COURSE_CATALOGUE, compositeScore, compositeScoreValue, recommendCourses } from '@trackrecord/domain';
import { clamp, type Person, type PersonWeek, periodFacts, type Week, type World } from '../world.ts';

/**
 * Skill grows towards potential; on probation faster, the more so with a good mentor.
 * Returns the week's relative growth.
 */
export function growSkill(p: Person, pw: PersonWeek): number {
  const t = p.traits;
  const { onProbation, mentorQ } = pw;
  const rate = onProbation ? 0.03 + 0.14 * (mentorQ ?? 0.2) : 0.01;
  const previousSkill = p.skill;
  p.skill += rate * (t.potential - p.skill);
  return (p.skill - previousSkill) / previousSkill;
}

/** The skill assessment a newcomer on probation takes each week (the LMS's, 0–100). */
export const PROBATION_SKILL_TEST = 'Sales skills check (销售技能测评)';

/**
 * A newcomer on probation takes the weekly skill assessment on Friday: the score is their
 * skill as it stands, 0–100 to one decimal (no random draw, so the history around it stays).
 */
export function assessSkill(w: World, wk: Week, p: Person, pw: PersonWeek) {
  if (!pw.onProbation) return;
  const score = Math.round(clamp(p.skill, 0, 1) * 1000) / 10;
  w.emit({ kind: 'skillAssessed', week: wk.week, day: 4, personId: p.id, test: PROBATION_SKILL_TEST, score });
}

/**
 * Courses in progress: started, then completed (a test score, and the real training effect on
 * skill, care or teamwork the course targets) or stalled.
 */
export function progressCourses(w: World, wk: Week, p: Person, pw: PersonWeek) {
  const { week } = wk;
  const t = p.traits;
  const { engaged } = pw;
  for (const [courseId, c] of p.courses) {
    if (c.state === 'assigned' && week > c.week && w.rng.chance(0.3 + 0.5 * t.diligence * engaged)) {
      c.state = 'started';
      c.week = week;
      w.emit({ kind: 'courseStarted', week, day: w.rng.int(5), personId: p.id, courseId });
    } else if (c.state === 'started' && week >= c.week + Math.ceil(COURSE_CATALOGUE[courseId].hours / 8)) {
      if (w.rng.chance(0.25 + 0.55 * t.diligence * engaged + 0.15 * engaged)) {
        c.state = 'completed';
        c.doneWeek = week;
        const testScore = Math.round(clamp(55 + 40 * p.skill + 8 * w.rng.normal(), 0, 100));
        w.emit({ kind: 'courseCompleted', week, day: w.rng.int(5), personId: p.id, courseId, testScore });
        // Real training effect: the course lifts skill, care or teamwork it targets.
        p.skill = clamp(p.skill + 0.06 * (1 - p.skill), 0, 0.99);
        if (COURSE_CATALOGUE[courseId].targetKpis.includes('customerRetentionRate'))
          t.care = clamp(t.care + 0.12, 0, 0.99);
        if (COURSE_CATALOGUE[courseId].targetKpis.includes('teamCollaboration'))
          t.teamwork = clamp(t.teamwork + 0.1, 0, 0.99);
        p.engagement += 0.15;
      } else if (week > c.week + 10) {
        c.state = 'stalled';
      }
    }
  }
}

/**
 * The monthly score of a seller and, now and then, a course the scores recommend (at most two
 * open at once).
 */
export function assignCourses(w: World, wk: Week, p: Person) {
  const { week } = wk;
  if (p.level === 'sales_support') return;
  const facts = periodFacts(w, p, week);
  p.lastScore = compositeScoreValue(facts, p.level, w.scoring);
  const open = [...p.courses.values()].filter((c) => c.state === 'assigned' || c.state === 'started').length;
  if (open < 2 && w.rng.chance(0.45)) {
    const completed = [...p.courses.entries()].filter(([, c]) => c.state === 'completed').map(([id]) => id);
    const breakdown = compositeScore(facts, p.level, w.scoring);
    const recommended = recommendCourses({
      score: breakdown.score,
      kpis: breakdown.parts,
      completedCourses: completed,
    }).find((r) => !p.courses.has(r.courseId));
    if (recommended) {
      p.courses.set(recommended.courseId, { state: 'assigned', week, doneWeek: -1 });
      w.emit({
        kind: 'courseAssigned',
        week,
        day: 1,
        personId: p.id,
        courseId: recommended.courseId,
        reason: recommended.reasons.map((r) => r.en).join('; '),
      });
    }
  }
}

/** The share of a person's assigned courses they completed (1 with none assigned). */
export const trainingCompletion = (p: Person) => {
  let assigned = 0;
  let completed = 0;
  for (const c of p.courses.values()) {
    assigned++;
    if (c.state === 'completed') completed++;
  }
  return assigned === 0 ? 1 : completed / assigned;
};
