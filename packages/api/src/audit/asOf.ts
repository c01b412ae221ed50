import {
  type Bilingual,
  type CandidateRecord,
  dateOf,
  eligibilityOf,
  emptyFactsState,
  type FactorContribution,
  levelOn,
  type PersonPeriodFacts,
  type PolicyRef,
  type RequirementCheck,
  type RiskBand,
  retentionOf,
  type ScorePart,
  scoreOf,
} from '@trackrecord/domain';
import type { EventStore } from '@trackrecord/eventstore';
import type { POLICY_KINDS } from '@trackrecord/projections';
import { type AuditFold, foldCacheFor, foldOn } from './history.ts';
import {
  type AuditRunning,
  copyFactsState,
  emptyRunning,
  type FoldSnapshots,
  type FoldWindow,
  type PolicyInForceJson,
} from './snapshots.ts';

/**
 * A person as of two times (bitemporal):
 * - **transaction time** `at`: only what the store had recorded by then (`recordedAt <= at`);
 * - **business date** (optional): of that, only the facts that had happened by the end of
 *   that day (their business time), but with the reversals and corrections of those facts
 *   recorded later, whatever their own date: the business history as it is now known.
 *
 * An event without a business time of its own (a policy publication, a course assignment)
 * takes the business clock of the events before it in `$all` (the latest business date
 * recorded so far): a policy published "in week 39" of the history counts from week 39.
 */

export interface PolicyInForce {
  readonly id: string;
  /** The event that published it. */
  readonly kind: keyof typeof POLICY_KINDS;
  readonly name: string;
  readonly version: number;
  readonly publishedAt: string;
  readonly document: unknown;
  readonly position: bigint;
  /** The branch whose variant it is; null for the headquarters default. */
  readonly branchId: string | null;
}

/** Eligibility as of the view: the evaluated month, the candidate record and each next level's verdict. */
export interface EligibilityAsOf {
  readonly evaluatedMonth: string;
  readonly ladderSource: string;
  readonly position: string;
  readonly candidate: CandidateRecord;
  readonly verdicts: readonly {
    readonly track: string;
    readonly fromLevel: string;
    readonly toLevel: string;
    readonly eligible: boolean;
    readonly ladder: PolicyRef;
    readonly checklist: readonly RequirementCheck[];
    readonly summary: Bilingual;
  }[];
}

export interface PersonAsOf {
  readonly employeeId: string;
  readonly transactionTime: string;
  readonly businessDate: string | null;
  readonly position: bigint;
  readonly level: string | null;
  readonly status: string | null;
  readonly branchId: string | null;
  readonly teamId: string | null;
  readonly score: {
    readonly month: string;
    readonly score: number;
    readonly parts: readonly ScorePart[];
    readonly inputs: PersonPeriodFacts;
    readonly policyId: string;
    readonly policyVersion: number;
    readonly policySource: string;
  } | null;
  readonly eligibility: EligibilityAsOf | null;
  readonly retentionRisk: {
    readonly band: RiskBand;
    readonly flagged: boolean;
    readonly method: string;
    readonly risk: number | null;
    readonly weekStart: string;
    readonly model: { id: string; version: number } | null;
    /** Only for those who may read risk factors: contributions under a model, signals in cold start. */
    readonly factors: {
      readonly contributions: readonly FactorContribution[];
      readonly signals: readonly { readonly rule: string; readonly met: boolean; readonly text: Bilingual }[];
      readonly formula: string;
    } | null;
  } | null;
  readonly policies: readonly PolicyInForce[];
  readonly events: number;
}

/** The policies in force for a branch's people: its variants in place of the headquarters defaults. */
function policiesFor(running: AuditRunning, branchId: string | null): PolicyInForceJson[] {
  const out = { ...running.policies };
  if (branchId !== null)
    for (const [key, variant] of Object.entries(running.variants ?? {})) {
      const kind = key.slice(0, key.indexOf(':'));
      if (key.slice(kind.length + 1) === branchId) out[kind] = variant;
    }
  return Object.values(out);
}

/** No transaction-time bound (a time PostgreSQL also takes, for the stored snapshots' query). */
const NO_TIME_BOUND = new Date('9999-12-31T23:59:59.999Z');

/**
 * A person as the store knew them: the events recorded by `at` (transaction time) and, with
 * `position`, at or before that position of `$all` as well, so that events one transaction
 * recorded together (an import, a seed) can still be told apart; optionally as of a business date.
 */
export async function personAsOf(
  store: EventStore,
  employeeId: string,
  view: { at: Date | null; position: bigint | null },
  businessDate: string | null,
  options: { riskFactors: boolean; snapshots?: FoldSnapshots | null },
): Promise<PersonAsOf | null> {
  // Continued from the nearest fold whose every event lies inside the window (a snapshot in
  // memory or stored), then every later event inside the window up to the head or the position.
  const window: FoldWindow = { at: view.at ?? NO_TIME_BOUND, businessDate };
  const snapshots = options.snapshots ?? null;
  const head = await store.headPosition();
  const upTo = view.position !== null && view.position < head ? view.position : head;
  const cached = foldCacheFor(store).nearest(upTo, window);
  const loaded = snapshots
    ? await snapshots.nearest(upTo, { window, ...(cached ? { after: cached.position } : {}) })
    : null;
  const fold: AuditFold = loaded
    ? { state: loaded.state, running: loaded.running }
    : cached
      ? { state: copyFactsState(cached.state), running: structuredClone(cached.running) }
      : { state: emptyFactsState(), running: emptyRunning() };
  await foldOn(store, fold, {
    after: loaded?.position ?? cached?.position ?? 0n,
    upTo,
    window,
    snapshots,
  });
  const { state, running } = fold;
  const p = state.people[employeeId];
  if (!p) return null;
  const known = view.at ?? (running.maxRecordedAt === null ? new Date(0) : new Date(running.maxRecordedAt));
  const asOfDate = businessDate ?? state.global.clock ?? dateOf(known.toISOString());
  const months = Object.keys(p.months).sort().reverse();
  let score: PersonAsOf['score'] = null;
  for (const m of months) {
    const s = scoreOf(state, employeeId, m);
    if (!s) continue;
    score = {
      month: m,
      score: s.breakdown.score,
      parts: s.breakdown.parts,
      inputs: s.breakdown.inputs,
      policyId: s.breakdown.policy.id,
      policyVersion: s.breakdown.policy.version,
      policySource: s.policySource,
    };
    break;
  }
  const verdicts = eligibilityOf(state, employeeId);
  const risk = retentionOf(state, employeeId);
  return {
    employeeId,
    transactionTime: known.toISOString(),
    businessDate,
    position: BigInt(running.lastPosition),
    level: p.hired ? levelOn(p, asOfDate) : null,
    status: p.hired ? (p.active ? (p.onProbation ? 'probation' : 'active') : 'departed') : null,
    branchId: running.branches[employeeId] ?? null,
    teamId: p.teamId,
    score,
    eligibility: verdicts
      ? {
          evaluatedMonth: verdicts.month,
          ladderSource: verdicts.ladderSource,
          position: verdicts.position,
          candidate: verdicts.candidate,
          verdicts: verdicts.verdicts.map((v) => ({
            track: v.track,
            fromLevel: v.fromLevel,
            toLevel: v.toLevel,
            eligible: v.eligible,
            ladder: v.policy,
            checklist: v.checks,
            summary: v.summary,
          })),
        }
      : null,
    retentionRisk: risk
      ? {
          band: risk.band,
          flagged: risk.risk.flagged,
          method: risk.risk.method,
          risk: risk.risk.method === 'model' ? risk.risk.risk : null,
          weekStart: risk.weekStart,
          model: risk.risk.method === 'model' ? risk.risk.policy : null,
          factors: options.riskFactors
            ? {
                contributions: risk.risk.method === 'model' ? risk.risk.contributions : [],
                signals: risk.risk.method === 'model' ? [] : risk.risk.signals,
                formula: risk.risk.formula,
              }
            : null,
        }
      : null,
    policies: policiesFor(running, running.branches[employeeId] ?? null)
      .map((x) => ({ ...x, branchId: x.branchId ?? null, position: BigInt(x.position) }))
      .sort((a, b) => (a.position < b.position ? -1 : 1)),
    events: running.allEvents,
  };
}
