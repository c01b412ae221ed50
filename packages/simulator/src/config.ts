import { validation } from '@trackrecord/domain';
/** Settings of one simulated company. Same settings (seed included) → the same history. */
export type SimulationConfig = {
  /** 32-bit integer seed of the PRNG. */
  readonly seed: number;
  /** Head count at the start; hiring keeps it about constant (plus `growthPerYear`). */
  readonly employees: number;
  /** Simulated weeks (default 60, about 14 months). */
  readonly weeks: number;
  /** Monday of week 0, ISO date. */
  readonly start: string;
  /** People per team, the supervisor included (default 8). */
  readonly teamSize: number;
  /** Teams per branch (default 6); branches per region (default 3). */
  readonly teamsPerBranch: number;
  readonly branchesPerRegion: number;
  /** Yearly head-count growth through extra hires (default 0.05). */
  readonly growthPerYear: number;
  /**
   * The week HR publishes the revised policies (default half of `weeks`). A demo continued
   * beyond its first history keeps the week of its first run, so the history stays the same.
   */
  readonly revisionWeek?: number;
  /**
   * Opt-in: HR and managers act on the product's retention flags (see `phases/interventions.ts`).
   * Absent, nobody is intervened on and the history is the default one, draw for draw.
   */
  readonly interventions?: InterventionsConfig;
  /**
   * Opt-in: promotions are judged on the product's own verdicts, as in a company using Track
   * Record. The eligibility check nominates whom the product finds eligible, managers put
   * forward the product's near-misses, committees decide on the product's verdict at the time
   * they decide, and HR assigns the course a near-miss lacks (the verdict's growth task).
   * Collection is chased as the product measures it (paid by the end of the sale's month):
   * customers pay sooner, more of them in full. Absent, the simulator judges with its own
   * 13-week figures and collection is as before, draw for draw.
   */
  readonly judgedByProduct?: boolean;
  /**
   * Opt-in, with `judgedByProduct`: leads develop their people towards the next level as a
   * company using the product does. At each round a team's lead chooses a successor (the
   * member the product finds strongest among those with the experience the next level asks),
   * who is given the level's course and the team's new mentees; between rounds, at a month's
   * first week, a lead puts forward a member the product finds a single requirement short
   * (never one a committee decided on within the quarter). Absent: rounds only, draw for draw.
   */
  readonly successionPlanning?: boolean;
};

/**
 * A randomised retention programme: every week after the product has published its retention
 * model, each person that model flags for the first time is given an intervention with
 * probability `share` (decided on a random stream of its own), recorded the day after their
 * flagged week ends. The hidden effect: an intervened person's weekly hazard of leaving
 * voluntarily `h` becomes `1 − (1 − h)^hazardRatio` from that day on.
 */
export type InterventionsConfig = {
  /** Share of newly flagged people intervened on (default 0.5). */
  readonly share?: number;
  /** The hidden effect on the hazard of leaving voluntarily (default `INTERVENTION_HAZARD_RATIO`). */
  readonly hazardRatio?: number;
};

/** The hidden effect of an intervention: the hazard of leaving voluntarily is multiplied by 0.4. */
export const INTERVENTION_HAZARD_RATIO = 0.4;

export const DEFAULT_SIMULATION: Omit<SimulationConfig, 'seed' | 'employees'> = {
  weeks: 60,
  start: '2025-01-06',
  teamSize: 8,
  teamsPerBranch: 6,
  branchesPerRegion: 3,
  growthPerYear: 0.05,
};

export const simulationConfig = (
  c: Pick<SimulationConfig, 'seed' | 'employees'> & Partial<SimulationConfig>,
): SimulationConfig => {
  const config = { ...DEFAULT_SIMULATION, ...c };
  if (!Number.isInteger(config.employees) || config.employees < 1)
    throw validation('employees must be a positive integer');
  if (!Number.isInteger(config.weeks) || config.weeks < 1)
    throw validation('weeks must be a positive integer');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(config.start)) throw validation('start must be an ISO date YYYY-MM-DD');
  const iv = config.interventions;
  if (iv) {
    const share = iv.share ?? 0.5;
    if (!(share >= 0 && share <= 1)) throw validation('interventions.share must be between 0 and 1');
    const ratio = iv.hazardRatio ?? INTERVENTION_HAZARD_RATIO;
    if (!(ratio > 0 && ratio <= 10))
      throw validation('interventions.hazardRatio must be above 0 and at most 10');
  }
  return config;
};
