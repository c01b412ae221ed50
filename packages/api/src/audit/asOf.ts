import {
  applyFactsEvent,
  type Bilingual,
  type CandidateRecord,
  type DomainEvent,
  dateOf,
  eligibilityOf,
  emptyFactsState,
  type FactorContribution,
  levelOn,
  type PersonPeriodFacts,
  type PolicyRef,
  type RequirementCheck,
  retentionOf,
  type ScorePart,
  scoreOf,
} from '@trackrecord/domain';
import type { EventStore } from '@trackrecord/eventstore';
import { factEvents } from './history.ts';
import { EVENT_OF_KIND, type PolicyKind } from './policies.ts';

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
  readonly kind: string;
  readonly name: string;
  readonly version: number;
  readonly publishedAt: string;
  readonly document: unknown;
  readonly position: bigint;
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
    readonly band: string;
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

const TIME_FIELDS = ['at', 'closedAt', 'collectedAt', 'hiredAt', 'effectiveAt', 'leftAt'] as const;
/** The business time an event states, if any (corrections are handled apart). */
function businessTimeOf(event: DomainEvent): string | undefined {
  const data = event.data as Record<string, unknown>;
  for (const key of TIME_FIELDS) {
    const value = data[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}
const CORRECTIONS = new Set(['SaleReversed', 'SaleCorrected']);
const PUBLISHED: Record<string, PolicyKind> = {
  ScoringPolicyPublished: 'scoring',
  LadderPublished: 'ladder',
  CommissionPlanPublished: 'commission',
  RetentionModelPublished: 'retention',
};

export async function personAsOf(
  store: EventStore,
  employeeId: string,
  at: Date,
  businessDate: string | null,
  options: { riskFactors: boolean },
): Promise<PersonAsOf | null> {
  const state = emptyFactsState();
  const branches = new Map<string, string>();
  const policies = new Map<string, PolicyInForce>();
  let clock = '';
  let position = 0n;
  let events = 0;
  for await (const page of factEvents(store, { alsoTypes: ['CommissionPlanPublished'] })) {
    for (const e of page) {
      if (e.recordedAt > at) continue;
      const stated = businessTimeOf(e.event);
      if (stated && dateOf(stated) > clock) clock = dateOf(stated);
      if (businessDate !== null && !CORRECTIONS.has(e.event.type)) {
        const when = stated ? dateOf(stated) : clock;
        if (when > businessDate) continue;
      }
      events++;
      position = e.position;
      const event = e.event;
      if (event.type === 'EmployeeHired') branches.set(event.data.employeeId, event.data.branchId);
      if (event.type === 'EmployeeTransferred') branches.set(event.data.employeeId, event.data.toBranchId);
      const kind = PUBLISHED[event.type];
      if (kind) {
        const doc = Object.values(event.data)[0] as { id: string; version: number; name?: string };
        policies.set(`${kind}`, {
          id: doc.id,
          kind: EVENT_OF_KIND[kind],
          // A retention model has no name of its own: its id names it (as in the policies read model).
          name: doc.name ?? doc.id,
          version: doc.version,
          publishedAt: e.recordedAt.toISOString(),
          document: doc,
          position: e.position,
        });
      }
      applyFactsEvent(state, { position: e.position, event });
    }
  }
  const p = state.people[employeeId];
  if (!p) return null;
  const asOfDate = businessDate ?? state.global.clock ?? dateOf(at.toISOString());
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
    transactionTime: at.toISOString(),
    businessDate,
    position,
    level: p.hired ? levelOn(p, asOfDate) : null,
    status: p.hired ? (p.active ? (p.onProbation ? 'probation' : 'active') : 'departed') : null,
    branchId: branches.get(employeeId) ?? null,
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
    policies: [...policies.values()].sort((a, b) => (a.position < b.position ? -1 : 1)),
    events,
  };
}
