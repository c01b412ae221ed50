import type { LevelId, TrackId } from '@trackrecord/domain';
import type { Random } from '../random.ts';
import { clamp, FIELDS, type Person, type Team, type Traits, WINDOW, type World } from '../world.ts';
import { assignMentor } from './mentoring.ts';

const drawTraits = (r: Random): Traits => ({
  potential: clamp(0.55 + 0.18 * r.normal(), 0.05, 0.98),
  diligence: clamp(0.55 + 0.2 * r.normal(), 0.05, 0.98),
  discipline: clamp(0.78 + 0.16 * r.normal(), 0.05, 0.99),
  care: clamp(0.55 + 0.2 * r.normal(), 0.05, 0.98),
  teamwork: clamp(0.55 + 0.2 * r.normal(), 0.05, 0.98),
  fit: clamp(0.62 + 0.2 * r.normal(), 0.02, 0.99),
  mentorQuality: clamp(0.62 + 0.22 * r.normal(), 0.02, 0.99),
  outsideOptions: 0.45 * r.normal(),
});

/**
 * Hires a person into `team` in `week`: new (`tenureWeeks` 0, on probation) or, for the
 * initial staff, someone who has already served `tenureWeeks` (with a book of customers).
 */
export const hire = (
  w: World,
  team: Team,
  level: LevelId,
  track: TrackId,
  week: number,
  tenureWeeks: number,
): Person => {
  const { rng } = w;
  const traits = drawTraits(rng);
  w.counters.person++;
  const isNew = tenureWeeks === 0;
  const p: Person = {
    id: `emp-${String(w.counters.person).padStart(6, '0')}`,
    n: w.counters.person,
    team,
    level,
    track,
    active: true,
    hiredWeek: week - tenureWeeks,
    priorExperienceWeeks: isNew ? rng.int(80) : 0,
    probationEndWeek: tenureWeeks < 13 ? week - tenureWeeks + 13 : null,
    probationDeals: 0,
    probationDealsRequired: 0,
    traits,
    recruitingFit: Math.round(clamp(100 * traits.fit + 8 * rng.normal(), 0, 100)),
    skill: isNew
      ? traits.potential * 0.45
      : clamp(traits.potential * (0.7 + 0.3 * Math.min(1, tenureWeeks / 104)), 0.05, 0.98),
    engagement: 0.3 + 0.4 * rng.normal(),
    mentor: null,
    mentorSince: 0,
    menteeCount: 0,
    menteeClosedDeals: 0,
    lastWeekSales: 0,
    lastWeekDeals: 0,
    stagnantWeeks: 0,
    courses: new Map(),
    customers: [],
    nextCustomer: 0,
    monthSales: 0,
    monthlySales: [],
    weeklyTarget: 0,
    monthTarget: 0,
    targetPeriod: '',
    window: new Float64Array(WINDOW * FIELDS),
    eligibleSinceWeek: null,
    lastPromotedWeek: null,
    lastDecidedWeek: null,
    lastScore: 60,
    recentAttainment: 1,
    shock: 0,
    managerId: team.lead ? team.lead.id : null,
  };
  if (p.managerId === p.id) p.managerId = null;
  const books = Math.round(clamp(tenureWeeks / 10, 0, 30) * (0.5 + traits.care));
  for (let k = 0; k < books; k++) p.customers.push(p.nextCustomer++);
  team.members.push(p);
  w.people.push(p);
  w.emit({
    kind: 'hired',
    week,
    day: 0,
    personId: p.id,
    branchId: team.branchId,
    teamId: team.id,
    regionId: team.regionId,
    managerId: p.managerId,
    level,
    track,
    probationEndWeek: p.probationEndWeek,
    recruitingFit: p.recruitingFit,
    tenureWeeks,
  });
  return p;
};

/** A new hire: mostly representatives, some key-account, some support staff; a mentor for the sellers. */
const hireNew = (w: World, team: Team, week: number) => {
  const roll = w.rng.next();
  const [level, track]: [LevelId, TrackId] =
    roll < 0.12
      ? ['sales_support', 'sales_support']
      : ['sales_representative', roll < 0.3 ? 'key_account' : 'sales_management'];
  const p = hire(w, team, level, track, week, 0);
  if (level !== 'sales_support') assignMentor(w, p, week, null, 0);
};

/** Hiring: refill teams (with a lag) and grow. */
export function hireToFill(w: World, week: number) {
  const growth = w.config.growthPerYear / 52;
  for (const team of w.teams) {
    const gap = team.size - team.members.length;
    for (let k = 0; k < gap; k++) if (w.rng.chance(0.35)) hireNew(w, team, week);
    if (w.rng.chance(growth * team.size)) {
      team.size++;
      hireNew(w, team, week);
    }
  }
}
