import type { DomainEvent, RequirementCheck } from '@trackrecord/domain';
import type { EventStore } from '@trackrecord/eventstore';
import { ALSO_READ, type AuditFold, factEvents, foldCacheFor, foldEvent } from './history.ts';
import { type DecisionReplay, judge, Lru, type ReplayValue } from './replay.ts';
import { copyFactsState, type FoldSnapshots, type FoldWindow } from './snapshots.ts';

/**
 * A decision as known and as now known. "As known" is the replay (`replay.ts`): `$all` folded to
 * the evidence position and the step judged under the rules the decision recorded. "As now known"
 * judges the same step under the same rules at the same business moment (the business date the
 * history had reached at the evidence position), on the history as it is known today: every event
 * recorded since whose business time lies by then — reversals, amount corrections and refunds
 * (whenever dated: they correct what was counted), and facts recorded late — folded on top, in
 * the order they were recorded. Each event that moved a compared value is named, so every
 * difference is attributed:
 *
 * - `correction`: a sale reversed or corrected, or a payment refunded, since;
 * - `later_event`: a fact of that time recorded after the evidence position (a late record);
 * - `override`: the decision went against the verdict with a recorded reason, and still does;
 * - `unexplained`: the outcome disagrees with the verdict and nothing recorded explains it.
 *
 * Compared: the score of the evaluated month, each requirement of the step (met and value), the
 * verdict, and the outcome against the verdict now ("approved, but now not eligible" is a
 * difference).
 */

export const NOW_KNOWN_CAUSES = ['correction', 'later_event', 'override', 'unexplained'] as const;
export type NowKnownCause = (typeof NOW_KNOWN_CAUSES)[number];

/** An event recorded after the evidence position that moved a compared value. */
export interface LaterEvent {
  readonly type: string;
  readonly position: bigint;
  /** When the store recorded it (ISO); for the decision itself, its business time. */
  readonly at: string;
  /** The sale, payment, course or person the event is about. */
  readonly ref: string | null;
  readonly correction: boolean;
}

export interface NowKnownDifference {
  /** `score`, `eligible`, `requirement.<kind>[.<kpi or course>]` or `outcome`. */
  readonly field: string;
  readonly known: ReplayValue;
  readonly now: ReplayValue;
  readonly cause: NowKnownCause;
  readonly note: string;
  /** The events that moved it, oldest first; the decision itself for an override. */
  readonly events: readonly LaterEvent[];
}

export interface NowKnownVerdict {
  readonly score: number | null;
  readonly scoreMonth: string | null;
  readonly eligible: boolean | null;
  readonly checklist: readonly RequirementCheck[] | null;
}

export interface DecisionNowKnown {
  readonly businessDate: string;
  readonly known: NowKnownVerdict;
  readonly now: NowKnownVerdict;
  /** Events recorded since the evidence position that belong to the business moment (folded on top). */
  readonly eventsSince: number;
  readonly headPosition: bigint;
  readonly differences: readonly NowKnownDifference[];
}

const CORRECTIONS: ReadonlySet<string> = new Set(['SaleReversed', 'SaleCorrected', 'PaymentRefunded']);

/** A requirement's key: its kind, and the KPI or course it names. */
const requirementKey = (c: RequirementCheck): string => {
  const r = c.requirement;
  return `requirement.${r.kind}${r.kind === 'kpi' ? `.${r.kpi}` : r.kind === 'course' ? `.${r.courseId}` : ''}`;
};

/** The values compared, by field. */
function valuesOf(v: NowKnownVerdict): Map<string, ReplayValue> {
  const out = new Map<string, ReplayValue>([
    ['score', v.score],
    ['eligible', v.eligible],
  ]);
  for (const c of v.checklist ?? [])
    out.set(
      requirementKey(c),
      typeof c.actual === 'number' ? Math.round(c.actual * 10_000) / 10_000 : c.actual,
    );
  return out;
}

function refOf(event: DomainEvent): string | null {
  const d = event.data as Record<string, unknown>;
  for (const k of ['saleId', 'paymentId', 'courseId', 'employeeId', 'menteeId'])
    if (typeof d[k] === 'string') return d[k] as string;
  return null;
}

const results = new Lru<string, DecisionNowKnown>(200);

/** The decision as now known, beside the replay as known; cached until the store moves on. */
export async function decisionNowKnown(
  store: EventStore,
  replay: DecisionReplay,
  options: { snapshots?: FoldSnapshots | null } = {},
): Promise<DecisionNowKnown> {
  const head = await store.headPosition();
  const key = `${replay.decisionId}@${replay.decisionPosition}@${head}`;
  const cached = results.get(key);
  if (cached) return cached;

  const base = await foldCacheFor(store).at(replay.replayedTo, options.snapshots ?? null);
  const fold: AuditFold = { state: copyFactsState(base.state), running: structuredClone(base.running) };
  const businessDate = fold.running.businessClock;
  const window: FoldWindow = { at: new Date(8.64e15), businessDate };
  const { scoring, ladder } = replay.rules;
  const verdictOf = (): NowKnownVerdict => {
    const judged = judge(fold.state, replay.employeeId, scoring, ladder);
    const verdict =
      judged?.verdicts.find((v) => v.toLevel === replay.toLevel && v.track === replay.track) ??
      judged?.verdicts.find((v) => v.toLevel === replay.toLevel);
    return {
      score: judged?.score ?? null,
      scoreMonth: judged?.month ?? null,
      eligible: verdict?.eligible ?? null,
      checklist: verdict?.checks ?? null,
    };
  };
  const known = verdictOf();
  let values = valuesOf(known);
  const movedBy = new Map<string, LaterEvent[]>();
  let eventsSince = 0;
  for await (const page of factEvents(store, {
    after: replay.replayedTo,
    upTo: head,
    alsoTypes: ALSO_READ,
  })) {
    for (const e of page) {
      if (!foldEvent(fold, e, window)) continue;
      eventsSince++;
      const next = valuesOf(verdictOf());
      for (const [field, value] of next) {
        if (values.get(field) === value) continue;
        const list = movedBy.get(field) ?? [];
        list.push({
          type: e.event.type,
          position: e.position,
          at: e.recordedAt.toISOString(),
          ref: refOf(e.event),
          correction: CORRECTIONS.has(e.event.type),
        });
        movedBy.set(field, list);
      }
      values = next;
    }
  }
  const now = verdictOf();

  const differences: NowKnownDifference[] = [];
  const before = valuesOf(known);
  const causeOf = (events: readonly LaterEvent[]): NowKnownCause =>
    events.length > 0 && events.every((x) => x.correction) ? 'correction' : 'later_event';
  const names = (events: readonly LaterEvent[]) =>
    events.map((x) => `${x.type}${x.ref ? ` ${x.ref}` : ''} at position ${x.position}`).join(', ');
  for (const [field, value] of valuesOf(now)) {
    const was = before.get(field) ?? null;
    if (was === value) continue;
    const events = movedBy.get(field) ?? [];
    differences.push({
      field,
      known: was,
      now: value,
      cause: causeOf(events),
      note: `${field} was ${String(was)} at the evidence position and is ${String(value)} on the history as now known, moved by ${names(events)}`,
      events,
    });
  }
  // The outcome against the verdict as now known.
  const outcome = replay.original.outcome;
  if (outcome !== null && now.eligible !== null && (outcome === 'approved') !== now.eligible) {
    const changed = known.eligible !== now.eligible ? (movedBy.get('eligible') ?? []) : [];
    const override = replay.override?.against.includes('eligibility') ? replay.override : null;
    const decision: LaterEvent = {
      type: 'PromotionDecided',
      position: replay.decisionPosition,
      at: replay.decidedAt,
      ref: replay.reviewId,
      correction: false,
    };
    const cause: NowKnownCause =
      changed.length > 0 ? causeOf(changed) : override ? 'override' : 'unexplained';
    differences.push({
      field: 'outcome',
      known: outcome,
      now: now.eligible ? 'approved' : 'rejected',
      cause,
      note:
        changed.length > 0
          ? `${outcome} while eligible was ${String(known.eligible)}; on the history as now known the candidate is ${now.eligible ? 'eligible' : 'not eligible'} (score ${now.score} of ${now.scoreMonth}), moved by ${names(changed)}`
          : override
            ? `${outcome} against the verdict (${override.code}: ${override.text}); still ${now.eligible ? 'eligible' : 'not eligible'} as now known`
            : `${outcome} while the candidate is ${now.eligible ? 'eligible' : 'not eligible'}, as known then and as now known`,
      events: changed.length > 0 ? changed : [decision],
    });
  }
  const result: DecisionNowKnown = { businessDate, known, now, eventsSince, headPosition: head, differences };
  results.set(key, result);
  return result;
}
