import { addMonths } from '../core/calendar.ts';
import { sum } from './stats.ts';
import {
  type BeforeAfter,
  comparablePeers,
  type MeasuredEffect,
  MIN_COMPARABLE_PEERS,
  measureEffect,
} from './trainingEffect.ts';

/**
 * What promotions did: the promoted people's composite score and their team's sales over the
 * months after the decision against the months before, each set against comparable people (or
 * teams) who were not promoted over the same months — difference-in-differences, as for the
 * effect of a course, with its 95% interval and stated only on enough comparable peers.
 *
 * The month of the decision itself is left out of both windows: the new level starts in it.
 */

/** An approved promotion. */
export interface PromotionFact {
  readonly employeeId: string;
  readonly reviewId: string;
  /** `YYYY-MM` of the decision. */
  readonly month: string;
  readonly fromLevel: string;
  readonly toLevel: string;
  /** The person's team (the one measured for team sales) and its region. */
  readonly teamId: string;
  readonly region: string;
}

/** A person's scored month: the composite score and the level it was scored at. */
export interface ScoredMonth {
  readonly score: number;
  readonly rank: string;
}

export interface PromotionOutcomeInput {
  readonly promotions: readonly PromotionFact[];
  /** Everyone who may be a comparable peer, with the region they are in. */
  readonly people: readonly { readonly employeeId: string; readonly region: string }[];
  /** Scores by person, then by `YYYY-MM`. */
  readonly scores: ReadonlyMap<string, ReadonlyMap<string, ScoredMonth>>;
  /** Sales (fen) by team, then by `YYYY-MM`; a month without an entry sold 0. */
  readonly teamSales: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Each team's region (teams without one are not compared). */
  readonly teamRegion: ReadonlyMap<string, string>;
  /** The last month with data: an after-window must end on or before it. */
  readonly lastMonth: string;
  /** Months on each side of the decision month (default 3). */
  readonly windowMonths?: number;
  readonly minimumPeers?: number;
}

/** One promotion's own before and after, or why it is not measured yet. */
export interface PromotionOutcomeRow extends PromotionFact {
  /** `measured`: its after-window has ended; `pending`: it has not. */
  readonly status: 'measured' | 'pending';
  /** Mean composite score over the months before (scored months only); null without any. */
  readonly scoreBefore: number | null;
  readonly scoreAfter: number | null;
  /** Mean monthly sales of the team (fen) over the months before and after. */
  readonly teamSalesBefore: number | null;
  readonly teamSalesAfter: number | null;
}

export interface PromotionOutcomes {
  readonly windowMonths: number;
  readonly minimumPeers: number;
  /** Promoted people's score against people of their former level who were not promoted. */
  readonly score: MeasuredEffect;
  /** Their teams' monthly sales against teams of the same region without a promotion. */
  readonly teamSales: MeasuredEffect;
  readonly promotions: readonly PromotionOutcomeRow[];
}

const mean = (xs: readonly number[]): number | null => (xs.length ? sum(xs) / xs.length : null);

/** The months `from`, `from + 1`, … (`n` of them). */
const monthsFrom = (from: string, n: number) => Array.from({ length: n }, (_, i) => addMonths(from, i));

export function promotionOutcomes(input: PromotionOutcomeInput): PromotionOutcomes {
  const w = input.windowMonths ?? 3;
  const minimumPeers = input.minimumPeers ?? MIN_COMPARABLE_PEERS;
  const before = (m: string) => monthsFrom(addMonths(m, -w), w);
  const after = (m: string) => monthsFrom(addMonths(m, 1), w);
  const scoreMean = (id: string, months: readonly string[]) => {
    const s = input.scores.get(id);
    return mean(months.flatMap((m) => (s?.has(m) ? [(s.get(m) as ScoredMonth).score] : [])));
  };
  const salesMean = (teamId: string, months: readonly string[]) =>
    mean(months.map((m) => input.teamSales.get(teamId)?.get(m) ?? 0));
  /** Promotions decided within the months of a window around `m` (both sides and the month). */
  const promotedAround = (m: string) =>
    input.promotions.filter((p) => p.month >= addMonths(m, -w) && p.month <= addMonths(m, w));

  const rows: PromotionOutcomeRow[] = input.promotions.map((p) => {
    const done = addMonths(p.month, w) <= input.lastMonth;
    return {
      ...p,
      status: done ? 'measured' : 'pending',
      scoreBefore: scoreMean(p.employeeId, before(p.month)),
      scoreAfter: done ? scoreMean(p.employeeId, after(p.month)) : null,
      teamSalesBefore: salesMean(p.teamId, before(p.month)),
      teamSalesAfter: done ? salesMean(p.teamId, after(p.month)) : null,
    };
  });

  type Candidate = BeforeAfter & { rank: string; region: string; trained: boolean };
  const scoreTreated: Candidate[] = [];
  const scorePeers: Candidate[] = [];
  const teamTreated: Candidate[] = [];
  const teamPeers: Candidate[] = [];
  const measured = rows.filter((r) => r.status === 'measured');
  for (const month of [...new Set(measured.map((r) => r.month))].sort()) {
    const cohort = measured.filter((r) => r.month === month);
    const around = promotedAround(month);
    const promotedIds = new Set(around.map((p) => p.employeeId));
    const promotedTeams = new Set(around.map((p) => p.teamId));
    const [b, a] = [before(month), after(month)];

    // Score: the level held in the month before the decision and still held at the window's end.
    const treated = cohort.flatMap((r): Candidate[] =>
      r.scoreBefore === null || r.scoreAfter === null
        ? []
        : [
            {
              personId: r.employeeId,
              before: r.scoreBefore,
              after: r.scoreAfter,
              rank: r.fromLevel,
              region: r.region,
              trained: true,
            },
          ],
    );
    const candidates = input.people.flatMap((x): Candidate[] => {
      const s = input.scores.get(x.employeeId);
      const rank = s?.get(addMonths(month, -1))?.rank;
      const stayed = s?.get(a[a.length - 1] as string)?.rank;
      const sb = scoreMean(x.employeeId, b);
      const sa = scoreMean(x.employeeId, a);
      if (!rank || rank !== stayed || sb === null || sa === null) return [];
      return [
        {
          personId: x.employeeId,
          before: sb,
          after: sa,
          rank,
          region: x.region,
          trained: promotedIds.has(x.employeeId),
        },
      ];
    });
    scoreTreated.push(...treated);
    scorePeers.push(...comparablePeers(treated, candidates));

    // Team sales: the promoted people's teams against teams of their regions without a promotion.
    const teams = [...new Set(cohort.map((r) => r.teamId))].flatMap((teamId): Candidate[] => {
      const region = input.teamRegion.get(teamId);
      return region === undefined
        ? []
        : [
            {
              personId: teamId,
              before: salesMean(teamId, b) ?? 0,
              after: salesMean(teamId, a) ?? 0,
              rank: 'team',
              region,
              trained: true,
            },
          ];
    });
    const otherTeams = [...input.teamRegion].map(
      ([teamId, region]): Candidate => ({
        personId: teamId,
        before: salesMean(teamId, b) ?? 0,
        after: salesMean(teamId, a) ?? 0,
        rank: 'team',
        region,
        trained: promotedTeams.has(teamId),
      }),
    );
    teamTreated.push(...teams);
    teamPeers.push(...comparablePeers(teams, otherTeams));
  }
  return {
    windowMonths: w,
    minimumPeers,
    score: measureEffect('compositeScore', scoreTreated, scorePeers, minimumPeers),
    teamSales: measureEffect('salesAmount', teamTreated, teamPeers, minimumPeers),
    promotions: rows,
  };
}
