import { INTERVENTION_KINDS, type InterventionKind } from '@trackrecord/domain';
import { INTERVENTION_HAZARD_RATIO } from '../config.ts';
import { SIMULATED_HR } from '../policies.ts';
import type { ProductInMemory } from '../product.ts';
import { createRandom, type Random } from '../random.ts';
import type { Person, Week, World } from '../world.ts';

/** Days after the flagged week's Monday within which an intervention counts as following the flag. */
export const INTERVENTION_GRACE_DAYS = 14;
/** Days after the flagged week's Monday over which staying is measured. */
export const INTERVENTION_FOLLOW_UP_DAYS = 90;
/**
 * Weeks after the flagged week whose voluntary departures fall after the grace window and
 * within the follow-up (departures are on day 4: 7k + 4 days after the Monday): weeks 2–12.
 */
const FIRST_FOLLOWED_WEEK = Math.floor((INTERVENTION_GRACE_DAYS - 4) / 7) + 1;
const LAST_FOLLOWED_WEEK = Math.floor((INTERVENTION_FOLLOW_UP_DAYS - 4) / 7);

type Followed = {
  readonly flagWeek: number;
  readonly intervened: boolean;
  /** The weekly voluntary hazard without the intervention, weeks FIRST..LAST after the flag, while employed. */
  readonly hazards: number[];
  /** Followed weeks (index into `hazards`) at which the person was dismissed (probation not passed); null if not. */
  dismissedAt: number | null;
};

/** The programme's state (`World.interventions`; null when the option is off). */
export type InterventionProgramme = {
  readonly share: number;
  readonly hazardRatio: number;
  /** The programme's own draws (who is intervened on, what), apart from the history's. */
  readonly rng: Random;
  readonly product: ProductInMemory;
  /** Everyone the product has flagged, by person id: the first flagged week. */
  readonly flagged: Map<string, Followed>;
  /** Intervened people: their hazard of leaving voluntarily is lowered. */
  readonly intervened: Set<Person>;
};

export const createProgramme = (
  seed: number,
  product: ProductInMemory,
  options: { share?: number; hazardRatio?: number },
): InterventionProgramme => ({
  share: options.share ?? 0.5,
  hazardRatio: options.hazardRatio ?? INTERVENTION_HAZARD_RATIO,
  rng: createRandom(seed ^ 0x1b873593),
  product,
  flagged: new Map(),
  intervened: new Set(),
});

const NOTES: Record<InterventionKind, string> = {
  coaching: 'Weekly coaching on pipeline and follow-ups',
  mentor_change: 'New mentor from a stronger team',
  target_adjusted: 'Target adjusted for the coming month',
  career_talk: 'Career talk about the next level and what it takes',
  other: 'Flexible hours agreed for a family matter',
};

/**
 * At the start of week `wk`: everyone the product flagged for the first time at the end of the
 * week before is in the programme; with probability `share` they are intervened on (by their
 * team lead, else HR) on day 1 of this week, 8 days after their flagged week's Monday.
 */
export function intervene(w: World, wk: Week) {
  const programme = w.interventions;
  if (!programme || wk.week === 0) return;
  const flagWeek = wk.week - 1;
  const byId = new Map(wk.active.map((p) => [p.id, p]));
  const flags = programme.product.flagsAt(flagWeek).sort((a, b) => a.personId.localeCompare(b.personId));
  for (const flag of flags) {
    if (programme.flagged.has(flag.personId)) continue;
    const p = byId.get(flag.personId);
    if (!p) continue;
    const intervened = programme.rng.chance(programme.share);
    programme.flagged.set(p.id, { flagWeek, intervened, hazards: [], dismissedAt: null });
    if (!intervened) continue;
    programme.intervened.add(p);
    const kind = programme.rng.pick(INTERVENTION_KINDS);
    const lead = p.team.lead && p.team.lead !== p && p.team.lead.active ? p.team.lead.id : SIMULATED_HR;
    w.emit({
      kind: 'intervened',
      week: wk.week,
      day: 1,
      personId: p.id,
      interventionKind: kind,
      note: NOTES[kind],
      recordedBy: lead,
    });
  }
}

/**
 * The hidden effect on `p`'s weekly hazard of leaving voluntarily (unchanged without the
 * programme or an intervention); records the hazard without it for the programme's truth.
 */
export function withIntervention(w: World, p: Person, week: number, hazard: number): number {
  const programme = w.interventions;
  if (!programme) return hazard;
  const followed = programme.flagged.get(p.id);
  if (followed) {
    const after = week - followed.flagWeek;
    if (after >= FIRST_FOLLOWED_WEEK && after <= LAST_FOLLOWED_WEEK) followed.hazards.push(hazard);
  }
  return programme.intervened.has(p) ? 1 - (1 - hazard) ** programme.hazardRatio : hazard;
}

/** `p` did not pass probation in `week`: employment ends in either arm. */
export function dismissed(w: World, p: Person, week: number) {
  const followed = w.interventions?.flagged.get(p.id);
  if (!followed) return;
  const after = week - followed.flagWeek;
  if (after >= FIRST_FOLLOWED_WEEK && after <= LAST_FOLLOWED_WEEK)
    followed.dismissedAt = followed.hazards.length;
}

/**
 * What the programme did and its true effect, known only to the simulator. The estimand is the
 * product's landmark design: people first flagged in a week whose follow-up ended within the
 * history and who were still employed after the grace window, their 90-day retention (from the
 * flagged week's Monday) with an intervention against without one. The simulator knows, for each
 * such person and followed week while employed, the hazard of leaving that week (voluntarily, with
 * the intervention's effect for the intervened; 1 in the week of a dismissal), so each arm's
 * expected retention is ∏ over the followed weeks of (1 − the mean hazard of its people still
 * employed that week) — the retention the arm has in expectation over the draws that decided who
 * left, given who was in it. `truth` is the intervened arm's minus the other's.
 * `statedTruth` is the effect the hazard ratio implies for everyone compared alike: the mean over
 * both arms of ∏(1 − h)^hazardRatio − ∏(1 − h), `h` the hazard without the intervention (after a
 * departure the last one carried forward, so it overstates the effect when hazards fall back).
 */
export type InterventionTruth = {
  readonly hazardRatio: number;
  readonly share: number;
  readonly graceDays: number;
  readonly followUpDays: number;
  /** The model the product trained and flagged with (null: never trained, nobody flagged). */
  readonly modelId: string | null;
  readonly threshold: number | null;
  /** People flagged for the first time (all weeks) and of them intervened on. */
  readonly flagged: number;
  readonly intervened: number;
  /** People compared (follow-up complete, employed after the grace window), per arm. */
  readonly peopleWith: number;
  readonly peopleWithout: number;
  readonly retentionWith: number | null;
  readonly retentionWithout: number | null;
  readonly truth: number | null;
  readonly statedTruth: number | null;
};

export function interventionTruth(w: World): InterventionTruth | null {
  const programme = w.interventions;
  if (!programme) return null;
  const last = w.config.weeks - 1;
  const steps = LAST_FOLLOWED_WEEK - FIRST_FOLLOWED_WEEK + 1;
  type Arm = { people: number; atRisk: number[]; hazard: number[] };
  const arm0 = (): Arm => ({
    people: 0,
    atRisk: new Array<number>(steps).fill(0),
    hazard: new Array<number>(steps).fill(0),
  });
  const arms: [Arm, Arm] = [arm0(), arm0()];
  let stated = 0;
  let intervened = 0;
  for (const f of programme.flagged.values()) {
    if (f.intervened) intervened++;
    if (f.flagWeek + LAST_FOLLOWED_WEEK + 1 > last) continue;
    if (f.hazards.length === 0 && f.dismissedAt === null) continue;
    const arm = arms[f.intervened ? 1 : 0];
    arm.people++;
    for (let i = 0; i < f.hazards.length; i++) {
      const h = f.hazards[i] as number;
      arm.atRisk[i] = (arm.atRisk[i] as number) + 1;
      arm.hazard[i] = (arm.hazard[i] as number) + (f.intervened ? 1 - (1 - h) ** programme.hazardRatio : h);
    }
    if (f.dismissedAt !== null) {
      arm.atRisk[f.dismissedAt] = (arm.atRisk[f.dismissedAt] as number) + 1;
      arm.hazard[f.dismissedAt] = (arm.hazard[f.dismissedAt] as number) + 1;
      continue;
    }
    let s0 = 1;
    let s1 = 1;
    for (let i = 0; i < steps; i++) {
      const h = f.hazards[Math.min(i, f.hazards.length - 1)] as number;
      s0 *= 1 - h;
      s1 *= (1 - h) ** programme.hazardRatio;
    }
    stated += s1 - s0;
  }
  const retention = (arm: Arm) => {
    if (arm.people === 0) return null;
    let s = 1;
    for (let i = 0; i < steps; i++) {
      const n = arm.atRisk[i] as number;
      if (n > 0) s *= 1 - (arm.hazard[i] as number) / n;
    }
    return s;
  };
  const without = retention(arms[0]);
  const withIt = retention(arms[1]);
  const people = arms[0].people + arms[1].people;
  const model = programme.product.model();
  return {
    hazardRatio: programme.hazardRatio,
    share: programme.share,
    graceDays: INTERVENTION_GRACE_DAYS,
    followUpDays: INTERVENTION_FOLLOW_UP_DAYS,
    modelId: model?.id ?? null,
    threshold: model?.threshold ?? null,
    flagged: programme.flagged.size,
    intervened,
    peopleWith: arms[1].people,
    peopleWithout: arms[0].people,
    retentionWith: withIt,
    retentionWithout: without,
    truth: withIt !== null && without !== null ? withIt - without : null,
    statedTruth: people > 0 ? stated / people : null,
  };
}
