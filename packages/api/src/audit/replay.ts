import {
  candidateRecord,
  compositeScore,
  compositeScoreValue,
  DEFAULT_SCORING_POLICY,
  type EligibilityVerdict,
  eligibility,
  emptyFacts,
  type FactsState,
  type Ladder,
  ladderInForce,
  monthEnd,
  monthStart,
  parseEvent,
  rankOfMonth,
  reviewStream,
  type ScoreBreakdown,
  type ScoringPolicy,
} from '@trackrecord/domain';
import type { EventStore } from '@trackrecord/eventstore';
import { foldCacheFor } from './history.ts';
import { DEFAULT_POLICIES, type PublishedPolicy, publishedPolicies, versionAt } from './policies.ts';

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
  readonly checklist: unknown;
  readonly outcome: string | null;
}
export interface ReplayDifference {
  readonly field: string;
  readonly original: unknown;
  readonly recomputed: unknown;
  readonly note: string;
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
  readonly recomputed: ReplayVerdict & { readonly parts: unknown };
  readonly differences: readonly ReplayDifference[];
  readonly eventsReplayed: number;
  readonly tookMs: number;
}

interface Review {
  readonly employeeId: string;
  readonly fromLevel: string;
  readonly toLevel: string;
  readonly track: string;
  readonly nominationScore: number | null;
  readonly decided: {
    readonly outcome: string;
    readonly evidencePosition: string;
    readonly policyVersions: Record<string, number>;
    readonly at: string;
    readonly position: bigint;
  } | null;
}

async function readReview(store: EventStore, reviewId: string): Promise<Review | null> {
  const events = await store.readStream(reviewStream(reviewId));
  if (events.length === 0) return null;
  let review: Omit<Review, 'decided'> | null = null;
  let decided: Review['decided'] = null;
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
    } else if (e.type === 'PromotionDecided') {
      decided = {
        outcome: e.data.outcome,
        evidencePosition: e.data.evidencePosition,
        policyVersions: e.data.policyVersions,
        at: e.data.at,
        position: r.position,
      };
    }
  }
  if (!review) return null;
  return { ...review, decided };
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
class Lru<K, V> {
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
export async function replayDecision(store: EventStore, decisionId: string): Promise<DecisionReplay | null> {
  const review = await readReview(store, decisionId);
  if (!review) return null;
  const decided = review.decided;
  if (!decided) throw new ReplayError(`review ${decisionId} has no decision yet: nothing to replay`);
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
      note: `the evidence position ${evidence} is not before the decision itself (position ${decided.position}); replayed to ${replayedTo}`,
    });
  }
  const fold = await foldCacheFor(store).at(replayedTo);
  const state = fold.state;

  // Policies in force at the evidence position, against those recorded.
  const scoringInForce = state.global.scoring?.doc ?? DEFAULT_SCORING_POLICY;
  const ladderInForceDoc = ladderInForce(state).ladder;
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
        note:
          version === undefined
            ? `${doc.id} v${doc.version} was in force at the evidence position but the decision does not record it`
            : `the decision records ${doc.id} v${version}; v${doc.version} was in force at the evidence position`,
      });
    }
  }
  let scoring: ScoringPolicy = scoringInForce;
  let ladder: Ladder = ladderInForceDoc;
  for (const [id, version] of Object.entries(recorded)) {
    const versions = published.get(id) ?? [];
    const exact: PublishedPolicy | undefined = versions.find((v) => v.version === version);
    const fallback = DEFAULT_POLICIES[id];
    const kind = exact?.kind ?? versions[0]?.kind ?? fallback?.kind;
    // Judge under the documents recorded, when they exist at all.
    if (exact?.kind === 'scoring') scoring = exact.doc;
    if (exact?.kind === 'ladder') ladder = exact.doc;
    if (!exact && fallback && fallback.doc.version === version) {
      if (fallback.kind === 'scoring') scoring = fallback.doc;
      if (fallback.kind === 'ladder') ladder = fallback.doc;
    }
    if (id in inForce) continue; // compared above
    if (kind === undefined) {
      differences.push({
        field: `policyVersions.${id}`,
        original: version,
        recomputed: null,
        note: `no policy ${id} was ever published`,
      });
      continue;
    }
    if (kind === 'scoring' || kind === 'ladder') {
      differences.push({
        field: `policyVersions.${id}`,
        original: version,
        recomputed: null,
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
        note: `${ladder.id} v${ladder.version} has no step to ${review.toLevel} from the candidate's level`,
      });
    }
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
    original: { outcome: decided.outcome, eligible: null, score: null, scoreMonth: null, checklist: null },
    recomputed: {
      outcome: null,
      eligible: verdict?.eligible ?? null,
      score: judged ? judged.score : null,
      scoreMonth: judged?.month ?? null,
      checklist: verdict?.checks ?? null,
      parts: judged?.breakdown?.parts ?? null,
    },
    differences,
    eventsReplayed: fold.events,
    tookMs: Math.round(performance.now() - started),
  };
  results.set(key, result);
  return result;
}

/** A replay that cannot be run, with the reason (shown to the client). */
export class ReplayError extends Error {
  override readonly name = 'ReplayError';
}
