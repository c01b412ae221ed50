import { addMonths } from '@trackrecord/domain';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../database.ts';
import type { Person } from '../people/table.ts';
import { checkMonth, type ReadScope, scoped } from '../scope.ts';
import type { Light, Target, TargetAdjustment } from './table.ts';

/** People's targets of a month within the scope, with progress, light and warnings, by person. */
export async function personTargets(
  db: Kysely<Database>,
  scope: ReadScope,
  period: string,
): Promise<Target[]> {
  checkMonth(period);
  return scoped(db, scope, 'targets', { employee: 'subject_id', join: 'inner' })
    .selectAll('targets')
    .where('targets.period', '=', period)
    .where('targets.subject_kind', '=', 'employee')
    .orderBy('targets.subject_id')
    .execute();
}

/**
 * Teams' targets of a month with their own light, and how many members show each light.
 * Scope `self` sees no team; `team` its team; `branch` the teams of its branch.
 */
export async function teamTargets(
  db: Kysely<Database>,
  scope: ReadScope,
  period: string,
): Promise<(Target & { members: Record<Light, number> })[]> {
  checkMonth(period);
  if (scope.kind === 'self') return [];
  let q = db
    .withSchema('read')
    .selectFrom('targets')
    .selectAll('targets')
    .where('targets.period', '=', period)
    .where('targets.subject_kind', '=', 'team');
  if (scope.kind === 'team') q = q.where('targets.subject_id', '=', scope.teamId);
  if (scope.kind === 'branch') {
    q = q.where('targets.subject_id', 'in', (eb) =>
      eb.selectFrom('people').select('people.team_id').where('people.branch_id', '=', scope.branchId),
    );
  }
  const teams = await q.orderBy('targets.subject_id').execute();
  if (teams.length === 0) return [];
  const counts = await db
    .withSchema('read')
    .selectFrom('targets')
    .select((eb) => ['team_id', 'light', eb.fn.countAll<string>().as('n')])
    .where('period', '=', period)
    .where('subject_kind', '=', 'employee')
    .where(
      'team_id',
      'in',
      teams.map((t) => t.subject_id),
    )
    .groupBy(['team_id', 'light'])
    .execute();
  return teams.map((t) => {
    const members: Record<Light, number> = { green: 0, yellow: 0, red: 0 };
    for (const c of counts) if (c.team_id === t.subject_id) members[c.light] = Number(c.n);
    return { ...t, members };
  });
}

/** Early warnings of a month within the scope: people behind the stage target or far behind peers. */
export async function targetWarnings(
  db: Kysely<Database>,
  scope: ReadScope,
  period: string,
): Promise<Target[]> {
  return (await personTargets(db, scope, period)).filter((t) => t.behind_warning || t.peer_gap_warning);
}

/** Adjustment requests of a person's or team's target, oldest first. */
export async function targetAdjustments(
  db: Kysely<Database>,
  subjectId: string,
  period: string,
): Promise<TargetAdjustment[]> {
  checkMonth(period);
  return db
    .withSchema('read')
    .selectFrom('target_adjustments')
    .selectAll()
    .where('subject_id', '=', subjectId)
    .where('period', '=', period)
    .orderBy('requested_at')
    .orderBy('request_id')
    .execute();
}

export type AdjustmentRequestRow = TargetAdjustment & {
  /** The person's name of record and romanised name. */
  name: string;
  name_en: string | null;
  team_id: string;
  /** The target in force of that month (fen), null when none (a team target). */
  current_amount: string | null;
};

/**
 * Adjustment requests of people within the scope, open ones first then the latest decided,
 * optionally of one state and one period (at most `limit`).
 */
export async function adjustmentRequests(
  db: Kysely<Database>,
  scope: ReadScope,
  options: { state?: 'requested' | 'approved' | 'rejected'; period?: string; limit?: number } = {},
): Promise<AdjustmentRequestRow[]> {
  if (options.period) checkMonth(options.period);
  let q = scoped(db, scope, 'target_adjustments', { employee: 'subject_id', join: 'inner' })
    .leftJoin('targets', (join) =>
      join
        .onRef('targets.subject_id', '=', 'target_adjustments.subject_id')
        .onRef('targets.period', '=', 'target_adjustments.period'),
    )
    .selectAll('target_adjustments')
    .select([
      'people.name as name',
      'people.name_en as name_en',
      'people.team_id as team_id',
      'targets.amount as current_amount',
    ]);
  if (options.state) q = q.where('target_adjustments.state', '=', options.state);
  if (options.period) q = q.where('target_adjustments.period', '=', options.period);
  const rows = await q
    .orderBy(sql`target_adjustments.state = 'requested'`, 'desc')
    .orderBy('target_adjustments.position', 'desc')
    .limit(options.limit ?? 100)
    .execute();
  return rows as AdjustmentRequestRow[];
}

/** The month `n` months after `month` (YYYY-MM; negative n goes back): the domain's calendar. */
export { addMonths };

/** Weeks of a period as the targets read model counts them: days 1–7 are week 0, … 29–31 week 4. */
export function weeksOfPeriod(period: string): number {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Math.ceil(days / 7);
}

/** Weeks of a period that have ended by `now` (ISO): week w ends after day 7(w + 1), or the month's end. */
export function weeksEnded(period: string, now: string | null): number {
  if (!now) return 0;
  const [y, m] = period.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  let ended = 0;
  for (let w = 0; w < weeksOfPeriod(period); w++) {
    const lastDay = Math.min(days, 7 * (w + 1));
    if (Date.parse(now) >= Date.UTC(y, m - 1, lastDay + 1)) ended = w + 1;
  }
  return ended;
}

export interface TargetPlanInputs {
  readonly person: Person;
  /** Months before the period the history covers (from the hire month on), oldest first. */
  readonly historyMonths: readonly string[];
  /** `read.kpi_facts.sales_amount` of each history month (0 for a month without facts). */
  readonly monthlySales: readonly number[];
  /** The same calendar month of earlier years (up to 3, from the hire month on), oldest first, and their sales. */
  readonly sameMonths: readonly string[];
  readonly sameMonthSales: readonly number[];
  /** `read.target_weekly` of the person: each week of each history month, oldest first (0 without sales). */
  readonly weeklySales: readonly number[];
  /** The person's target row of the period, if one was set. */
  readonly target: Target | undefined;
  /** Sales of the period so far (`read.target_weekly`) and weeks of it ended by the read model's clock. */
  readonly achieved: number;
  readonly weeks: number;
  readonly weeksElapsed: number;
  readonly now: string | null;
  /** Active people of the same rank and region within the scope, with their target of the period. */
  readonly peers: readonly { person: Person; target: Target | undefined }[];
  /**
   * The prior for little history: the weekly sales of every active person of the same rank and
   * region (whatever the viewer's scope: only this pooled figure leaves the query), each week of
   * each history month from their hire month on, and how many people that is.
   */
  readonly peerWeeklySales: readonly number[];
  readonly priorPeers: number;
}

/**
 * What a target plan for one person and period rests on, from the read models; `undefined`
 * when the person is unknown or out of the scope.
 */
export async function targetPlanInputs(
  db: Kysely<Database>,
  scope: ReadScope,
  employeeId: string,
  period: string,
  historyMonths: number,
): Promise<TargetPlanInputs | undefined> {
  checkMonth(period);
  const read = db.withSchema('read');
  const person = await scoped(db, scope, 'people')
    .selectAll()
    .where('people.employee_id', '=', employeeId)
    .executeTakeFirst();
  if (!person) return undefined;
  const months: string[] = [];
  const hireMonth = person.hired_at.slice(0, 7);
  for (let i = historyMonths; i >= 1; i--) {
    const month = addMonths(period, -i);
    if (month >= hireMonth) months.push(month);
  }
  const sameMonths: string[] = [];
  for (let years = 3; years >= 1; years--) {
    const month = addMonths(period, -12 * years);
    if (month >= hireMonth) sameMonths.push(month);
  }
  const factMonths = [...new Set([...months, ...sameMonths])];
  const peersQuery = scoped(db, scope, 'people')
    .selectAll()
    .where('people.level', '=', person.level)
    .where('people.region_id', '=', person.region_id)
    .where('people.status', '=', 'active')
    .where('people.employee_id', '!=', employeeId);
  const [facts, weekly, targets, clock, peers] = await Promise.all([
    factMonths.length
      ? read
          .selectFrom('kpi_facts')
          .select(['month', 'sales_amount'])
          .where('employee_id', '=', employeeId)
          .where('month', 'in', factMonths)
          .execute()
      : Promise.resolve([]),
    read
      .selectFrom('target_weekly')
      .select(['period', 'week_index', 'amount'])
      .where('subject_id', '=', employeeId)
      .where('period', 'in', [...months, period])
      .execute(),
    read
      .selectFrom('targets')
      .selectAll()
      .where('period', '=', period)
      .where('subject_kind', '=', 'employee')
      .execute(),
    read.selectFrom('target_clock').select('now').executeTakeFirst(),
    peersQuery.orderBy('people.employee_id').execute(),
  ]);
  const priorPeople = await read
    .selectFrom('people')
    .select(['employee_id', 'hired_at'])
    .where('people.level', '=', person.level)
    .where('people.region_id', '=', person.region_id)
    .where('people.status', '=', 'active')
    .where('people.employee_id', '!=', employeeId)
    .execute();
  const priorMonths = [];
  for (let i = historyMonths; i >= 1; i--) priorMonths.push(addMonths(period, -i));
  const priorRows =
    priorPeople.length && priorMonths.length
      ? await read
          .selectFrom('target_weekly')
          .select(['subject_id', 'period', 'week_index', 'amount'])
          .where(
            'subject_id',
            'in',
            priorPeople.map((p) => p.employee_id),
          )
          .where('period', 'in', priorMonths)
          .execute()
      : [];
  const priorAmount = new Map(
    priorRows.map((w) => [`${w.subject_id}/${w.period}/${w.week_index}`, Number(w.amount)]),
  );
  const peerWeeklySales: number[] = [];
  let priorPeers = 0;
  for (const peer of priorPeople) {
    const since = peer.hired_at.slice(0, 7);
    const months = priorMonths.filter((m) => m >= since);
    if (months.length === 0) continue;
    priorPeers++;
    for (const m of months) {
      for (let w = 0; w < weeksOfPeriod(m); w++) {
        peerWeeklySales.push(priorAmount.get(`${peer.employee_id}/${m}/${w}`) ?? 0);
      }
    }
  }
  const salesOf = new Map(facts.map((f) => [f.month, Number(f.sales_amount)]));
  const weekAmount = new Map(weekly.map((w) => [`${w.period}/${w.week_index}`, Number(w.amount)]));
  const weeklySales = months.flatMap((m) =>
    Array.from({ length: weeksOfPeriod(m) }, (_, w) => weekAmount.get(`${m}/${w}`) ?? 0),
  );
  const targetOf = new Map(targets.map((t) => [t.subject_id, t]));
  const target = targetOf.get(employeeId);
  const now = clock?.now ?? null;
  const weeks = weeksOfPeriod(period);
  const weeksElapsed = target ? target.weeks_elapsed : weeksEnded(period, now);
  const achieved = target
    ? Number(target.achieved)
    : weekly.filter((w) => w.period === period).reduce((a, w) => a + Number(w.amount), 0);
  return {
    person,
    historyMonths: months,
    monthlySales: months.map((m) => salesOf.get(m) ?? 0),
    sameMonths,
    sameMonthSales: sameMonths.map((m) => salesOf.get(m) ?? 0),
    weeklySales,
    target,
    achieved,
    weeks,
    weeksElapsed,
    now,
    peers: peers.map((p) => ({ person: p, target: targetOf.get(p.employee_id) })),
    peerWeeklySales,
    priorPeers,
  };
}

export interface SplitMemberInputs {
  readonly person: Person;
  /** Σ `read.kpi_facts.sales_amount` over the history months before the period (fen). */
  readonly trailingSales: number;
  /** Latest composite score (`read.scores`) of a month before the period; null when never scored. */
  readonly score: number | null;
  readonly scoreMonth: string | null;
}

/**
 * The active members of a team within the scope with the inputs of the split strategies, by
 * employee id; empty when the team is unknown, has no active member or is out of the scope.
 */
export async function teamSplitInputs(
  db: Kysely<Database>,
  scope: ReadScope,
  teamId: string,
  period: string,
  historyMonths: number,
): Promise<{ members: SplitMemberInputs[]; historyMonths: string[]; team: Target | undefined }> {
  checkMonth(period);
  const read = db.withSchema('read');
  const people = await scoped(db, scope, 'people')
    .selectAll()
    .where('people.team_id', '=', teamId)
    .where('people.status', '=', 'active')
    .orderBy('people.employee_id')
    .execute();
  const months = Array.from({ length: historyMonths }, (_, i) => addMonths(period, i - historyMonths));
  if (people.length === 0) return { members: [], historyMonths: months, team: undefined };
  const ids = people.map((p) => p.employee_id);
  const [sales, scores, team] = await Promise.all([
    read
      .selectFrom('kpi_facts')
      .select((eb) => ['employee_id', eb.fn.sum<string>('sales_amount').as('sales')])
      .where('employee_id', 'in', ids)
      .where('month', 'in', months)
      .groupBy('employee_id')
      .execute(),
    read
      .selectFrom('scores')
      .select(['employee_id', 'month', 'score'])
      .distinctOn('employee_id')
      .where('employee_id', 'in', ids)
      .where('month', '<', period)
      .orderBy('employee_id')
      .orderBy('month', 'desc')
      .execute(),
    read
      .selectFrom('targets')
      .selectAll()
      .where('subject_id', '=', teamId)
      .where('period', '=', period)
      .where('subject_kind', '=', 'team')
      .executeTakeFirst(),
  ]);
  const salesOf = new Map(sales.map((s) => [s.employee_id, Number(s.sales ?? 0)]));
  const scoreOf = new Map(scores.map((s) => [s.employee_id, s]));
  return {
    historyMonths: months,
    team,
    members: people.map((person) => ({
      person,
      trailingSales: salesOf.get(person.employee_id) ?? 0,
      score: scoreOf.get(person.employee_id)?.score ?? null,
      scoreMonth: scoreOf.get(person.employee_id)?.month ?? null,
    })),
  };
}
