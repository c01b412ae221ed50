import { clamp, type Person, type PersonWeek, type Week, type World } from '../world.ts';

const TASKS = ['ride_along_visit', 'deal_review', 'performance_talk'] as const;

/**
 * Gives `p` a mentor from their team: a confirmed, selling teammate with fewer than three
 * mentees (never `exclude`, the mentor being replaced), the team's successor when they are one.
 * Nobody fits: `p` keeps what they have.
 */
export const assignMentor = (w: World, p: Person, week: number, exclude: Person | null, day: number) => {
  const candidates = p.team.members.filter(
    (m) =>
      m.active &&
      m !== p &&
      m !== exclude &&
      m.probationEndWeek === null &&
      m.level !== 'sales_support' &&
      m.menteeCount < 3,
  );
  if (candidates.length === 0) return;
  // The team's successor takes new mentees first: mentoring is part of their development.
  const successor = p.team.successor;
  const mentor = successor && candidates.includes(successor) ? successor : w.rng.pick(candidates);
  if (p.mentor) p.mentor.menteeCount--;
  p.mentor = mentor;
  p.mentorSince = week * 7 + day;
  mentor.menteeCount++;
  w.emit({ kind: 'mentorAssigned', week, day, personId: p.id, mentorId: mentor.id });
};

/**
 * At the month's start (day 0), a mentee rates a mentor assigned before then, while on probation
 * or in their first half-year; a poor rating brings a new mentor.
 */
export function rateMentor(w: World, wk: Week, p: Person, pw: PersonWeek) {
  const { week } = wk;
  const { onProbation } = pw;
  if (p.mentor?.active && p.mentorSince <= week * 7 && (onProbation || week - p.hiredWeek < 26)) {
    const rating = Math.round(clamp(1.5 + 8.5 * p.mentor.traits.mentorQuality + 0.9 * w.rng.normal(), 0, 10));
    w.emit({ kind: 'mentorRated', week, day: 0, personId: p.id, mentorId: p.mentor.id, rating });
    if (rating < 7) assignMentor(w, p, week, p.mentor, 0);
  }
}

/** What a mentor writes down for each task, in the company's language. */
const TASK_NOTES: Record<(typeof TASKS)[number], string> = {
  ride_along_visit: '陪同拜访客户',
  deal_review: '复盘本周成交与丢单',
  performance_talk: '绩效面谈，约定下周目标',
};

/** Mentoring tasks, done more often by a good mentor. */
export function doMentorTasks(w: World, wk: Week, p: Person, pw: PersonWeek) {
  const { week } = wk;
  const { onProbation } = pw;
  if (p.mentor?.active && onProbation) {
    const mq = p.mentor.traits.mentorQuality;
    for (const task of TASKS) {
      if (w.rng.chance(0.25 + 0.7 * mq)) {
        // A mentor assigned this week works with the mentee from that day on.
        w.emit({
          kind: 'mentorTaskDone',
          week,
          day: Math.max(w.rng.int(5), p.mentorSince - week * 7),
          personId: p.id,
          mentorId: p.mentor.id,
          task,
          notes: `${TASK_NOTES[task]}（第 ${week + 1} 周）`,
        });
      }
    }
  }
}
