import {
  compositeScoreValue,
  type EligibilityVerdict,
  eligibilityFor,
  type LevelId,
  nextLevels,
  type RequirementCheck,
  rawKpiValue,
  type TrackId,
} from '@trackrecord/domain';
import { SIMULATED_COMMITTEE_CHAIR } from '../policies.ts';
import {
  LEVEL_RANK,
  type Person,
  periodFacts,
  policyVersions,
  WEEKS_PER_MONTH,
  type World,
} from '../world.ts';

/** The committee approved: `p` rises to `to` on `track`, and is glad of it. */
const promote = (
  w: World,
  p: Person,
  to: LevelId,
  track: TrackId,
  week: number,
  reviewId: string,
  day: number,
) => {
  w.emit({ kind: 'promoted', week, day, personId: p.id, from: p.level, to, track, reviewId });
  p.level = to;
  p.track = track;
  p.eligibleSinceWeek = null;
  p.lastPromotedWeek = week;
  p.engagement += 0.6;
};

/** The next levels of a person's track with the eligibility verdict for each, at `week`. */
export const assess = (w: World, p: Person, week: number) => {
  const facts = periodFacts(w, p, week);
  p.lastScore = compositeScoreValue(facts, p.level, w.scoring);
  const kpis = {
    salesCompletionRate: rawKpiValue('salesCompletionRate', facts),
    collectionRate: rawKpiValue('collectionRate', facts),
    customerRetentionRate: rawKpiValue('customerRetentionRate', facts),
  };
  const teamNow = p.team.weeklySales.slice(Math.max(0, week - 12), week + 1).reduce((a, b) => a + b, 0);
  const teamBefore = p.team.weeklySales
    .slice(Math.max(0, week - 25), Math.max(0, week - 12))
    .reduce((a, b) => a + b, 0);
  const annual = p.monthlySales.reduce((a, b) => a + b, 0) * (12 / Math.max(1, p.monthlySales.length));
  const out: { track: TrackId; level: LevelId; unmet: number; summary: string }[] = [];
  for (const { track, level } of nextLevels(w.ladder, p.level)) {
    if (track !== p.track && !(p.track === 'key_account' && track === 'key_account')) continue;
    const verdict = eligibilityFor(
      {
        personId: p.id,
        currentLevel: p.level,
        score: p.lastScore,
        kpis,
        completedCourses: [...p.courses.entries()]
          .filter(([, c]) => c.state === 'completed')
          .map(([id]) => id),
        menteeClosedDeals: p.menteeClosedDeals,
        experienceMonths: (week - p.hiredWeek + p.priorExperienceWeeks) / WEEKS_PER_MONTH,
        annualSales: Math.round(annual),
        teamSalesGrowth: teamBefore > 0 ? teamNow / teamBefore - 1 : null,
      },
      w.ladder,
      track,
      level,
    );
    const unmet = verdict.checks.filter((c) => !c.met).length;
    out.push({
      track,
      level: level.id,
      unmet,
      summary:
        unmet === 0
          ? verdict.summary.en
          : `${verdict.checks.length - unmet} of ${verdict.checks.length} requirements met; missing: ${verdict.checks
              .filter((c) => !c.met)
              .map((c) => c.text.en)
              .join('; ')}`,
    });
  }
  return out;
};

/** The committee's day of decision in the week after the round. */
export const DECISION_DAY = 3;

/** Promotions are judged on the product's verdicts (`SimulationConfig.judgedByProduct`). */
const judgedByProduct = (w: World): boolean => w.product !== null && w.config.judgedByProduct === true;
/** Leads develop successors and put forward the one-short between rounds (`successionPlanning`). */
export const plansSuccession = (w: World): boolean =>
  judgedByProduct(w) && w.config.successionPlanning === true;

/**
 * The committees of the reviews nominated at the last quarter's end meet: up to three seniors
 * (from the candidate's region first, never their own manager) vote and the first of them
 * records the decision; an approval promotes the candidate.
 */
export function holdCommittees(w: World, week: number) {
  for (const r of w.reviewsDue) {
    const p = r.person;
    if (!p.active || p.level === r.to) continue;
    const rank = (x: Person) => LEVEL_RANK[x.level];
    const seniors = w.people
      .filter((x) => x.active && x !== p && rank(x) > LEVEL_RANK[p.level])
      .sort(
        (a, b) =>
          (a.team.regionId === p.team.regionId ? 0 : 1) - (b.team.regionId === p.team.regionId ? 0 : 1) ||
          rank(b) - rank(a) ||
          a.n - b.n,
      );
    // Never the candidate's own manager (the domain refuses them): seniors from elsewhere.
    const committee: string[] = [];
    for (const x of seniors) {
      if (x === p.team.lead) continue;
      if (committee.length >= 3) break;
      if (!committee.includes(x.id)) committee.push(x.id);
    }
    if (committee.length === 0) continue;
    const majority = Math.floor(committee.length / 2) + 1;
    w.emit({
      kind: 'reviewOpened',
      week,
      day: 0,
      personId: p.id,
      reviewId: r.reviewId,
      committee,
      quorum: majority,
    });
    if (judgedByProduct(w)) decideOnProductVerdict(w, r, week);
    const outcomeVote = r.approve ? 'approve' : 'reject';
    committee.forEach((memberId, i) => {
      const vote =
        i < majority || w.rng.chance(0.7)
          ? outcomeVote
          : w.rng.chance(0.5)
            ? 'abstain'
            : r.approve
              ? 'reject'
              : 'approve';
      w.emit({
        kind: 'voteCast',
        week,
        day: 1 + (i % 2),
        personId: p.id,
        reviewId: r.reviewId,
        memberId,
        vote,
        comment:
          vote === 'approve'
            ? 'evidence supports the promotion'
            : vote === 'reject'
              ? 'not yet: see the missing requirements'
              : 'no strong view',
      });
    });
    p.lastDecidedWeek = week;
    w.emit({
      kind: 'promotionDecided',
      week,
      day: DECISION_DAY,
      personId: p.id,
      reviewId: r.reviewId,
      outcome: r.approve ? 'approved' : 'rejected',
      rationale: r.approve
        ? `approved by the committee (${r.summary.startsWith('eligible') ? 'all requirements met' : 'requirements waived'}): ${r.summary}`
        : `rejected for now: ${r.summary}`,
      policyVersions: r.scoredWith
        ? { ...policyVersions(w), [r.scoredWith.id]: r.scoredWith.version }
        : policyVersions(w),
      evidence: r.evidence,
      // Against the verdict (the committee waived a requirement or held back someone eligible):
      // the reason the committee gives for it.
      override:
        r.evidence.eligible !== null && r.evidence.eligible !== r.approve
          ? r.approve
            ? { code: 'exceptional_contribution', text: `requirements waived: ${r.summary}` }
            : { code: 'evidence_outdated', text: `eligible, but not yet: ${r.summary}` }
          : null,
      // The committee's first member chairs it and records the decision.
      decidedBy: committee[0] ?? SIMULATED_COMMITTEE_CHAIR,
    });
    if (r.approve) promote(w, p, r.to, r.track, week, r.reviewId, DECISION_DAY);
  }
  w.reviewsDue = [];
}

/** One next level of a person's track as judged on a day: requirements short, and the evidence. */
export type NextLevelJudged = {
  readonly track: TrackId;
  readonly level: LevelId;
  readonly unmet: number;
  /** The verdict in words (English). */
  readonly summary: string;
  /** The composite score the verdict rests on (unrounded). */
  readonly score: number;
  readonly evidence: { score: number; scoreMonth: string | null; eligible: boolean };
};

/** A next level as the product judges it: with its verdict and the requirements short of it. */
type ProductJudged = NextLevelJudged & {
  readonly verdict: EligibilityVerdict;
  readonly short: readonly RequirementCheck[];
};

/** What the product finds of a person for each next level of their track, on `day` of `week`. */
const productVerdicts = (w: World, p: Person, week: number, day: number): ProductJudged[] => {
  const result = w.product?.eligibilityAt(p.id, week, day);
  if (!result) return [];
  const score = result.candidate.score;
  return result.verdicts
    .filter((verdict) => verdict.track === p.track)
    .map((verdict) => {
      const short = verdict.checks.filter((c) => !c.met);
      return {
        track: verdict.track,
        level: verdict.toLevel,
        unmet: short.length,
        summary: verdict.summary.en,
        score,
        evidence: {
          score: Math.round(score * 100) / 100,
          scoreMonth: result.month,
          eligible: verdict.eligible,
        },
        verdict,
        short,
      };
    });
};

/**
 * A person's next levels as judged on `day` of `week`: by the product's verdicts when the
 * simulation is judged by the product, else by the simulator's own figures (`assess`, which
 * sets `p.lastScore`).
 */
export function judgeNextLevels(w: World, p: Person, week: number, day: number): NextLevelJudged[] {
  if (judgedByProduct(w)) return productVerdicts(w, p, week, day);
  return assess(w, p, week).map((a) => ({
    track: a.track,
    level: a.level,
    unmet: a.unmet,
    summary: a.summary,
    score: p.lastScore,
    evidence: { score: Math.round(p.lastScore * 100) / 100, scoreMonth: null, eligible: a.unmet === 0 },
  }));
}

/**
 * Judged by the product: the committee decides on the verdict as the product gives it on the
 * day of the decision. It promotes the eligible often, waives one requirement sometimes and
 * two rarely, but never the score: a near-miss short of the score alone is turned down.
 */
function decideOnProductVerdict(w: World, r: World['reviewsDue'][number], week: number) {
  const judged = productVerdicts(w, r.person, week, DECISION_DAY).find((j) => j.level === r.to);
  if (!judged) return;
  const { unmet, short } = judged;
  const scoreOnly = unmet === 1 && short[0]?.requirement.kind === 'score';
  r.evidence = judged.evidence;
  r.summary = judged.summary;
  // The scoring version the month is scored with, as the review page gives it (with succession
  // planning: demos seeded before it record the latest published, and keep their history).
  const month = judged.evidence.scoreMonth;
  const stamp =
    month === null || !plansSuccession(w)
      ? null
      : (w.product?.scoringPolicyOfMonth(r.person.id, month) ?? null);
  if (stamp) r.scoredWith = stamp;
  r.approve = !scoreOnly && w.rng.chance(unmet === 0 ? 0.7 : unmet === 1 ? 0.35 : unmet === 2 ? 0.08 : 0.03);
}

const levelName = (w: World, level: LevelId) =>
  w.ladder.tracks.flatMap((t) => t.levels).find((l) => l.id === level)?.name ?? level;

/**
 * Judged by the product, at a round: HR assigns the course a near-miss (three requirements
 * short at most) or the team's successor (however many short) still lacks for the next level,
 * as the verdict's growth task says.
 */
function assignGrowthCourses(
  w: World,
  p: Person,
  week: number,
  judged: readonly ProductJudged[],
  successor: boolean,
) {
  for (const { level, unmet, short } of judged) {
    if (unmet > 3 && !successor) continue;
    for (const c of short) {
      if (c.requirement.kind !== 'course') continue;
      const courseId = c.requirement.courseId;
      const held = p.courses.get(courseId);
      if (held && held.state !== 'stalled') continue;
      p.courses.set(courseId, { state: 'assigned', week, doneWeek: -1 });
      w.emit({
        kind: 'courseAssigned',
        week,
        day: 4,
        personId: p.id,
        courseId,
        reason: `growth task towards ${levelName(w, level)}: ${c.task?.en ?? c.text.en}`,
      });
    }
  }
}

/**
 * Succession planning, at each round: a team's lead develops the member the product finds
 * strongest for the next level (the highest score among those with the experience it asks),
 * who is given the level's course (`assignGrowthCourses`) and the team's new mentees
 * (`assignMentor`). Nobody with the experience: the team has no successor.
 */
function chooseSuccessors(w: World, verdicts: ReadonlyMap<Person, readonly ProductJudged[] | null>) {
  for (const team of w.teams) {
    let best: { p: Person; score: number } | null = null;
    for (const p of team.members) {
      if (p === team.lead) continue;
      const next = verdicts.get(p)?.[0];
      if (!next || next.short.some((c) => c.requirement.kind === 'experience')) continue;
      if (!best || next.score > best.score) best = { p, score: next.score };
    }
    team.successor = best?.p ?? null;
  }
}

/**
 * Quarterly promotion round: the eligibility check nominates who meets every requirement
 * ("threshold reached", as the product's eligibility says); a team lead puts forward some
 * near-misses (one to three short) as a manager's nomination. The committee meets the week after.
 * Judged by the product, the verdicts are the product's on the round's day, HR first assigns the
 * courses its near-misses lack, and the committee decides on the verdict of its own day
 * (`decideOnProductVerdict`); else the simulator's own figures, the committee's mind made up now.
 */
export function nominate(w: World, week: number) {
  nominateWith(w, week, false);
}

/**
 * Judged by the product, between rounds: at a month's first week a team lead puts forward a
 * member the product finds short of a single requirement (the committee meets the week after).
 */
export function nominateNearMisses(w: World, week: number) {
  if (plansSuccession(w)) nominateWith(w, week, true);
}

function nominateWith(w: World, week: number, oneShortOnly: boolean) {
  const byProduct = judgedByProduct(w);
  const day = 4;
  const considered = w.people.filter(
    (p) => p.active && p.probationEndWeek === null && p.level !== 'sales_support',
  );
  // The product's verdicts once: the successors first (from everyone's), then for each person
  // HR's growth courses and the nominations.
  const verdicts = new Map(considered.map((p) => [p, byProduct ? productVerdicts(w, p, week, day) : null]));
  if (!oneShortOnly && plansSuccession(w)) chooseSuccessors(w, verdicts);
  for (const p of considered) {
    const judged = verdicts.get(p);
    if (judged && !oneShortOnly) assignGrowthCourses(w, p, week, judged, p.team.successor === p);
    for (const a of judged ?? judgeNextLevels(w, p, week, day)) {
      const lead = p.team.lead?.active && p.team.lead !== p ? p.team.lead : null;
      // Between rounds: one short only, and not someone a committee decided on this quarter.
      if (oneShortOnly && (a.unmet !== 1 || (p.lastDecidedWeek !== null && week - p.lastDecidedWeek < 13)))
        continue;
      const byManager =
        a.unmet > 0 && a.unmet <= 3 && lead !== null && w.rng.chance(a.unmet <= 2 ? 0.8 : 0.2);
      if (a.unmet > 0 && !byManager) continue;
      if (a.unmet === 0 && p.eligibleSinceWeek === null) p.eligibleSinceWeek = week;
      const reviewId = `review-${p.id}-w${week}`;
      w.emit({
        kind: 'nominated',
        week,
        day,
        personId: p.id,
        reviewId,
        fromLevel: p.level,
        toLevel: a.level,
        track: a.track,
        score: byProduct ? a.evidence.score : a.score,
        nominatedBy: byManager && lead ? lead.id : null,
      });
      w.reviewsDue.push({
        person: p,
        reviewId,
        to: a.level,
        track: a.track,
        // The committee promotes the fully eligible often, one-short near-misses sometimes and
        // two-short ones rarely (waiving a requirement, as committees do).
        approve:
          !byProduct &&
          w.rng.chance(a.unmet === 0 ? 0.7 : a.unmet === 1 ? 0.35 : a.unmet === 2 ? 0.08 : 0.03),
        evidence: a.evidence,
        summary: a.summary,
      });
      break;
    }
  }
}
