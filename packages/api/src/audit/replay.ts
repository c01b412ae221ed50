import {
  branchOn,
  candidateRecord,
  compositeScore,
  compositeScoreValue,
  type EligibilityVerdict,
  eligibility,
  eligibilityBranchOf,
  emptyFacts,
  evaluatedMonth,
  type FactsState,
  type Ladder,
  ladderInForce,
  monthEnd,
  monthStart,
  parseEvent,
  type RequirementCheck,
  rankOfMonth,
  reviewStream,
  type ScoreBreakdown,
  type ScorePart,
  type ScoringPolicy,
  scoringInForce as scoringInForceFor,
} from '@trackrecord/domain';
import type { EventStore } from '@trackrecord/eventstore';
import { foldCacheFor } from './history.ts';
import {
  DEFAULT_POLICIES,
  type PublishedPolicy,
  publishedPolicies,
  recordedDocuments,
  versionAt,
} from './policies.ts';
import type { FoldSnapshots } from './snapshots.ts';

/**
 * Replay of a promotion decision: the review stream says what the committee decided, on which
 * evidence (`evidencePosition`) and under which policy versions; the replay folds `$all` up to
 * that position with the domain's own calculations (`factsFromEvents`), scores the candidate's
 * evaluated month and judges the step under the recorded policy versions, and lists every
 * recorded claim the store does not bear out.
 *
 * What is compared (the decision records no score or verdict of its own, so these are its
 * checkable claims):
 * - `evidencePosition` lies before the decision itself (evidence cannot postdate it);
 * - `policyVersions`: the scoring policy and ladder in force at the evidence position are
 *   recorded with their version, and every other recorded id names the version in force then;
 * - `fromLevel`: the candidate held the review's level at the evidence position;
 * - `toLevel`: the recorded ladder has that step for the candidate.
 */

export interface ReplayVerdict {
  readonly eligible: boolean | null;
  readonly score: number | null;
  readonly scoreMonth: string | null;
  readonly checklist: readonly RequirementCheck[] | null;
  readonly outcome: string | null;
}
/**
 * Why a recorded claim and the replay differ:
 * - `override`: the decision went against the eligibility verdict or the majority, with a reason;
 * - `correction`: a sale the evidence counted was corrected or reversed;
 * - `policy_version`: the decision records a policy version that was not in force (for the
 *   scoring policy: the version its evaluated month is scored with, the one in force at the
 *   last event that changed the month, as the read models and the review page score it);
 * - `evaluated_month`: the decision's score is of another month (or of the nomination) than
 *   the month the replay evaluates;
 * - `evidence_position`: the evidence position is not before the decision;
 * - `history`: the review's candidate or step does not match the history;
 * - `unexplained`: nothing recorded explains it.
 */
export const DIFFERENCE_CAUSES = [
  'override',
  'correction',
  'policy_version',
  'evaluated_month',
  'evidence_position',
  'history',
  'unexplained',
] as const;
export type DifferenceCause = (typeof DIFFERENCE_CAUSES)[number];

/** A claim's value: an id, level, outcome or position; a version or score; a verdict; levels. */
export type ReplayValue = string | number | boolean | readonly string[] | null;

export interface ReplayDifference {
  readonly field: string;
  readonly original: ReplayValue;
  readonly recomputed: ReplayValue;
  readonly note: string;
  readonly cause: DifferenceCause;
}

/** The override a decision recorded: the reason code, its text and what it went against. */
export interface ReplayOverride {
  readonly code: string;
  readonly text: string;
  readonly against: readonly string[];
}
export interface DecisionReplay {
  readonly decisionId: string;
  readonly reviewId: string;
  readonly employeeId: string;
  readonly fromLevel: string;
  readonly toLevel: string;
  readonly track: string;
  readonly decidedAt: string;
  readonly decisionPosition: bigint;
  readonly evidencePosition: bigint;
  /** The position the replay folded to (the evidence position, or just before the decision). */
  readonly replayedTo: bigint;
  readonly policyVersions: Record<string, number>;
  readonly policiesInForce: Record<string, number>;
  readonly nominationScore: number | null;
  readonly original: ReplayVerdict;
  readonly recomputed: ReplayVerdict & { readonly parts: readonly ScorePart[] | null };
  readonly override: ReplayOverride | null;
  readonly differences: readonly ReplayDifference[];
  readonly eventsReplayed: number;
  readonly tookMs: number;
  /** The documents the step was judged under (the recorded versions, where they exist). */
  readonly rules: { readonly scoring: ScoringPolicy; readonly ladder: Ladder };
  /**
   * The branch whose variant of the scoring policy and of the ladder was in force for the
   * candidate at the evidence position; null for the headquarters default.
   */
  readonly variants: { readonly scoring: string | null; readonly ladder: string | null };
}

interface Review {
  readonly employeeId: string;
  readonly fromLevel: string;
  readonly toLevel: string;
  readonly track: string;
  readonly nominationScore: number | null;
  /** Approvals and rejections cast before the decision. */
  readonly votes: { approvals: number; rejections: number };
  readonly decided: {
    readonly outcome: string;
    readonly evidencePosition: string;
    readonly policyVersions: Record<string, number>;
    readonly at: string;
    readonly position: bigint;
    readonly evidence: { score: number | null; scoreMonth: string | null; eligible: boolean | null };
    readonly override: ReplayOverride | null;
  } | null;
}

async function readReview(store: EventStore, reviewId: string): Promise<Review | null> {
  const events = await store.readStream(reviewStream(reviewId));
  if (events.length === 0) return null;
  let review: Omit<Review, 'decided' | 'votes'> | null = null;
  let decided: Review['decided'] = null;
  const votes = { approvals: 0, rejections: 0 };
  for (const r of events) {
    const e = parseEvent(r.type, r.schemaVersion, r.data);
    if (e.type === 'PromotionNominated') {
      review = {
        employeeId: e.data.employeeId,
        fromLevel: e.data.fromLevel,
        toLevel: e.data.toLevel,
        track: e.data.track,
        nominationScore: e.data.score,
      };
    } else if (e.type === 'VoteCast' && decided === null) {
      if (e.data.vote === 'approve') votes.approvals++;
      if (e.data.vote === 'reject') votes.rejections++;
    } else if (e.type === 'PromotionDecided') {
      decided = {
        outcome: e.data.outcome,
        evidencePosition: e.data.evidencePosition,
        policyVersions: e.data.policyVersions,
        at: e.data.at,
        position: r.position,
        evidence: e.data.evidence,
        override: e.data.override,
      };
    }
  }
  if (!review) return null;
  return { ...review, votes, decided };
}

/** The candidate's score of the evaluated month and the verdicts, under the given documents. */
export function judge(
  state: FactsState,
  employeeId: string,
  scoring: ScoringPolicy,
  ladder: Ladder,
): { month: string; breakdown: ScoreBreakdown | null; score: number; verdicts: EligibilityVerdict[] } | null {
  const c = candidateRecord(state, employeeId);
  const p = state.people[employeeId];
  if (!c || !p) return null;
  const rank = rankOfMonth(p, c.month) ?? c.record.currentLevel;
  const facts =
    p.months[c.month]?.facts ??
    emptyFacts(employeeId, monthStart(c.month), monthEnd(c.month), Number(monthEnd(c.month).slice(8)) / 7);
  const weighted = Boolean(scoring.weightsByRank[rank]);
  const breakdown = weighted ? compositeScore(facts, rank, scoring) : null;
  // The verdict on the unrounded value, as `candidateRecord` computes it; shown rounded.
  const value = weighted ? compositeScoreValue(facts, rank, scoring) : 0;
  return {
    month: c.month,
    breakdown,
    score: breakdown?.score ?? 0,
    verdicts: eligibility({ ...c.record, score: value }, ladder),
  };
}

/**
 * Replays by decision, least recently used dropped first (a `Map` keeps insertion order; a
 * hit is moved to the end). A plain Map rather than a dependency: ten lines, no lockfile churn.
 */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly max: number) {}
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }
  clear(): void {
    this.map.clear();
  }
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
  }
}
const results = new Lru<string, DecisionReplay>(500);
/** Forgets every cached replay (benchmarks measure cold replays). */
export const forgetReplays = (): void => results.clear();

/** Replays decision `decisionId` (the review id); null when there is no such review. */
export async function replayDecision(
  store: EventStore,
  decisionId: string,
  options: { snapshots?: FoldSnapshots | null } = {},
): Promise<DecisionReplay | null> {
  const review = await readReview(store, decisionId);
  if (!review) return null;
  const decided = review.decided;
  if (!decided)
    throw new ReplayError(`review ${decisionId} has no decision yet: nothing to replay`, {
      zh: `评审 ${decisionId} 尚无决定：没有可重放的内容`,
    });
  // A fixed position's history never changes: the replay of a decision is cached for good.
  const key = `${decisionId}@${decided.position}`;
  const cached = results.get(key);
  if (cached) return cached;

  const started = performance.now();
  const differences: ReplayDifference[] = [];
  const evidence = BigInt(decided.evidencePosition);
  let replayedTo = evidence;
  if (evidence >= decided.position) {
    replayedTo = decided.position - 1n;
    differences.push({
      field: 'evidencePosition',
      original: decided.evidencePosition,
      recomputed: replayedTo.toString(),
      cause: 'evidence_position',
      note: `the evidence position ${evidence} is not before the decision itself (position ${decided.position}); replayed to ${replayedTo}`,
    });
  }
  const fold = await foldCacheFor(store).at(replayedTo, options.snapshots ?? null);
  const state = fold.state;

  // Policies in force for the candidate at the evidence position (their branch's variants, else
  // the headquarters defaults), against those recorded.
  const person = state.people[review.employeeId];
  const clock = state.global.clock;
  const monthThen = clock === null ? null : evaluatedMonth(clock);
  const scoringBranch = person && monthThen !== null ? branchOn(person, monthStart(monthThen)) : null;
  const scoringThen = scoringInForceFor(state.global, scoringBranch);
  // The evaluated month is scored with the version stamped on it by the last event that changed
  // it (a revision published since scores it only when its facts change again): that version
  // is the one in force for the evidence, whatever was published after.
  const stamp = person && monthThen !== null ? person.months[monthThen]?.policy : undefined;
  const scoringInForce =
    (stamp && state.global.scoringVersions[`${stamp.id}@${stamp.version}`]) || scoringThen.policy;
  const ladderThen = ladderInForce(state, eligibilityBranchOf(state, review.employeeId));
  const ladderInForceDoc = ladderThen.ladder;
  const inForce: Record<string, number> = {
    [scoringInForce.id]: scoringInForce.version,
    [ladderInForceDoc.id]: ladderInForceDoc.version,
  };
  const recorded = decided.policyVersions;
  const published = await publishedPolicies(store, Object.keys(recorded));
  for (const doc of [scoringInForce, ladderInForceDoc]) {
    const version = recorded[doc.id];
    if (version !== doc.version) {
      differences.push({
        field: `policyVersions.${doc.id}`,
        original: version ?? null,
        recomputed: doc.version,
        cause: 'policy_version',
        note:
          version === undefined
            ? `${doc.id} v${doc.version} was in force at the evidence position but the decision does not record it`
            : `the decision records ${doc.id} v${version}; v${doc.version} was in force at the evidence position`,
      });
    }
  }
  // Judge under the documents recorded, when they exist at all.
  const { scoring, ladder } = recordedDocuments(recorded, published, {
    scoring: scoringInForce,
    ladder: ladderInForceDoc,
  });
  for (const [id, version] of Object.entries(recorded)) {
    const versions = published.get(id) ?? [];
    const exact: PublishedPolicy | undefined = versions.find((v) => v.version === version);
    const kind = exact?.kind ?? versions[0]?.kind ?? DEFAULT_POLICIES[id]?.kind;
    if (id in inForce) continue; // compared above
    if (kind === undefined) {
      differences.push({
        field: `policyVersions.${id}`,
        original: version,
        recomputed: null,
        cause: 'policy_version',
        note: `no policy ${id} was ever published`,
      });
      continue;
    }
    if (kind === 'scoring' || kind === 'ladder') {
      differences.push({
        field: `policyVersions.${id}`,
        original: version,
        recomputed: null,
        cause: 'policy_version',
        note: `${id} was not the ${kind === 'scoring' ? 'scoring policy' : 'ladder'} in force at the evidence position (${kind === 'scoring' ? scoringInForce.id : ladderInForceDoc.id} was)`,
      });
      continue;
    }
    const then = versionAt(versions, replayedTo);
    if (then) inForce[id] = then.version;
    if (then?.version !== version) {
      differences.push({
        field: `policyVersions.${id}`,
        original: version,
        recomputed: then?.version ?? null,
        cause: 'policy_version',
        note: then
          ? `the decision records ${id} v${version}; v${then.version} was in force at the evidence position`
          : `${id} was not yet published at the evidence position`,
      });
    }
  }

  const judged = judge(state, review.employeeId, scoring, ladder);
  let verdict: EligibilityVerdict | undefined;
  if (!judged) {
    differences.push({
      field: 'candidate',
      original: review.employeeId,
      recomputed: null,
      cause: 'history',
      note: `${review.employeeId} was not an active employee with a scored history at the evidence position`,
    });
  } else {
    const level =
      judged.verdicts[0]?.fromLevel ?? candidateRecord(state, review.employeeId)?.record.currentLevel;
    if (level !== review.fromLevel) {
      differences.push({
        field: 'fromLevel',
        original: review.fromLevel,
        recomputed: level ?? null,
        cause: 'history',
        note: `the review is for a step from ${review.fromLevel}, but the candidate held ${level} at the evidence position`,
      });
    }
    verdict =
      judged.verdicts.find((v) => v.toLevel === review.toLevel && v.track === review.track) ??
      judged.verdicts.find((v) => v.toLevel === review.toLevel);
    if (!verdict) {
      differences.push({
        field: 'toLevel',
        original: review.toLevel,
        recomputed: judged.verdicts.map((v) => v.toLevel),
        cause: 'history',
        note: `${ladder.id} v${ladder.version} has no step to ${review.toLevel} from the candidate's level`,
      });
    }
  }

  // The evidence the decision recorded (v2) against the replay's, and the outcome against the
  // recomputed verdict: each difference with its cause.
  const recorded2 = decided.evidence;
  const score = judged ? judged.score : null;
  const month = judged?.month ?? null;
  const eligible = verdict?.eligible ?? null;
  const policyDiffers = differences.some((d) => d.cause === 'policy_version');
  const near = (a: number, b: number) => Math.abs(a - b) < 0.01;
  let evidenceCause: DifferenceCause | null = null;
  if (recorded2.score !== null && score !== null && !near(recorded2.score, score)) {
    const fromNomination = review.nominationScore !== null && near(recorded2.score, review.nominationScore);
    evidenceCause =
      recorded2.scoreMonth !== null && recorded2.scoreMonth !== month
        ? 'evaluated_month'
        : policyDiffers
          ? 'policy_version'
          : recorded2.scoreMonth === null
            ? 'evaluated_month'
            : 'unexplained';
    differences.push({
      field: 'evidence.score',
      original: recorded2.score,
      recomputed: score,
      cause: evidenceCause,
      note:
        evidenceCause === 'evaluated_month'
          ? recorded2.scoreMonth === null
            ? fromNomination
              ? `the decision rests on the score at nomination (${recorded2.score}); ${month} scores ${score} at the evidence position`
              : `the decision does not say which month its score ${recorded2.score} is of; ${month} scores ${score}`
            : `the decision's score is of ${recorded2.scoreMonth}; the replay evaluates ${month}`
          : evidenceCause === 'policy_version'
            ? `scored under another policy version than the one ${month} is scored with`
            : `the decision records ${recorded2.score} for ${month}; the history scores ${score}`,
    });
  }
  if (recorded2.eligible !== null && eligible !== null && recorded2.eligible !== eligible) {
    const cause: DifferenceCause = evidenceCause ?? (policyDiffers ? 'policy_version' : 'unexplained');
    differences.push({
      field: 'evidence.eligible',
      original: recorded2.eligible,
      recomputed: eligible,
      cause,
      note: `the decision rests on ${recorded2.eligible ? 'eligible' : 'not eligible'}; the replay finds ${eligible ? 'eligible' : 'not eligible'} for ${review.toLevel}`,
    });
  }
  const override = decided.override;
  const { approvals, rejections } = review.votes;
  const majority = approvals > rejections ? 'approved' : rejections > approvals ? 'rejected' : null;
  if (override) {
    // What the decision went against: the verdict's outcome, else the majority's.
    const verdictOutcome = eligible === null ? null : eligible ? 'approved' : 'rejected';
    differences.push({
      field: 'outcome',
      original: decided.outcome,
      recomputed:
        override.against.includes('eligibility') && verdictOutcome !== decided.outcome
          ? verdictOutcome
          : override.against.includes('majority')
            ? majority
            : verdictOutcome,
      cause: 'override',
      note: `decided against ${override.against.join(' and ')}: ${override.code} (${override.text})`,
    });
  } else if (eligible !== null && (decided.outcome === 'approved') !== eligible) {
    // Against the recomputed verdict without a recorded override: the verdict the committee
    // saw differed (the evidence difference above names why), or nothing explains it.
    differences.push({
      field: 'outcome',
      original: decided.outcome,
      recomputed: eligible ? 'approved' : 'rejected',
      cause:
        recorded2.eligible !== null && recorded2.eligible !== eligible
          ? (differences.find((d) => d.field === 'evidence.eligible')?.cause ?? 'unexplained')
          : 'unexplained',
      note: `${decided.outcome} while the replay finds the candidate ${eligible ? 'eligible' : 'not eligible'}`,
    });
  }

  const result: DecisionReplay = {
    decisionId,
    reviewId: decisionId,
    employeeId: review.employeeId,
    fromLevel: review.fromLevel,
    toLevel: review.toLevel,
    track: review.track,
    decidedAt: decided.at,
    decisionPosition: decided.position,
    evidencePosition: evidence,
    replayedTo,
    policyVersions: recorded,
    policiesInForce: inForce,
    nominationScore: review.nominationScore,
    original: {
      outcome: decided.outcome,
      eligible: recorded2.eligible,
      score: recorded2.score,
      scoreMonth: recorded2.scoreMonth,
      checklist: null,
    },
    override,
    recomputed: {
      outcome: null,
      eligible,
      score,
      scoreMonth: month,
      checklist: verdict?.checks ?? null,
      parts: judged?.breakdown?.parts ?? null,
    },
    differences,
    eventsReplayed: fold.events,
    tookMs: Math.round(performance.now() - started),
    rules: { scoring, ladder },
    variants: { scoring: scoringThen.branchId, ladder: ladderThen.branchId },
  };
  results.set(key, result);
  return result;
}

/** A replay that cannot be run, with the reason (shown to the client). */
export class ReplayError extends Error {
  override readonly name = 'ReplayError';
  /** The same in Chinese. */
  readonly zh: string;
  constructor(message: string, options: { zh: string }) {
    super(message);
    this.zh = options.zh;
  }
}
