import { targetBaseline } from '@trackrecord/domain';
import type { SimFact } from '../facts.ts';
import { LEVEL_RANK, monthOf, type Person, policyVersions, type World } from '../world.ts';
import { judgeNextLevels } from './reviews.ts';

/**
 * Who the demo's personas are on the last simulated day: employees of the company, so that
 * what is addressed to them (alerts, committee seats, mentees) is theirs when they sign in.
 */
export type DemoCast = {
  /** A senior who sits on every committee of the present's open reviews. */
  readonly committeeMemberId: string | null;
  /** Each team's manager (its lead), each branch's manager (the lead of its first team). */
  readonly teamManagers: Readonly<Record<string, string>>;
  readonly branchManagers: Readonly<Record<string, string>>;
  /** A confirmed employee mentoring someone on probation. */
  readonly mentorId: string | null;
};

export type PresentOptions = {
  /** Distinguishes this present's review ids from an earlier one's (e.g. the date, 20260610). */
  readonly tag: string;
  readonly cast?: (cast: DemoCast) => void;
  /**
   * The demo's today (ISO date). When a month began after the last week's Monday (today is
   * 2026-12-03, the week began 2026-11-30), the month's targets are set today, as at the
   * start of every simulated month, so the present month is never without targets.
   */
  readonly today?: string;
};

/**
 * The demo's present, after the last week: read-only over the company's state (no random
 * draw, nothing changed), so a longer run of the same company is the same history.
 */
export function* presentFacts(
  w: World,
  week: number,
  present: PresentOptions,
): Generator<SimFact, void, undefined> {
  const active = w.people.filter((p) => p.active && p.hiredWeek < week);
  const managing = new Set(active.map((p) => p.managerId).filter((id) => id !== null));
  const leads = new Set(w.teams.map((t) => t.lead?.id).filter((id) => id !== undefined));
  const confirmed = active.filter((p) => p.probationEndWeek === null && p.level !== 'sales_support');
  const byRank = (a: Person, b: Person) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level] || a.n - b.n;
  // The committee persona manages nobody, so no nomination is ever their own team's.
  const committee = [...confirmed].filter((p) => !managing.has(p.id) && !leads.has(p.id)).sort(byRank)[0];
  const dueIds = new Set(w.reviewsDue.map((r) => r.person.id));
  const candidates = confirmed
    .filter(
      (p) =>
        p !== committee &&
        !leads.has(p.id) &&
        !dueIds.has(p.id) &&
        p.lastPromotedWeek !== week &&
        p.managerId !== committee?.id,
    )
    .map((p) => {
      const saved = p.lastScore;
      // As of the last day taken (the product's clock; the present's own facts come after it).
      const best = [...judgeNextLevels(w, p, week, 0)].sort((a, b) => a.unmet - b.unmet)[0];
      p.lastScore = saved;
      return best ? { p, best, score: best.score } : null;
    })
    .filter((c) => c !== null)
    .sort((a, b) => a.best.unmet - b.best.unmet || b.score - a.score || a.p.n - b.p.n);
  const at = { week, day: 6, present: true as const };
  if (present.today) yield* presentMonthTargets(w, week, present.today, active);
  const chosen = committee ? candidates.slice(0, 6) : [];
  for (const [k, c] of chosen.entries()) {
    const p = c.p;
    const reviewId = `review-${p.id}-${present.tag}`;
    const eligible = c.best.unmet === 0;
    const nominatedBy = eligible ? null : (p.managerId ?? null);
    if (!eligible && nominatedBy === null) continue;
    yield {
      ...at,
      kind: 'nominated',
      personId: p.id,
      reviewId,
      fromLevel: p.level,
      toLevel: c.best.level,
      track: c.best.track,
      score: c.best.evidence.score,
      nominatedBy,
    };
    // Two stay nominated (HR has not opened them yet); three are open with the persona on
    // them; one was decided this week against the committee's majority (an override).
    if ((k >= 3 && k < 5) || !committee) continue;
    const others = confirmed
      .filter((x) => x !== committee && x !== p && x.id !== p.managerId && !chosen.some((o) => o.p === x))
      .sort(byRank)
      .slice(0, 2);
    const members = [committee, ...others];
    if (members.length < 2) continue;
    yield {
      ...at,
      kind: 'reviewOpened',
      personId: p.id,
      reviewId,
      committee: members.map((m) => m.id),
      quorum: 2,
    };
    // The first awaits every vote, the second has one, the third is at quorum without the persona's.
    for (const member of others.slice(0, k === 5 ? 2 : k)) {
      yield {
        ...at,
        kind: 'voteCast',
        personId: p.id,
        reviewId,
        memberId: member.id,
        vote: 'approve',
        comment: eligible ? 'evidence supports the promotion' : 'close: worth the committee’s look',
      };
    }
    if (k === 5) {
      yield {
        ...at,
        kind: 'voteCast',
        personId: p.id,
        reviewId,
        memberId: committee.id,
        vote: 'reject',
        comment: 'a customer complaint is still being looked into',
      };
      yield {
        ...at,
        kind: 'promotionDecided',
        personId: p.id,
        reviewId,
        outcome: 'rejected',
        rationale: 'held back until the complaint is cleared, against the majority of the votes',
        policyVersions: policyVersions(w),
        evidence: c.best.evidence,
        override: {
          code: 'conduct_or_compliance',
          text: 'a customer complaint about this candidate is still open; the committee decides again once it is cleared',
        },
        decidedBy: committee.id,
      };
    }
  }
  const teamManagers: Record<string, string> = {};
  for (const team of w.teams) {
    // The manager the team's w.people report to in the store (alerts go to them), else the lead.
    const counts = new Map<string, number>();
    for (const m of team.members)
      if (m.active && m.managerId) counts.set(m.managerId, (counts.get(m.managerId) ?? 0) + 1);
    const reported = [...counts]
      .filter(([id]) => active.some((x) => x.id === id))
      .sort((a, b) => b[1] - a[1])[0];
    const id = reported?.[0] ?? (team.lead?.active ? team.lead.id : undefined);
    if (id) teamManagers[team.id] = id;
  }
  const branchManagers: Record<string, string> = {};
  for (const team of w.teams) {
    if (branchManagers[team.branchId]) continue;
    const id = teamManagers[team.id];
    if (id) branchManagers[team.branchId] = id;
  }
  const mentor = active
    .filter((p) => p.menteeCount > 0 && p !== committee)
    .sort((a, b) => b.menteeCount - a.menteeCount || a.n - b.n)[0];
  present.cast?.({
    committeeMemberId: committee?.id ?? null,
    teamManagers,
    branchManagers,
    mentorId: mentor?.id ?? null,
  });
}

/**
 * The targets of the month that began after the last week's Monday, set today the way a new
 * month's are (the baseline of each person's recent months, the team's as the sum of its
 * members'); read-only over the world, like the rest of the present.
 */
function* presentMonthTargets(
  w: World,
  week: number,
  today: string,
  active: readonly Person[],
): Generator<SimFact, void, undefined> {
  const period = today.slice(0, 7);
  if (period <= monthOf(w, week)) return;
  const weeks = mondaysOfMonth(period);
  const at = { week, day: 6, present: true as const };
  const byTeam = new Map<string, { amount: number; members: number }>();
  for (const p of active) {
    if (p.level === 'sales_support') continue;
    const baseline = targetBaseline({
      monthlySales: [...p.monthlySales, p.monthSales].slice(-6),
      rank: p.level,
      coefficients: {
        region: p.team.regionCoefficient,
        productDifficulty: 1,
        market: p.team.marketCoefficient,
      },
      policy: w.policies.targets,
    });
    yield {
      ...at,
      kind: 'targetSet',
      personId: p.id,
      period,
      amount: baseline.target,
      weeks,
      basis: baseline.basis,
    };
    const team = byTeam.get(p.team.id) ?? { amount: 0, members: 0 };
    team.amount += baseline.target;
    team.members += 1;
    byTeam.set(p.team.id, team);
  }
  for (const [teamId, { amount, members }] of byTeam) {
    if (amount <= 0) continue;
    yield {
      ...at,
      kind: 'targetSet',
      team: true,
      personId: teamId,
      period,
      amount,
      weeks,
      basis: `sum of ${members} members' targets`,
    };
  }
}

/** Mondays in a `YYYY-MM` month (UTC). */
function mondaysOfMonth(period: string): number {
  const [y, m] = period.split('-').map(Number) as [number, number];
  let count = 0;
  for (let day = 1; day <= 31; day++) {
    const date = new Date(Date.UTC(y, m - 1, day));
    if (date.getUTCMonth() !== m - 1) break;
    if (date.getUTCDay() === 1) count++;
  }
  return count;
}
