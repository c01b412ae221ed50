import type { Week, World } from '../world.ts';

/**
 * Occasional transfers to another team of the same region (confirmed staff who neither lead a
 * team nor mentor anyone, with half a year in the company); the team left behind hires to
 * refill. Drawn from those active at the week's start.
 */
export function transfer(w: World, wk: Week) {
  const { week } = wk;
  if (w.teams.length <= 1) return;
  const moves = w.rng.poisson(wk.active.length * 0.004);
  for (let k = 0; k < moves; k++) {
    const p = w.rng.pick(wk.active);
    const targets = w.teams.filter((x) => x !== p.team && x.regionId === p.team.regionId);
    if (
      !p.active ||
      targets.length === 0 ||
      p.team.lead === p ||
      p.menteeCount > 0 ||
      p.probationEndWeek !== null ||
      week - p.hiredWeek < 26
    )
      continue;
    const from = p.team;
    const to = w.rng.pick(targets);
    from.members = from.members.filter((m) => m !== p);
    from.size--;
    to.members.push(p);
    to.size++;
    p.team = to;
    p.managerId = to.lead?.active ? to.lead.id : null;
    if (p.mentor) p.mentor.menteeCount--;
    p.mentor = null;
    w.emit({
      kind: 'transferred',
      week,
      day: 4,
      personId: p.id,
      toBranchId: to.branchId,
      toTeamId: to.id,
      managerId: p.managerId,
    });
  }
}
