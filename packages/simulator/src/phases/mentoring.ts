import type { Person, World } from '../world.ts';

/**
 * Gives `p` a mentor from their team: a confirmed, selling teammate with fewer than three
 * mentees (never `exclude`, the mentor being replaced). Nobody fits: `p` keeps what they have.
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
  const mentor = w.rng.pick(candidates);
  if (p.mentor) p.mentor.menteeCount--;
  p.mentor = mentor;
  p.mentorSince = week * 7 + day;
  mentor.menteeCount++;
  w.emit({ kind: 'mentorAssigned', week, day, personId: p.id, mentorId: mentor.id });
};
