import type { LevelId, TrackId } from '@trackrecord/domain';
import type { SimulationConfig } from '../config.ts';
import type { SimFact } from '../facts.ts';
import { branchName, regionName, teamName } from '../names.ts';
import { SIMULATED_HR, type SimulationPolicies } from '../policies.ts';
import { createProductInMemory } from '../product.ts';
import { createRandom } from '../random.ts';
import { clamp, isoDate, publish, type Team, type World } from '../world.ts';
import { hire } from './hiring.ts';
import { createProgramme } from './interventions.ts';
import { assignMentor } from './mentoring.ts';

/**
 * The company before its first week: regions, branches and teams (named by HR, each with its
 * hidden market coefficients), the policies in force, the initial staff with their leads and
 * the mentors of those still on probation. `revise`: whether HR revises the policies halfway.
 */
export function organise(config: SimulationConfig, policies: SimulationPolicies, revise: boolean): World {
  const rng = createRandom(config.seed);
  const org = createRandom(config.seed ^ 0x5bd1e995);
  const teams: Team[] = [];
  const weekDates = Array.from({ length: config.weeks + 6 }, (_, w) => isoDate(config.start, w * 7));

  const teamCount = Math.max(1, Math.round(config.employees / config.teamSize));
  const unitNames: Extract<SimFact, { kind: 'unitNamed' }>[] = [];
  for (let t = 0; t < teamCount; t++) {
    const b = Math.floor(t / config.teamsPerBranch);
    const r = Math.floor(b / config.branchesPerRegion);
    const named = (
      unitKind: 'region' | 'branch' | 'team',
      unitId: string,
      name: { zh: string; en: string },
    ) =>
      unitNames.push({
        kind: 'unitNamed',
        week: 0,
        day: 0,
        personId: SIMULATED_HR,
        unitKind,
        unitId,
        nameZh: name.zh,
        nameEn: name.en,
      });
    const branch = branchName(r, b % config.branchesPerRegion);
    if (t % config.teamsPerBranch === 0) {
      if (b % config.branchesPerRegion === 0) named('region', `region-${r + 1}`, regionName(r));
      named('branch', `branch-${b + 1}`, branch);
    }
    named('team', `team-${t + 1}`, teamName(branch, (t % config.teamsPerBranch) + 1));
    teams.push({
      id: `team-${t + 1}`,
      branchId: `branch-${b + 1}`,
      regionId: `region-${r + 1}`,
      regionCoefficient: 0,
      marketCoefficient: 0,
      members: [],
      size: 0,
      weeklySales: [],
      lead: null,
      successor: null,
    });
  }
  const regionCoefficients = new Map<string, number>();
  const marketCoefficients = new Map<string, number>();
  for (const team of teams) {
    if (!regionCoefficients.has(team.regionId))
      regionCoefficients.set(team.regionId, clamp(1 + 0.08 * org.normal(), 0.85, 1.15));
    if (!marketCoefficients.has(team.branchId))
      marketCoefficients.set(team.branchId, clamp(1 + 0.06 * org.normal(), 0.9, 1.1));
    team.regionCoefficient = regionCoefficients.get(team.regionId) as number;
    team.marketCoefficient = marketCoefficients.get(team.branchId) as number;
  }
  // Team sizes add up to the head count.
  for (let i = 0; i < config.employees; i++) (teams[i % teamCount] as Team).size++;

  const out: SimFact[] = [];
  const product =
    config.interventions || config.judgedByProduct ? createProductInMemory(config.start, config.seed) : null;
  const w: World = {
    config,
    policies,
    rng,
    org,
    counters: { person: 0, sale: 0, payment: 0, opportunity: 0, expense: 0, request: 0 },
    teams,
    people: [],
    weekDates,
    // Policies in force: published before anything else, revised once halfway.
    scoring: policies.scoring,
    ladder: policies.ladder,
    revisionWeek: !revise
      ? -1
      : (config.revisionWeek ?? (config.weeks >= 8 ? Math.floor(config.weeks / 2) : -1)),
    pending: new Map(),
    reversalsDue: new Map(),
    correctionsDue: new Map(),
    refundsDue: new Map(),
    reviewsDue: [],
    out,
    emit: (f) => {
      out.push(f);
    },
    product,
    interventions:
      config.interventions && product ? createProgramme(config.seed, product, config.interventions) : null,
  };
  for (const f of unitNames) w.emit(f);
  publish(w, 0, { kind: 'scoring', document: w.scoring });
  publish(w, 0, { kind: 'ladder', document: w.ladder });
  publish(w, 0, { kind: 'commission', document: policies.commission });
  // The target policy with the coefficients the targets are set with: each region's, each branch's market.
  publish(w, 0, {
    kind: 'targets',
    document: {
      ...policies.targets,
      coefficients: {
        region: [...regionCoefficients].map(([regionId, coefficient]) => ({ regionId, coefficient })),
        market: [...marketCoefficients].map(([branchId, coefficient]) => ({ branchId, coefficient })),
        productDifficulty: 1,
      },
    },
  });
  publish(w, 0, { kind: 'probation', document: policies.probation });
  // Who reads which protected field: the rules as they were before they became a policy.
  publish(w, 0, { kind: 'fieldRules', document: policies.fieldRules });

  // Initial staff: a lead (supervisor, every branch's first team a manager, every region's first a director).
  for (const team of teams) {
    const firstOfBranch = teams.find((t) => t.branchId === team.branchId) === team;
    const firstOfRegion = teams.find((t) => t.regionId === team.regionId) === team;
    const leadLevel: LevelId = firstOfRegion
      ? 'regional_director'
      : firstOfBranch
        ? 'sales_manager'
        : 'sales_supervisor';
    const leadTenure =
      { regional_director: 400, sales_manager: 300, sales_supervisor: 180 }[leadLevel] ?? 180;
    team.lead = hire(w, team, leadLevel, 'sales_management', 0, leadTenure + rng.int(200));
    for (let i = 1; i < team.size; i++) {
      const roll = rng.next();
      const tenure = Math.floor(-Math.log(1 - rng.next()) * 90);
      const [level, track]: [LevelId, TrackId] =
        roll < 0.12
          ? ['sales_support', 'sales_support']
          : roll < 0.22 && tenure > 100
            ? ['key_account_consultant', 'key_account']
            : roll < 0.3 && tenure > 100
              ? ['sales_supervisor', 'sales_management']
              : ['sales_representative', roll < 0.35 ? 'key_account' : 'sales_management'];
      hire(w, team, level, track, 0, tenure);
    }
  }
  for (const p of w.people)
    if (p.probationEndWeek !== null && p.level !== 'sales_support') assignMentor(w, p, 0, null, 0);
  return w;
}
