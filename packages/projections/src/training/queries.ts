import {
  COURSE_CATALOGUE,
  type CourseId,
  type CourseRecommendation,
  addMonths as calendarAddMonths,
  comparablePeers,
  type DifferenceInDifferences,
  type KpiId,
  type KpiValue,
  type MeasuredEffect,
  MIN_COMPARABLE_PEERS,
  measureEffect,
  recommendCourses,
} from '@trackrecord/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { type ReadScope, scoped } from '../scope.ts';
import type { TrainingEnrollment } from './table.ts';

const isCourseId = (id: string): id is CourseId => Object.hasOwn(COURSE_CATALOGUE, id);

/** A person's courses (assigned, started, completed with test score), by course. */
export async function enrollmentsOf(
  db: Kysely<Database>,
  scope: ReadScope,
  employeeId: string,
): Promise<TrainingEnrollment[]> {
  const q = scoped(db, scope, 'training_enrollments')
    .selectAll('training_enrollments')
    .where('training_enrollments.employee_id', '=', employeeId);
  return q.orderBy('training_enrollments.course_id').execute();
}

/** Per course within the scope: how many were assigned, started, completed, and the mean test score. */
export async function courseSummary(
  db: Kysely<Database>,
  scope: ReadScope,
): Promise<
  { courseId: string; assigned: number; started: number; completed: number; meanTestScore: number | null }[]
> {
  const q = scoped(db, scope, 'training_enrollments')
    .select((eb) => [
      'training_enrollments.course_id as courseId',
      eb.fn.countAll<string>().as('assigned'),
      eb.fn.count<string>('training_enrollments.started_at').as('started'),
      eb.fn.count<string>('training_enrollments.completed_at').as('completed'),
      eb.fn.avg<string | null>('training_enrollments.test_score').as('mean'),
    ])
    .groupBy('training_enrollments.course_id');
  const rows = await q.orderBy('training_enrollments.course_id').execute();
  return rows.map((r) => ({
    courseId: r.courseId,
    assigned: Number(r.assigned),
    started: Number(r.started),
    completed: Number(r.completed),
    meanTestScore: r.mean === null ? null : Number(r.mean),
  }));
}

/**
 * Course recommendations with reasons for one person: the domain's `recommendCourses` on the
 * person's composite score and KPI values (inputs: the scores read model's latest breakdown for
 * the person, which the caller passes), minus the courses this read model shows completed.
 */
export async function recommendationsFor(
  db: Kysely<Database>,
  scope: ReadScope,
  employeeId: string,
  latest: { score: number; kpis: readonly KpiValue[] },
): Promise<CourseRecommendation[]> {
  const completed = (await enrollmentsOf(db, scope, employeeId))
    .filter((e) => e.state === 'completed')
    .map((e) => e.course_id)
    .filter((id): id is CourseId => isCourseId(id));
  return recommendCourses({ score: latest.score, kpis: latest.kpis, completedCourses: completed });
}

/** KPIs a course effect can be measured on from the monthly KPI facts. */
export const MEASURABLE_KPIS = [
  'salesAmount',
  'collectionRate',
  'customerRetentionRate',
  'customerFollowUps',
  'teamCollaboration',
  'validOpportunities',
  'demos',
  'newCustomers',
] as const satisfies readonly KpiId[];
type MeasurableKpi = (typeof MEASURABLE_KPIS)[number];

type FactsRow = {
  sales_amount: string;
  collected: string;
  customers_retained: number;
  customers_churned: number;
  follow_ups: number;
  collaboration_credits: number;
  opportunities: number;
  demos: number;
  new_customers: number;
};

/** One month's value of a KPI from its KPI facts row; `null` when undefined (÷ 0). */
export function monthlyKpi(kpi: MeasurableKpi, f: FactsRow): number | null {
  switch (kpi) {
    case 'salesAmount':
      return Number(f.sales_amount);
    case 'collectionRate':
      return Number(f.sales_amount) > 0 ? Number(f.collected) / Number(f.sales_amount) : null;
    case 'customerRetentionRate': {
      const n = f.customers_retained + f.customers_churned;
      return n > 0 ? f.customers_retained / n : null;
    }
    case 'customerFollowUps':
      return f.follow_ups;
    case 'teamCollaboration':
      return f.collaboration_credits;
    case 'validOpportunities':
      return f.opportunities;
    case 'demos':
      return f.demos;
    case 'newCustomers':
      return f.new_customers;
  }
}

const monthsAfter = new Map<string, string>();
const addMonths = (month: string, n: number): string => {
  const key = `${month}/${n}`;
  const known = monthsAfter.get(key);
  if (known !== undefined) return known;
  const d = calendarAddMonths(month, n);
  if (monthsAfter.size < 100_000) monthsAfter.set(key, d);
  return d;
};

export interface CourseEffect {
  readonly courseId: string;
  readonly kpi: MeasurableKpi;
  /** Months before and after the month of completion that are compared. */
  readonly windowMonths: number;
  /** Whether there is a number to state: `measured`, `not_enough_peers` or `no_trainees`. */
  readonly status: MeasuredEffect['status'];
  /** The course-level measure (the figures below, with the reason when no number is stated). */
  readonly measured: MeasuredEffect;
  /** `null` unless measured: no trainees with a full window after, or fewer peers than the minimum. */
  readonly result: DifferenceInDifferences | null;
  readonly trainees: number;
  readonly peers: number;
  /** Fewer comparable peers than this and no effect is stated. */
  readonly minimumPeers: number;
  /** The same measure for each team's trainees, against peers matched to them. */
  readonly byTeam: readonly { readonly teamId: string; readonly effect: MeasuredEffect }[];
  /** Each trainee's own change against peers matched to their baseline, by month of completion. */
  readonly byTrainee: readonly {
    readonly employeeId: string;
    readonly teamId: string;
    readonly month: string;
    readonly effect: MeasuredEffect;
  }[];
}

/**
 * Measured effect of a course on a KPI, by the domain's difference-in-differences: each
 * trainee's mean monthly KPI over the `windowMonths` months before the month they completed
 * the course vs the same number of months after it, against comparable untrained peers (same
 * rank and region, similar baseline; `comparablePeers`) over the same months. Only completions
 * whose after-window has ended (a later month has facts) count. The KPI defaults to the first
 * of the course's target KPIs that the monthly facts define, else monthly sales. On fewer than
 * `minimumPeers` comparable peers (default {@link MIN_COMPARABLE_PEERS}) no effect is stated.
 * The same is measured per team (the team's trainees against peers matched to them) and per
 * trainee (their change against peers matched to their own baseline).
 */
export async function courseEffect(
  db: Kysely<Database>,
  courseId: string,
  options: CourseEffectOptions = {},
): Promise<CourseEffect> {
  return (await courseEffects(db, [courseId], options))[0] as CourseEffect;
}

/**
 * {@link courseEffect} of several courses at once: the people and their KPI facts are read once
 * for all of them (three queries whatever the number of courses). Within a `scope`, trainees
 * and peers are both people of the scope (branch, team, self). In the order of `courseIds`.
 */
export type CourseEffectOptions = {
  kpi?: MeasurableKpi;
  windowMonths?: number;
  scope?: ReadScope;
  minimumPeers?: number;
};

export async function courseEffects(
  db: Kysely<Database>,
  courseIds: readonly string[],
  options: CourseEffectOptions = {},
): Promise<CourseEffect[]> {
  for (const courseId of courseIds)
    if (!isCourseId(courseId)) throw new RangeError(`unknown course ${courseId}`);
  const window = options.windowMonths ?? 3;
  if (!Number.isInteger(window) || window < 1 || window > 12) {
    throw new RangeError(`windowMonths must be a whole number from 1 to 12, got ${window}`);
  }
  if (courseIds.length === 0) return [];
  const scope: ReadScope = options.scope ?? { kind: 'all' };
  const completionsQuery = scoped(db, scope, 'training_enrollments', { join: 'inner' })
    .select([
      'training_enrollments.course_id',
      'training_enrollments.employee_id',
      'training_enrollments.completed_at',
    ])
    .where('training_enrollments.course_id', 'in', [...courseIds])
    .where('training_enrollments.completed_at', 'is not', null);
  const minimum = options.minimumPeers ?? MIN_COMPARABLE_PEERS;
  const peopleQuery = scoped(db, scope, 'people').select(['employee_id', 'level', 'region_id', 'team_id']);
  const factsQuery = scoped(db, scope, 'kpi_facts', { join: 'inner' }).select([
    'kpi_facts.employee_id',
    'kpi_facts.month',
    'kpi_facts.sales_amount',
    'kpi_facts.collected',
    'kpi_facts.customers_retained',
    'kpi_facts.customers_churned',
    'kpi_facts.follow_ups',
    'kpi_facts.collaboration_credits',
    'kpi_facts.opportunities',
    'kpi_facts.demos',
    'kpi_facts.new_customers',
  ]);
  const [completions, people, facts] = await Promise.all([
    completionsQuery.execute(),
    peopleQuery.execute(),
    factsQuery.execute(),
  ]);
  const lastMonth =
    facts
      .map((f) => f.month)
      .sort()
      .at(-1) ?? '';
  const byPerson = new Map<string, Map<string, FactsRow>>();
  for (const f of facts) {
    let months = byPerson.get(f.employee_id);
    if (!months) {
      months = new Map();
      byPerson.set(f.employee_id, months);
    }
    months.set(f.month, f as unknown as FactsRow);
  }
  return courseIds.map((courseId) => {
    const kpi =
      options.kpi ??
      (COURSE_CATALOGUE[courseId as CourseId].targetKpis.find((k): k is MeasurableKpi =>
        (MEASURABLE_KPIS as readonly string[]).includes(k),
      ) ||
        'salesAmount');
    const completedMonth = new Map(
      completions
        .filter((c) => c.course_id === courseId)
        .map((c) => [c.employee_id, (c.completed_at as string).slice(0, 7)]),
    );
    /** Mean of the KPI over `window` months from `from`; months without facts count as zero activity. */
    const means = new Map<string, number | null>();
    const windowMean = (employeeId: string, from: string): number | null => {
      const key = `${employeeId}\u0000${from}`;
      if (means.has(key)) return means.get(key) as number | null;
      const mean = computeWindowMean(employeeId, from);
      means.set(key, mean);
      return mean;
    };
    const computeWindowMean = (employeeId: string, from: string): number | null => {
      const values: number[] = [];
      for (let i = 0; i < window; i++) {
        const row = byPerson.get(employeeId)?.get(addMonths(from, i));
        const value = monthlyKpi(kpi, row ?? ZERO);
        if (value !== null) values.push(value);
      }
      return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
    };
    type P = {
      personId: string;
      employeeId: string;
      teamId: string;
      before: number;
      after: number;
      rank: string;
      region: string;
      trained: boolean;
    };
    const trainees: P[] = [];
    const peers: P[] = [];
    const teams = new Map<string, { trainees: P[]; peers: P[] }>();
    const byTrainee: { employeeId: string; teamId: string; month: string; effect: MeasuredEffect }[] = [];
    const cohorts = new Set([...completedMonth.values()].filter((m) => addMonths(m, window) <= lastMonth));
    for (const month of [...cohorts].sort()) {
      const beforeFrom = addMonths(month, -window);
      const afterFrom = addMonths(month, 1);
      const afterTo = addMonths(month, window);
      const cohort: P[] = [];
      const candidates: P[] = [];
      for (const p of people) {
        const before = windowMean(p.employee_id, beforeFrom);
        const after = windowMean(p.employee_id, afterFrom);
        if (before === null || after === null) continue;
        const done = completedMonth.get(p.employee_id);
        const row = {
          personId: `${p.employee_id}@${month}`,
          employeeId: p.employee_id,
          teamId: p.team_id,
          before,
          after,
          rank: p.level,
          region: p.region_id,
        };
        if (done === month) cohort.push({ ...row, trained: true });
        else candidates.push({ ...row, trained: done !== undefined && done <= afterTo });
      }
      trainees.push(...cohort);
      peers.push(...comparablePeers(cohort, candidates));
      for (const teamId of new Set(cohort.map((c) => c.teamId))) {
        const members = cohort.filter((c) => c.teamId === teamId);
        const team = teams.get(teamId) ?? { trainees: [], peers: [] };
        team.trainees.push(...members);
        team.peers.push(...comparablePeers(members, candidates));
        teams.set(teamId, team);
      }
      for (const trainee of cohort) {
        byTrainee.push({
          employeeId: trainee.employeeId,
          teamId: trainee.teamId,
          month,
          effect: measureEffect(kpi, [trainee], comparablePeers([trainee], candidates), minimum),
        });
      }
    }
    const measured = measureEffect(kpi, trainees, peers, minimum);
    return {
      courseId,
      kpi,
      windowMonths: window,
      status: measured.status,
      measured,
      result: measured.status === 'measured' ? measured.did : null,
      trainees: trainees.length,
      peers: peers.length,
      minimumPeers: minimum,
      byTeam: [...teams]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([teamId, g]) => ({ teamId, effect: measureEffect(kpi, g.trainees, g.peers, minimum) })),
      byTrainee,
    };
  });
}

const ZERO: FactsRow = {
  sales_amount: '0',
  collected: '0',
  customers_retained: 0,
  customers_churned: 0,
  follow_ups: 0,
  collaboration_credits: 0,
  opportunities: 0,
  demos: 0,
  new_customers: 0,
};
