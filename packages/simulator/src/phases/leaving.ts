import { sigmoid } from '@trackrecord/domain';
import type { Person, PersonWeek, Week, World } from '../world.ts';
import { withIntervention } from './interventions.ts';
import { assignMentor } from './mentoring.ts';
import { monthsWaited } from './morale.ts';
import { trainingCompletion } from './training.ts';

/**
 * `p` leaves: out of their team, their mentees on probation get a new mentor, and a team they
 * led passes to its best-scoring supervisor (or someone of their level).
 */
export const leave = (w: World, p: Person, week: number, voluntary: boolean, reason: string) => {
  p.active = false;
  if (p.mentor) p.mentor.menteeCount--;
  w.emit({ kind: 'left', week, day: 4, personId: p.id, voluntary, reason });
  const team = p.team;
  team.members = team.members.filter((m) => m !== p);
  for (const m of team.members) {
    if (m.mentor === p) {
      m.mentor = null;
      if (m.probationEndWeek !== null) assignMentor(w, m, week, p, 4);
    }
  }
  if (team.lead === p) {
    const successor = team.members
      .filter((m) => m.level === 'sales_supervisor' || m.level === p.level)
      .sort((a, b) => b.lastScore - a.lastScore)[0];
    team.lead = successor ?? null;
  }
};

/**
 * Voluntary departure: a hazard from morale, fit, stagnation, poor onboarding, unfinished
 * training and waiting for a promotion while eligible.
 */
export function mayQuit(w: World, wk: Week, p: Person, pw: PersonWeek) {
  const { week } = wk;
  const t = p.traits;
  const { onProbation, mentorQ } = pw;
  const waited = monthsWaited(p, week);
  const completion = trainingCompletion(p);
  const ratedMentorPoorly = p.mentor !== null && onProbation && p.mentor.traits.mentorQuality < 0.55;
  const base = sigmoid(
    -6.3 -
      2 * p.engagement +
      (onProbation ? 0.4 : 0) +
      3 * (0.6 - t.fit) +
      (p.stagnantWeeks >= 2 ? 0.5 : 0) +
      (ratedMentorPoorly ? 0.6 : 0) +
      (completion < 0.8 ? 0.5 : 0) +
      0.08 * waited,
  );
  const hazard = withIntervention(w, p, week, base);
  if (w.rng.chance(hazard)) {
    const reason =
      p.stagnantWeeks >= 2
        ? 'no progress in sales'
        : waited > 2
          ? 'no promotion while eligible'
          : mentorQ !== null && mentorQ < 0.5
            ? 'poor onboarding'
            : w.rng.pick(['better offer', 'relocation', 'career change', 'compensation']);
    leave(w, p, week, true, reason);
  }
}

/** Forgets the departed: nothing refers to them any more except pending payments. */
export function forgetDeparted(w: World) {
  for (let i = w.people.length - 1; i >= 0; i--) if (!(w.people[i] as Person).active) w.people.splice(i, 1);
}
