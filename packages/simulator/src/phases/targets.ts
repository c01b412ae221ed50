import { monthOf, type Week, type World } from '../world.ts';

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
