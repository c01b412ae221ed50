import {
  addDays,
  addMonths,
  businessTimeOf,
  dateOf,
  eligibilityOf,
  emptyFactsState,
  type FactsState,
  readinessShare,
} from '@trackrecord/domain';
import type { EventStore } from '@trackrecord/eventstore';
import { factEvents, foldEvent } from '../audit/history.ts';
import { emptyRunning, type FoldSnapshots } from '../audit/snapshots.ts';

/**
 * Readiness of a round's candidates, as known when each was nominated: the share of the
 * requirements of the level they were nominated for that they met, judged by the domain's
 * eligibility over the fold of every fact event up to the nomination (what the store had
 * recorded then, corrections recorded later not included), and the same share one evaluated
 * month earlier, for its trend.
 *
 * "One evaluated month earlier" is the readiness as last judged while the evaluated month (the
 * latest month ended by the fold's clock) was the one before the nomination's: the KPIs of the
 * month before, with the courses, mentee deals and experience as they stood then.
 *
 * One pass: from the stored fold snapshot taken before the month preceding the earliest
 * nomination's month (or from the start), event by event up to the last nomination; before an
 * event moves the fold's clock to a later day, the candidates' readiness is noted under its
 * evaluated month (the latest note of a month wins), and at each nomination the candidate's
 * readiness is read off the fold. The history up to a position never changes, so results are
 * kept per process.
 */

/** A nomination to judge. */
export interface NominationRef {
  readonly reviewId: string;
  readonly employeeId: string;
  readonly track: string;
  readonly toLevel: string;
  /** Business time of the nomination (ISO). */
  readonly nominatedAt: string;
  readonly nominatedPosition: bigint;
}

export interface ReadinessAtNomination {
  /** Requirements of the target level met, and all of them. */
  readonly met: number;
  readonly required: number;
  /** met / required (0–1); null for a level without requirements. */
  readonly share: number | null;
  /** The evaluated month (YYYY-MM) the verdict was judged on. */
  readonly month: string;
  /** The share one evaluated month earlier; null when unknown (not yet a candidate for that level). */
  readonly previousShare: number | null;
}

type Judged = { met: number; required: number; share: number | null; month: string };

function judge(state: FactsState, n: Pick<NominationRef, 'employeeId' | 'track' | 'toLevel'>): Judged | null {
  const result = eligibilityOf(state, n.employeeId);
  if (!result) return null;
  const verdict =
    result.verdicts.find((v) => v.toLevel === n.toLevel && v.track === n.track) ??
    result.verdicts.find((v) => v.toLevel === n.toLevel);
  if (!verdict) return null;
  const met = verdict.checks.filter((c) => c.met).length;
  const required = verdict.checks.length;
  return { met, required, share: readinessShare(met, required), month: result.month };
}

const cache = new Map<string, Promise<Map<string, ReadinessAtNomination | null>>>();
const CACHE_SIZE = 16;

export function readinessAtNomination(
  store: EventStore,
  nominations: readonly NominationRef[],
  snapshots: FoldSnapshots | null,
): Promise<Map<string, ReadinessAtNomination | null>> {
  const key = nominations
    .map((n) => `${n.reviewId}@${n.nominatedPosition}`)
    .sort()
    .join(',');
  let result = cache.get(key);
  if (!result) {
    result = judgeAll(store, nominations, snapshots);
    cache.set(key, result);
    result.catch(() => cache.delete(key));
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  }
  return result;
}

async function judgeAll(
  store: EventStore,
  nominations: readonly NominationRef[],
  snapshots: FoldSnapshots | null,
): Promise<Map<string, ReadinessAtNomination | null>> {
  const out = new Map<string, ReadinessAtNomination | null>();
  const pending = [...nominations].sort((a, b) => (a.nominatedPosition < b.nominatedPosition ? -1 : 1));
  const first = pending[0];
  if (!first) return out;
  const last = pending.at(-1) as NominationRef;
  // Before the clock enters the month preceding the first nomination's month.
  const before = addDays(`${addMonths(first.nominatedAt.slice(0, 7), -1)}-01`, -1);
  const loaded = snapshots
    ? await snapshots.nearest(first.nominatedPosition, { window: { at: new Date(), businessDate: before } })
    : null;
  const fold = loaded
    ? { state: loaded.state, running: loaded.running }
    : { state: emptyFactsState(), running: emptyRunning() };
  /** Candidate and level → evaluated month → the latest readiness judged under it. */
  const noted = new Map<string, Map<string, number | null>>();
  const note = () => {
    for (const n of nominations) {
      const j = judge(fold.state, n);
      if (!j) continue;
      const key = `${n.employeeId}|${n.toLevel}`;
      const months = noted.get(key) ?? new Map<string, number | null>();
      months.set(j.month, j.share);
      noted.set(key, months);
    }
  };
  const settle = (upTo: bigint) => {
    while (pending.length > 0 && (pending[0] as NominationRef).nominatedPosition <= upTo) {
      const n = pending.shift() as NominationRef;
      const j = judge(fold.state, n);
      const previous = j ? noted.get(`${n.employeeId}|${n.toLevel}`)?.get(addMonths(j.month, -1)) : undefined;
      out.set(n.reviewId, j ? { ...j, previousShare: previous ?? null } : null);
    }
  };
  for await (const page of factEvents(store, {
    after: loaded?.position ?? 0n,
    upTo: last.nominatedPosition,
  })) {
    for (const e of page) {
      settle(e.position - 1n);
      const stated = businessTimeOf(e.event.type, e.event.data);
      const clock = fold.state.global.clock;
      if (stated && clock !== null && dateOf(stated) > clock) note();
      foldEvent(fold, e);
    }
  }
  settle(last.nominatedPosition);
  return out;
}
