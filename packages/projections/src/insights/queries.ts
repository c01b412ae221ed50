import {
  addMonths,
  type BehaviourRow,
  type FitBandRetention,
  type PromotionOutcomes,
  promotionOutcomes,
  retentionByFitBand,
  type SuccessProfile,
  successProfile,
  type TeamPractice,
  teamPractices,
} from '@trackrecord/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { checkMonthRange, type ReadScope, scoped } from '../scope.ts';

/**
 * What the people read models say about people in general, within a scope: retention by
 * recruiting fit, what the top performers do differently (success profile), and best practices
 * and common problems by team. Each figure carries its sample sizes; the calculations are the
 * domain's (`retentionByFitBand`, `successProfile`, `teamPractices`).
 */

/** The behaviours measured per person over a range of months; every one is "more is better". */
export const BEHAVIOURS = [
  'weeklyFollowUps',
  'monthlyDemos',
  'monthlyOpportunities',
  'monthlyNewCustomers',
  'monthlyCollaboration',
  'collectionRate',
  'feedbackRating',
] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

export interface RecruitingFit {
  /** A hire stayed when they were still employed `horizonMonths` after their hire date. */
  readonly horizonMonths: number;
  /** Hires counted: those whose horizon ended by `asOf`. */
  readonly hires: number;
  /** Hires too recent to tell (their horizon has not ended), left out. */
  readonly tooRecent: number;
  readonly asOf: string;
  readonly bands: readonly FitBandRetention[];
  readonly highToLowRatio: number | null;
}

/** Retention by recruiting-fit band of the hires within the scope whose outcome is known. */
export async function recruitingFit(
  db: Kysely<Database>,
  scope: ReadScope,
  options: { asOf: string; horizonMonths?: number },
): Promise<RecruitingFit> {
  const horizon = options.horizonMonths ?? 12;
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 60) {
    throw new RangeError(`horizonMonths must be a whole number from 1 to 60, got ${horizon}`);
  }
  const asOf = options.asOf.slice(0, 10);
  const people = await scoped(db, scope, 'people')
    .select(['employee_id', 'hired_at', 'left_at', 'recruiting_fit'])
    .execute();
  const end = (hiredAt: string) => `${addMonths(hiredAt.slice(0, 7), horizon)}${hiredAt.slice(7, 10)}`;
  const known = people.filter((p) => end(p.hired_at) <= asOf);
  const result = retentionByFitBand(
    known.map((p) => ({
      personId: p.employee_id,
      fit: p.recruiting_fit,
      stayed: p.left_at === null || p.left_at.slice(0, 10) >= end(p.hired_at),
    })),
  );
  return {
    horizonMonths: horizon,
    hires: known.length,
    tooRecent: people.length - known.length,
    asOf,
    bands: result.bands,
    highToLowRatio: result.highToLowRatio,
  };
}

type PersonBehaviour = BehaviourRow & { teamId: string; months: number };

/**
 * Each person's mean monthly score and behaviours over the months (both ends included) in which
 * they have a score: follow-ups per week, demos, valid opportunities, new customers and
 * collaboration credits per month, collection rate (collected ÷ sales), and the mean 360
 * feedback rating (1–5) received in those months.
 */
async function behaviourRows(
  db: Kysely<Database>,
  scope: ReadScope,
  months: { from: string; to: string },
): Promise<PersonBehaviour[]> {
  const [scores, facts, feedback, people] = await Promise.all([
    scoped(db, scope, 'scores', { join: 'inner' })
      .select(['scores.employee_id', 'scores.month', 'scores.score'])
      .where('scores.month', '>=', months.from)
      .where('scores.month', '<=', months.to)
      .execute(),
    scoped(db, scope, 'kpi_facts', { join: 'inner' })
      .select([
        'kpi_facts.employee_id',
        'kpi_facts.month',
        'kpi_facts.follow_ups',
        'kpi_facts.demos',
        'kpi_facts.opportunities',
        'kpi_facts.new_customers',
        'kpi_facts.collaboration_credits',
        'kpi_facts.sales_amount',
        'kpi_facts.collected',
      ])
      .where('kpi_facts.month', '>=', months.from)
      .where('kpi_facts.month', '<=', months.to)
      .execute(),
    scoped(db, scope, 'feedback_360', { join: 'inner' })
      .select(['feedback_360.employee_id', 'feedback_360.rating', 'feedback_360.at'])
      .where('feedback_360.at', '>=', `${months.from}-01`)
      .where('feedback_360.at', '<', `${addMonths(months.to, 1)}-01`)
      .execute(),
    scoped(db, scope, 'people').select(['employee_id', 'team_id']).execute(),
  ]);
  const team = new Map(people.map((p) => [p.employee_id, p.team_id]));
  const scored = new Map<string, Map<string, number>>();
  for (const s of scores) {
    const m = scored.get(s.employee_id) ?? new Map<string, number>();
    m.set(s.month, Number(s.score));
    scored.set(s.employee_id, m);
  }
  const sums = new Map<
    string,
    { f: number; d: number; o: number; n: number; c: number; sales: number; collected: number }
  >();
  for (const f of facts) {
    if (!scored.get(f.employee_id)?.has(f.month)) continue;
    const s = sums.get(f.employee_id) ?? { f: 0, d: 0, o: 0, n: 0, c: 0, sales: 0, collected: 0 };
    s.f += f.follow_ups;
    s.d += f.demos;
    s.o += f.opportunities;
    s.n += f.new_customers;
    s.c += f.collaboration_credits;
    s.sales += Number(f.sales_amount);
    s.collected += Number(f.collected);
    sums.set(f.employee_id, s);
  }
  const ratings = new Map<string, number[]>();
  for (const r of feedback) ratings.set(r.employee_id, [...(ratings.get(r.employee_id) ?? []), r.rating]);
  const WEEKS_PER_MONTH = 365.25 / 12 / 7;
  return [...scored]
    .filter(([id]) => team.has(id))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, byMonth]): PersonBehaviour => {
      const n = byMonth.size;
      const s = sums.get(id) ?? { f: 0, d: 0, o: 0, n: 0, c: 0, sales: 0, collected: 0 };
      const rated = ratings.get(id);
      const behaviours: Record<string, number> = {
        weeklyFollowUps: s.f / (n * WEEKS_PER_MONTH),
        monthlyDemos: s.d / n,
        monthlyOpportunities: s.o / n,
        monthlyNewCustomers: s.n / n,
        monthlyCollaboration: s.c / n,
      };
      if (s.sales > 0) behaviours.collectionRate = s.collected / s.sales;
      if (rated?.length) behaviours.feedbackRating = rated.reduce((a, b) => a + b, 0) / rated.length;
      return {
        personId: id,
        teamId: team.get(id) as string,
        months: n,
        score: [...byMonth.values()].reduce((a, b) => a + b, 0) / n,
        behaviours,
      };
    });
}

export interface SuccessProfileResult extends SuccessProfile {
  readonly months: { readonly from: string; readonly to: string };
  /** People with a score in the months (the sample). */
  readonly people: number;
}

/**
 * What the top `topShare` (by mean monthly score over the months) do differently from the rest,
 * behaviour by behaviour; null with fewer than 10 people (too few for a top 20% of two).
 */
export async function successProfileOf(
  db: Kysely<Database>,
  scope: ReadScope,
  months: { from: string; to: string },
  topShare = 0.2,
): Promise<SuccessProfileResult | null> {
  checkMonthRange(months);
  if (!(topShare > 0 && topShare < 1))
    throw new RangeError(`topShare must be between 0 and 1, got ${topShare}`);
  const rows = await behaviourRows(db, scope, months);
  if (rows.length < 10) return null;
  return { ...successProfile(rows, topShare), months, people: rows.length };
}

/** Best practices and common problems of each team within the scope over the months. */
export async function teamPracticesOf(
  db: Kysely<Database>,
  scope: ReadScope,
  months: { from: string; to: string },
): Promise<TeamPractice[]> {
  checkMonthRange(months);
  return teamPractices(await behaviourRows(db, scope, months));
}

/** Promotion outcomes within a scope, with the month of the data they were measured on. */
export interface PromotionOutcomesResult extends PromotionOutcomes {
  /**
   * The last complete month with KPI facts (before the month of `asOf`): an after-window ends
   * on or before it, so a month still under way is never compared.
   */
  readonly lastMonth: string | null;
}

/**
 * What approved promotions within the scope did to the promoted person's composite score and
 * to their team's sales (the domain's `promotionOutcomes`). A team is measured by its current
 * members' KPI facts (a transfer moves a person's past sales with them), its region its
 * members'; peers come from the same scope.
 */
export async function promotionOutcomesOf(
  db: Kysely<Database>,
  scope: ReadScope,
  options: { asOf: string; windowMonths?: number },
): Promise<PromotionOutcomesResult> {
  const window = options.windowMonths ?? 3;
  if (!Number.isInteger(window) || window < 1 || window > 12) {
    throw new RangeError(`windowMonths must be a whole number from 1 to 12, got ${window}`);
  }
  const [reviews, people, scores, facts] = await Promise.all([
    scoped(db, scope, 'promotion_reviews', { join: 'inner' })
      .select([
        'promotion_reviews.employee_id',
        'promotion_reviews.review_id',
        'promotion_reviews.from_level',
        'promotion_reviews.to_level',
        'promotion_reviews.decided_at',
      ])
      .where('promotion_reviews.outcome', '=', 'approved')
      .where('promotion_reviews.decided_at', 'is not', null)
      .execute(),
    scoped(db, scope, 'people').select(['employee_id', 'team_id', 'region_id']).execute(),
    scoped(db, scope, 'scores', { join: 'inner' })
      .select(['scores.employee_id', 'scores.month', 'scores.score', 'scores.rank'])
      .execute(),
    scoped(db, scope, 'kpi_facts', { join: 'inner' })
      .select(['kpi_facts.employee_id', 'kpi_facts.month', 'kpi_facts.sales_amount'])
      .execute(),
  ]);
  const personOf = new Map(people.map((p) => [p.employee_id, p]));
  const teamRegion = new Map<string, string>();
  for (const p of people) if (!teamRegion.has(p.team_id)) teamRegion.set(p.team_id, p.region_id);
  const scoresBy = new Map<string, Map<string, { score: number; rank: string }>>();
  for (const s of scores) {
    const months = scoresBy.get(s.employee_id) ?? new Map<string, { score: number; rank: string }>();
    scoresBy.set(s.employee_id, months);
    months.set(s.month, { score: Number(s.score), rank: s.rank });
  }
  const teamSales = new Map<string, Map<string, number>>();
  const current = options.asOf.slice(0, 7);
  let lastMonth: string | null = null;
  for (const f of facts) {
    if (f.month < current && (lastMonth === null || f.month > lastMonth)) lastMonth = f.month;
    const team = personOf.get(f.employee_id)?.team_id;
    if (!team) continue;
    const months = teamSales.get(team) ?? new Map<string, number>();
    teamSales.set(team, months);
    months.set(f.month, (months.get(f.month) ?? 0) + Number(f.sales_amount));
  }
  const promotions = reviews
    .flatMap((r) => {
      const p = personOf.get(r.employee_id);
      return p
        ? [
            {
              employeeId: r.employee_id,
              reviewId: r.review_id,
              month: (r.decided_at as string).slice(0, 7),
              fromLevel: r.from_level,
              toLevel: r.to_level,
              teamId: p.team_id,
              region: p.region_id,
            },
          ]
        : [];
    })
    .sort((a, b) => a.month.localeCompare(b.month) || a.employeeId.localeCompare(b.employeeId));
  const outcomes = promotionOutcomes({
    promotions,
    people: people.map((p) => ({ employeeId: p.employee_id, region: p.region_id })),
    scores: scoresBy,
    teamSales,
    teamRegion,
    lastMonth: lastMonth ?? '0000-01',
    windowMonths: window,
  });
  return { ...outcomes, lastMonth };
}
