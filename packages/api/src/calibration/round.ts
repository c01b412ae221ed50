import {
  CALIBRATION_BANDS,
  type CalibrationBand,
  compareGroups,
  cycleTime,
  daysBetween,
  type GroupStats,
  type HistogramBin,
  readinessBand,
  roundDates,
  scoreBand,
  scoreHistogram,
} from '@trackrecord/domain';
import type { EventStore } from '@trackrecord/eventstore';
import {
  type CalibrationNote,
  calibrationNotes,
  type Database,
  nominationRounds,
  type ReadScope,
  type RoundReview,
  roundReviews,
} from '@trackrecord/projections';
import type { Kysely } from 'kysely';
import type { FoldSnapshots } from '../audit/snapshots.ts';
import { type ReadinessAtNomination, readinessAtNomination } from './readiness.ts';

/** A group of the round's candidates: a branch, team or manager, or the company. */
export type CalibrationGroup = GroupStats & { readonly kind: 'company' | 'branch' | 'team' | 'manager' };

/** One candidate of a round as the calibration page shows them. */
export interface CalibrationCandidate {
  readonly review: RoundReview;
  readonly performance: CalibrationBand;
  readonly readiness: ReadinessAtNomination | null;
  readonly readinessBand: CalibrationBand | null;
  /** Days from nomination to decision; null while undecided. */
  readonly cycleDays: number | null;
}

export interface NineBoxCell {
  readonly performance: CalibrationBand;
  readonly readiness: CalibrationBand;
  readonly candidates: readonly CalibrationCandidate[];
}

export interface CalibrationRound {
  readonly round: string;
  readonly from: string;
  readonly to: string;
  readonly rounds: readonly { round: string; nominations: number }[];
  readonly candidates: readonly CalibrationCandidate[];
  readonly nineBox: readonly NineBoxCell[];
  /** Candidates whose readiness could not be judged (no verdict for the level): outside the 9-box. */
  readonly unplaced: readonly CalibrationCandidate[];
  readonly histogram: readonly HistogramBin[];
  readonly company: CalibrationGroup;
  readonly byBranch: readonly CalibrationGroup[];
  readonly byTeam: readonly CalibrationGroup[];
  readonly byManager: readonly CalibrationGroup[];
  readonly cycleTime: ReturnType<typeof cycleTime>;
  readonly notes: readonly CalibrationNote[];
}

/** Groups of a kind, the most nominations first, then by id. */
const largestFirst = (kind: CalibrationGroup['kind'], groups: GroupStats[]): CalibrationGroup[] =>
  groups
    .map((g) => ({ ...g, kind }))
    .sort((a, b) => b.nominations - a.nominations || a.group.localeCompare(b.group));

/**
 * A round's calibration: `round` (YYYY-Qn), or the latest round with nominations; null when no
 * round has any.
 */
export async function calibrationRound(
  db: Kysely<Database>,
  store: EventStore,
  scope: ReadScope,
  round: string | null,
  snapshots: FoldSnapshots | null,
): Promise<CalibrationRound | null> {
  const rounds = await nominationRounds(db, scope);
  const chosen = round ?? rounds[0]?.round;
  if (!chosen) return null;
  const { from, to } = roundDates(chosen);
  const [reviews, notes] = await Promise.all([roundReviews(db, scope, chosen), calibrationNotes(db, chosen)]);
  const readiness = await readinessAtNomination(
    store,
    reviews.map((r) => ({
      reviewId: r.review_id,
      employeeId: r.employee_id,
      track: r.track,
      toLevel: r.to_level,
      nominatedAt: r.nominated_at,
      nominatedPosition: BigInt(r.nominated_position),
    })),
    snapshots,
  );
  const candidates: CalibrationCandidate[] = reviews.map((review) => {
    const ready = readiness.get(review.review_id) ?? null;
    return {
      review,
      performance: scoreBand(review.score),
      readiness: ready,
      readinessBand: ready?.share != null ? readinessBand(ready.share) : null,
      cycleDays:
        review.decided_at !== null
          ? daysBetween(review.nominated_at.slice(0, 10), review.decided_at.slice(0, 10))
          : null,
    };
  });
  const nineBox: NineBoxCell[] = [];
  for (const performance of CALIBRATION_BANDS) {
    for (const band of CALIBRATION_BANDS) {
      nineBox.push({
        performance,
        readiness: band,
        candidates: candidates.filter((c) => c.performance === performance && c.readinessBand === band),
      });
    }
  }
  const member = (group: (r: RoundReview) => string | null) =>
    candidates.map((c) => ({
      group: group(c.review) ?? '',
      score: c.review.score,
      outcome: c.review.outcome,
    }));
  const company: CalibrationGroup = { ...compareGroups(member(() => 'company')).company, kind: 'company' };
  return {
    round: chosen,
    from,
    to,
    rounds,
    candidates,
    nineBox,
    unplaced: candidates.filter((c) => c.readinessBand === null),
    histogram: scoreHistogram(candidates.map((c) => c.review.score)),
    company,
    byBranch: largestFirst('branch', compareGroups(member((r) => r.branch_id)).groups),
    byTeam: largestFirst('team', compareGroups(member((r) => r.team_id)).groups),
    byManager: largestFirst('manager', compareGroups(member((r) => r.manager_id)).groups),
    cycleTime: cycleTime(candidates.flatMap((c) => (c.cycleDays === null ? [] : [c.cycleDays]))),
    notes,
  };
}
