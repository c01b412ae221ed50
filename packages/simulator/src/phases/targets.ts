import { targetBaseline } from '@trackrecord/domain';
import { SIMULATED_HR } from '../policies.ts';
import { add, F, monthOf, type Person, type PersonWeek, type Week, type World, YUAN } from '../world.ts';
import { requireProbationDeals } from './probation.ts';

/**
 * The person's targets this week: a new month's target from their recent sales (and, on
 * probation, the deals it requires), a mid-month adjustment the manager approves or not, and the
 * week's share in their window.
 */
export function planTargets(w: World, wk: Week, p: Person, pw: PersonWeek, weeklySkillGrowth: number) {
  if (wk.newMonth && p.level !== 'sales_support') setMonthTarget(w, wk, p, pw, weeklySkillGrowth);
  if (wk.secondWeekOfMonth && p.targetPeriod === monthOf(w, wk.week)) requestAdjustment(w, wk, p);
  add(p, wk.week, F.target, p.weeklyTarget);
}

/** A new month's target from the person's recent sales, their region's and market's coefficients. */
function setMonthTarget(w: World, wk: Week, p: Person, pw: PersonWeek, weeklySkillGrowth: number) {
  const { week } = wk;
  if (week > 0) {
    p.monthlySales.push(p.monthSales);
    if (p.monthlySales.length > 6) p.monthlySales.shift();
  }
  p.monthSales = 0;
  const baseline = targetBaseline({
    monthlySales: p.monthlySales,
    rank: p.level,
    coefficients: {
      region: p.team.regionCoefficient,
      productDifficulty: 1,
      market: p.team.marketCoefficient,
    },
    policy: w.policies.targets,
  });
  p.weeklyTarget = baseline.target / wk.mondaysInMonth;
  p.monthTarget = baseline.target;
  p.targetPeriod = monthOf(w, week);
  w.emit({
    kind: 'targetSet',
    week,
    day: 0,
    personId: p.id,
    period: monthOf(w, week),
    amount: baseline.target,
    weeks: wk.mondaysInMonth,
    basis: baseline.basis,
  });
  if (pw.onProbation) requireProbationDeals(w, p, weeklySkillGrowth);
}

/**
 * Mid-month adjustment requests: the manager approves a lower target for people hit by a
 * setback or far behind, a higher one for people far ahead, or keeps it.
 */
function requestAdjustment(w: World, wk: Week, p: Person) {
  const { week } = wk;
  const odds = p.shock < -0.3 || p.recentAttainment < 0.6 ? 0.25 : p.recentAttainment > 1.4 ? 0.15 : 0.02;
  if (!w.rng.chance(odds)) return;
  const down = p.recentAttainment <= 1.4 || p.shock < -0.3;
  const requestedAmount = Math.max(
    100 * YUAN,
    Math.round((p.monthTarget * (down ? 0.8 : 1.15)) / (100 * YUAN)) * 100 * YUAN,
  );
  if (requestedAmount !== p.monthTarget) {
    const requestId = `adj-${++w.counters.request}`;
    w.emit({
      kind: 'targetAdjustmentRequested',
      week,
      day: 1,
      personId: p.id,
      period: p.targetPeriod,
      requestId,
      requestedAmount,
      reason: down
        ? p.shock < -0.3
          ? 'key customer postponed its orders'
          : 'market in the region is slower than planned'
        : 'pipeline well ahead of plan',
    });
    const approvedAmount = Math.round((p.monthTarget + requestedAmount) / 2 / YUAN) * YUAN;
    const approved = w.rng.chance(0.65) && approvedAmount !== p.monthTarget;
    const lead = p.team.lead && p.team.lead !== p && p.team.lead.active ? p.team.lead.id : SIMULATED_HR;
    w.emit({
      kind: 'targetAdjustmentDecided',
      week,
      day: 3,
      personId: p.id,
      period: p.targetPeriod,
      requestId,
      approvedAmount: approved ? approvedAmount : null,
      reason: approved ? 'approved halfway between the target and the request' : 'the baseline stands',
      decidedBy: lead,
    });
    if (approved) {
      p.weeklyTarget *= approvedAmount / p.monthTarget;
      p.monthTarget = approvedAmount;
    }
  }
}

/** Attainment of the month just ended drives morale. */
export function recordAttainment(p: Person) {
  const prevTarget = p.weeklyTarget * 4;
  p.recentAttainment = prevTarget > 0 ? (p.monthlySales[p.monthlySales.length - 1] ?? 0) / prevTarget : 1;
}

/** Team targets, when a month starts: each team's month target is the sum of its members' (set the same day). */
export function setTeamTargets(w: World, wk: Week) {
  const { week } = wk;
  for (const team of w.teams) {
    const members = team.members.filter((m) => m.active && m.level !== 'sales_support');
    const amount = members.reduce((sum, m) => sum + m.monthTarget, 0);
    if (members.length === 0 || amount <= 0) continue;
    w.emit({
      kind: 'targetSet',
      team: true,
      week,
      day: 0,
      personId: team.id,
      period: monthOf(w, week),
      amount,
      weeks: wk.mondaysInMonth,
      basis: `sum of ${members.length} members' targets`,
    });
  }
}
