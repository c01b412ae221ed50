import {
  addMonths,
  branchOn,
  commissionPeriodKey,
  type DecisionFlip,
  dateOf,
  decisionFlip,
  eligibilityBranchOf,
  emptyFactsState,
  evaluatedMonth,
  type FactsState,
  type Ladder,
  ladderInForce,
  modelRisk,
  monthEnd,
  monthStart,
  type RequirementCheck,
  type RetentionModel,
  retentionFeaturesOf,
  type ScoringPolicy,
  scoringInForce,
  weekOf,
} from '@trackrecord/domain';
import type { EventStore } from '@trackrecord/eventstore';
import { ALSO_READ, type AuditFold, type FoldAt, factEvents, foldCacheFor, foldEvent } from './history.ts';
import { publishedPolicies, recordedDocuments } from './policies.ts';
import { judge } from './replay.ts';
import { evaluatePerson, type PolicyDraft } from './simulation.ts';
import { emptyRunning, type FoldSnapshots, type StoredFold } from './snapshots.ts';

/**
 * The what-if over the full history: one walk along `$all` that stops at every past decision's
 * evidence position (judging the candidate under the rules then in force and under the draft,
 * as `decisionReplay` does) and at the start of every quarter (judging everyone, as the head
 * simulation does). With fold snapshots the walk jumps to the snapshot nearest before each stop
 * when it lies further ahead than `jumpEvents` of its size, and folds the rest; without, it folds from the
 * beginning. The fold state is the walk's own (loaded or fresh), mutated in place. Reads only.
 *
 * A jump never skips a judgement. The walk judges a quarter at the event that moves the clock
 * into the next quarter's first month, and no snapshot's metadata says where that is (its
 * business clock runs ahead of the fold's clock at times, by weeks on the demo). So the walk
 * jumps only to a snapshot whose clock is in the fold's quarter, or that is the fold just after
 * that very event (`reachable`, judged on the state loaded); to one further on it folds across
 * the quarter's start, from the last snapshot of its own quarter when that lies far enough
 * ahead, and jumps on once its clock has reached the snapshot's quarter.
 */

/** A decided promotion review, as the decisions read model keeps it. */
export interface DecidedReview {
  readonly reviewId: string;
  readonly employeeId: string;
  readonly fromLevel: string;
  readonly toLevel: string;
  readonly track: string;
  readonly outcome: string;
  readonly decidedAt: string;
  readonly evidencePosition: bigint;
  readonly decisionPosition: bigint;
  readonly policyVersions: Readonly<Record<string, number>>;
}

/** A decision's verdict on its step: score, the score threshold, eligibility, each requirement. */
export interface StepVerdict {
  readonly score: number | null;
  /** The minimum score of the step's score requirement; null when it has none. */
  readonly scoreThreshold: number | null;
  readonly eligible: boolean;
  readonly checks: readonly RequirementCheck[];
}

/** A past decision judged again under the draft. */
export interface DecisionWhatIf {
  readonly decision: DecidedReview;
  /** The position folded to: the evidence position, or just before the decision (as the replay). */
  readonly replayedTo: bigint;
  readonly scoreMonth: string | null;
  /** Under the scoring policy and ladder the decision recorded. */
  readonly recorded: StepVerdict | null;
  /** Under the draft (each document the draft lacks: the one recorded). */
  readonly underDraft: StepVerdict | null;
  readonly flip: DecisionFlip | null;
}

/** Everyone judged at the start of a quarter: the quarter's last month evaluated. */
export interface QuarterWhatIf {
  readonly quarter: string;
  /** The month evaluated: the quarter's last. */
  readonly month: string;
  /** Per person evaluated: branch, eligible for any next level under the published policies / the draft. */
  readonly people: { employeeId: string; branchId: string; before: boolean; after: boolean }[];
}

export interface HistoryWhatIf {
  /** The fold at the head, where the walk ends (read-only: the head simulation judges on it). */
  readonly head: FoldAt;
  readonly decisions: DecisionWhatIf[];
  readonly quarters: QuarterWhatIf[];
  /** Snapshots loaded and events folded by the walk. */
  readonly snapshotsLoaded: number;
  readonly eventsFolded: number;
}

/**
 * A snapshot is loaded rather than folded up to when it lies further ahead than this many
 * positions per KiB it takes (compressed), and never nearer than `MIN_JUMP_EVENTS`: unpacking
 * and decoding a snapshot costs about what reading and folding that many events does (on the
 * demo, ~26 ms for one of 186 KiB against ~12 µs an event). Snapshots grow with the company,
 * the cost of an event does not, so a larger company jumps less often. The minimum only keeps
 * a small company from loading a snapshot to skip a few hundred events: since no jump passes a
 * quarter's start, it no longer guards the eligibility per quarter (it was 12,000 for that).
 */
export const JUMP_EVENTS_PER_KIB = 12;
export const MIN_JUMP_EVENTS = 1_000n;
/** How far ahead a snapshot of `bytes` must lie to be loaded rather than folded up to. */
export const jumpEvents = (bytes: number): bigint => {
  const events = BigInt(Math.round((bytes / 1024) * JUMP_EVENTS_PER_KIB));
  return events > MIN_JUMP_EVENTS ? events : MIN_JUMP_EVENTS;
};

const replayedTo = (d: DecidedReview) =>
  d.evidencePosition < d.decisionPosition ? d.evidencePosition : d.decisionPosition - 1n;

/** The step's verdict under the documents given, as the replay judges it; null without a record. */
function stepVerdict(
  state: FactsState,
  d: DecidedReview,
  scoring: ScoringPolicy,
  ladder: Ladder,
): (StepVerdict & { month: string }) | null {
  const judged = judge(state, d.employeeId, scoring, ladder);
  if (!judged) return null;
  const verdict =
    judged.verdicts.find((v) => v.toLevel === d.toLevel && v.track === d.track) ??
    judged.verdicts.find((v) => v.toLevel === d.toLevel);
  if (!verdict) return null;
  const threshold = verdict.checks.find((c) => c.requirement.kind === 'score')?.requirement;
  return {
    month: judged.month,
    score: judged.breakdown ? judged.score : null,
    scoreThreshold: threshold?.kind === 'score' ? threshold.min : null,
    eligible: verdict.eligible,
    checks: verdict.checks,
  };
}

/** The decision judged on a fold at its evidence position, under the rules then and the draft. */
function judgeDecision(
  state: FactsState,
  d: DecidedReview,
  draft: PolicyDraft,
  published: Awaited<ReturnType<typeof publishedPolicies>>,
): DecisionWhatIf {
  // The candidate's branch then: its variants, else the headquarters defaults; a draft judges
  // the candidate only when it is for their branch (or the default, for a branch without one).
  const p = state.people[d.employeeId];
  const clock = state.global.clock;
  const scoreBranch = p && clock !== null ? branchOn(p, monthStart(evaluatedMonth(clock))) : null;
  const ladderBranch = eligibilityBranchOf(state, d.employeeId);
  const then = recordedDocuments(d.policyVersions, published, {
    scoring: scoringInForce(state.global, scoreBranch).policy,
    ladder: ladderInForce(state, ladderBranch).ladder,
  });
  const applies = (branch: string | null, variants: Record<string, unknown>) =>
    draft.branchId === undefined ? branch === null || !variants[branch] : branch === draft.branchId;
  const scoring =
    draft.scoringPolicy && applies(scoreBranch, state.global.branchScoring)
      ? draft.scoringPolicy
      : then.scoring;
  const ladder =
    draft.ladder && applies(ladderBranch, state.global.branchLadder) ? draft.ladder : then.ladder;
  const before = stepVerdict(state, d, then.scoring, then.ladder);
  const after = stepVerdict(state, d, scoring, ladder);
  const strip = (v: typeof before) => (v ? { ...v, month: undefined } : null);
  return {
    decision: d,
    replayedTo: replayedTo(d),
    scoreMonth: after?.month ?? before?.month ?? null,
    recorded: strip(before),
    underDraft: strip(after),
    flip: after ? decisionFlip(d.outcome, before?.eligible ?? null, after.eligible) : null,
  };
}

/**
 * A decision replayed under the draft on its own: the fold at its evidence position from the
 * fold cache (as `decisionReplay` folds), judged under the recorded documents with the draft's
 * in their place. What the walk states of the decision must agree with it.
 */
export async function replayDecisionUnderDraft(
  store: EventStore,
  d: DecidedReview,
  draft: PolicyDraft,
  options: { snapshots?: FoldSnapshots | null } = {},
): Promise<DecisionWhatIf> {
  const fold = await foldCacheFor(store).at(replayedTo(d), options.snapshots ?? null);
  const published = await publishedPolicies(store, Object.keys(d.policyVersions));
  return judgeDecision(fold.state, d, draft, published);
}

const quarterOf = (month: string) => commissionPeriodKey(month, 'quarter');
/**
 * The quarter of a fold's clock (null before its first business date). Between two folds of
 * the same quarter the clock never moves into a quarter's first month, so the walk judges
 * nothing between them: it may jump from one to the other.
 */
const quarterKey = (state: FactsState): string | null =>
  state.global.clock === null ? null : quarterOf(state.global.clock.slice(0, 7));
/**
 * True when a fold of quarter `from` may jump to the snapshot `to`: its clock is in the same
 * quarter, or `to` is the fold just after the very event that moved the clock out of `from`
 * (that event moved the evaluated month into `from`'s last month, so the clock before it was
 * still in `from`): the walk judges `from` on it, as folding judges it at that event.
 */
function reachable(to: StoredFold, from: string | null): boolean {
  const clock = to.state.global.clock;
  if (from === null || clock === null) return from === null && clock === null;
  const quarter = quarterOf(clock.slice(0, 7));
  return (
    quarter === from ||
    (to.state.global.evaluatedMonthPosition === to.position.toString() &&
      quarterOf(evaluatedMonth(clock)) === from)
  );
}

/** Walks the history to the last decision and the last quarter started; see the module's comment. */
export async function simulateHistory(
  store: EventStore,
  draft: PolicyDraft,
  decided: readonly DecidedReview[],
  options: { snapshots?: FoldSnapshots | null } = {},
): Promise<HistoryWhatIf> {
  const snapshots = options.snapshots ?? null;
  // What the walk plans with, read at once.
  const [head, published, quarterStops, sizes] = await Promise.all([
    store.headPosition(),
    publishedPolicies(store, [...new Set(decided.flatMap((d) => Object.keys(d.policyVersions)))]),
    snapshots ? snapshots.quarterStarts() : [],
    snapshots ? snapshots.sizes() : [],
  ]);
  // Stops: each decision's position, and with snapshots the first snapshot of each quarter (by
  // its business clock: at the quarter's start or before it).
  const byPosition = new Map<bigint, DecidedReview[]>();
  for (const d of decided) {
    const at = replayedTo(d);
    if (at > head || at < 0n) continue;
    byPosition.set(at, [...(byPosition.get(at) ?? []), d]);
  }
  // The head last: every quarter started is evaluated, with or without snapshots.
  const stops = [...new Set([...byPosition.keys(), ...quarterStops, head])].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );

  let fold: AuditFold = { state: emptyFactsState(), running: emptyRunning() };
  let at = 0n;
  let snapshotsLoaded = 0;
  let eventsFolded = 0;
  const decisions: DecisionWhatIf[] = [];
  const quarters: QuarterWhatIf[] = [];
  const evaluated = new Set<string>();
  // Everyone at the start of a quarter (the clock in its first month): the quarter before.
  const atQuarterStart = () => {
    const clock = fold.state.global.clock;
    if (!clock) return;
    const month = evaluatedMonth(clock);
    const quarter = quarterOf(month);
    // Only the state whose evaluated month is the last of its quarter, once per quarter.
    if (quarterOf(clock.slice(0, 7)) === quarter || evaluated.has(quarter)) return;
    evaluated.add(quarter);
    const people: QuarterWhatIf['people'] = [];
    for (const id of Object.keys(fold.state.people).sort()) {
      const judged = evaluatePerson(fold.state, id, draft);
      if (!judged) continue;
      people.push({
        employeeId: id,
        branchId: fold.running.branches[id] ?? 'unknown',
        before: judged.before.some((v) => v.eligible),
        after: judged.after.some((v) => v.eligible),
      });
    }
    quarters.push({ quarter, month, people });
  };
  const arrive = () => {
    for (const d of byPosition.get(at) ?? []) decisions.push(judgeDecision(fold.state, d, draft, published));
    byPosition.delete(at);
  };

  // Segments: a run of stops folded in one read of `$all` (one more after each jump within it),
  // from a snapshot when the nearest one before its first stop lies further past the stop
  // before than `jumpEvents` of its size (planned up front, so the next segment's snapshot
  // loads while this one folds).
  const baseOf = (stop: bigint) => {
    let lo = 0;
    let hi = sizes.length - 1;
    let best: (typeof sizes)[number] | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = sizes[mid] as (typeof sizes)[number];
      if (s.position <= stop) {
        best = s;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  };
  const segments: { base: bigint | null; stops: bigint[] }[] = [];
  let cursor = 0n;
  for (const stop of stops) {
    const nearest = baseOf(stop);
    const base = nearest?.position;
    const current = segments.at(-1);
    if (nearest && base !== undefined && base - cursor > jumpEvents(nearest.bytes))
      segments.push({ base, stops: [stop] });
    else if (current) current.stops.push(stop);
    else segments.push({ base: null, stops: [stop] });
    cursor = stop;
  }
  const load = (i: number) => {
    const base = segments[i]?.base;
    return snapshots && base !== null && base !== undefined ? snapshots.nearest(base) : Promise.resolve(null);
  };
  let next = load(0);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as (typeof segments)[number];
    const loading = next;
    next = load(i + 1);
    const loaded = await loading;
    const jump = (to: StoredFold) => {
      fold = { state: to.state, running: to.running };
      at = to.position;
      snapshotsLoaded++;
      atQuarterStart();
      arrive();
    };
    // A snapshot of another quarter than the fold's: a quarter starts between them, at a
    // position no snapshot's metadata tells. The walk folds across it (judging the quarter
    // before on the way) and jumps to the snapshot once its clock is in the snapshot's quarter,
    // if the snapshot still lies ahead.
    let ahead = loaded && !reachable(loaded, quarterKey(fold.state)) ? loaded : null;
    if (loaded && !ahead) jump(loaded);
    // Meanwhile, the last snapshot before it in the fold's own quarter, far enough ahead, is a
    // safe landing: a snapshot's business clock is never before its fold's clock, so one in the
    // fold's quarter holds a fold of that quarter (checked again once loaded).
    const landing = () => {
      const key = quarterKey(fold.state);
      const from = at;
      const before = ahead?.position;
      if (key === null || before === undefined) return undefined;
      return sizes.findLast(
        (s) =>
          s.position > from &&
          s.position < before &&
          s.businessClock !== '' &&
          quarterOf(s.businessClock.slice(0, 7)) === key &&
          s.position - from > jumpEvents(s.bytes),
      );
    };
    const pending = segment.stops.filter((p) => p > at);
    const upTo = pending.at(-1);
    if (upTo === undefined) continue;
    let k = 0;
    for (let reading = true; reading; ) {
      reading = false;
      const land = snapshots ? landing() : undefined;
      const landed = snapshots && land ? await snapshots.nearest(land.position) : null;
      if (landed && landed.position > at && quarterKey(landed.state) === quarterKey(fold.state)) jump(landed);
      for await (const page of factEvents(store, { after: at, upTo, alsoTypes: ALSO_READ })) {
        for (const e of page) {
          // Stops before this event hold no fact event of their own: the fold so far is theirs.
          while (k < pending.length && (pending[k] as bigint) < e.position) {
            at = pending[k++] as bigint;
            arrive();
          }
          const month = fold.state.global.clock?.slice(0, 7);
          foldEvent(fold, e);
          eventsFolded++;
          at = e.position;
          const moved = fold.state.global.clock?.slice(0, 7) !== month;
          if (moved) atQuarterStart();
          if (k < pending.length && pending[k] === at) {
            k++;
            arrive();
          }
          // Never past a stop not yet reached, nor back.
          if (ahead && (ahead.position <= at || (pending[k] ?? upTo) < ahead.position)) ahead = null;
          if (!ahead || !moved) continue;
          if (reachable(ahead, quarterKey(fold.state))) {
            // Nothing judged between here and the snapshot but on it: read on from it.
            jump(ahead);
            ahead = null;
            while (k < pending.length && (pending[k] as bigint) <= at) k++;
            reading = true;
          } else reading = landing() !== undefined; // a quarter further: land in it first
          if (reading) break;
        }
        if (reading) break;
      }
    }
    for (; k < pending.length; k++) {
      at = pending[k] as bigint;
      arrive();
    }
  }
  await next;
  decisions.sort((a, b) => (a.decision.decisionPosition < b.decision.decisionPosition ? -1 : 1));
  return {
    head: { ...fold, position: head, events: fold.running.factEvents },
    decisions,
    quarters,
    snapshotsLoaded,
    eventsFolded,
  };
}

/** The retention flags of one month: people evaluated, flagged at the model's threshold and at the draft's. */
export interface RetentionMonth {
  readonly month: string;
  readonly people: number;
  readonly flaggedPublished: number;
  readonly flaggedDraft: number;
}

/**
 * The retention model in force (`model`) at the end of every month since its publication (the
 * clock's day in the month in progress), on
 * today's history: each person employed then, their features as of the month's last week,
 * flagged at the model's threshold and at `threshold`. Features kept week by week (sales,
 * targets, follow-ups, ratings) are as of that week; those kept as a latest value (courses,
 * mentor rating, satisfaction) are today's.
 */
export function retentionMonths(
  state: FactsState,
  model: RetentionModel,
  since: string,
  threshold: number,
  employedOn: (employeeId: string, date: string) => boolean,
): RetentionMonth[] {
  const clock = state.global.clock;
  if (!clock) return [];
  const out: RetentionMonth[] = [];
  const today = dateOf(clock);
  // A publication stamped after the history's last business day: the month in progress only.
  const first = since.slice(0, 7) <= today.slice(0, 7) ? since.slice(0, 7) : today.slice(0, 7);
  for (let month = first; month <= today.slice(0, 7); ) {
    // The month's last week; the clock's week in the month in progress.
    const end = monthEnd(month) < today ? monthEnd(month) : today;
    const week = weekOf(end);
    let people = 0;
    let flaggedPublished = 0;
    let flaggedDraft = 0;
    for (const [id, p] of Object.entries(state.people)) {
      if (!p.retention || !p.hiredAt || p.hiredAt > end || !employedOn(id, end)) continue;
      const risk = modelRisk(model, retentionFeaturesOf(p.retention, week));
      if (risk.method !== 'model') continue;
      people++;
      if (risk.risk >= model.threshold) flaggedPublished++;
      if (risk.risk >= threshold) flaggedDraft++;
    }
    out.push({ month, people, flaggedPublished, flaggedDraft });
    month = addMonths(month, 1);
  }
  return out;
}
