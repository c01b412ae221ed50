import { probationTarget } from '@trackrecord/domain';
import type { Person, Week, World } from '../world.ts';
import { leave } from './leaving.ts';

/** A month of probation adds the deals the probation policy requires for it. */
export function requireProbationDeals(w: World, p: Person, weeklySkillGrowth: number) {
  // Daily sales growth is approximated from last month's attainment over ~20 working days.
  p.probationDealsRequired += probationTarget(
    { weeklySkillGrowth, dailySalesGrowth: Math.max(0, p.recentAttainment - 1) / 20 },
    w.policies.probation,
  ).dealsPerMonth;
}

/** Probation verdict at its end: passed, or failed and out. False when the person left. */
export function probationVerdict(w: World, wk: Week, p: Person): boolean {
  const { week } = wk;
  if (p.probationEndWeek !== week) return true;
  if (p.probationDeals >= Math.ceil(0.8 * p.probationDealsRequired) || p.level === 'sales_support') {
    p.probationEndWeek = null;
    w.emit({ kind: 'probationPassed', week, day: 4, personId: p.id });
    p.engagement += 0.2;
  } else {
    w.emit({
      kind: 'probationFailed',
      week,
      day: 4,
      personId: p.id,
      reason: `${p.probationDeals} deals closed, ${p.probationDealsRequired} required`,
    });
    leave(w, p, week, false, 'probation not passed');
    return false;
  }
  return true;
}
