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
};

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
  return config;
};
