import { clamp, type Person, type PersonWeek, WEEKS_PER_MONTH, type Week, type World } from '../world.ts';

/** Months a person has waited for a promotion since they became eligible. */
export const monthsWaited = (p: Person, week: number) =>
  p.eligibleSinceWeek === null ? 0 : (week - p.eligibleSinceWeek) / WEEKS_PER_MONTH;

/**
 * Morale: drifts towards what fit, mentoring, success and recognition justify; now and then a
 * setback knocks it down.
 */
export function driftMorale(w: World, wk: Week, p: Person, pw: PersonWeek) {
  const { week } = wk;
  const t = p.traits;
  const { onProbation, mentorQ } = pw;
  const waited = monthsWaited(p, week);
  const goal =
    1.6 * (t.fit - 0.6) +
    (onProbation && mentorQ !== null ? 2.2 * (mentorQ - 0.6) : 0) +
    (onProbation && mentorQ === null ? -0.6 : 0) +
    clamp(0.8 * (p.recentAttainment - 1), -0.6, 0.3) -
    0.12 * Math.max(0, p.stagnantWeeks - 1) -
    0.15 * waited -
    t.outsideOptions +
    0.3;
  if (p.shock === 0 && w.rng.chance(0.008)) p.shock = -1.2;
  p.shock *= 0.92;
  if (Math.abs(p.shock) < 0.05) p.shock = 0;
  p.engagement += 0.12 * (goal + p.shock - p.engagement) + 0.08 * w.rng.normal();
}
