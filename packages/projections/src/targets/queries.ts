import type { Kysely } from 'kysely';
import type { ReadScope } from '../people/queries.ts';
import type { PeopleDb } from '../people/table.ts';
import { checkMonth, scopeFilter } from '../scope.ts';
import type { Light, Target, TargetAdjustment, TargetsDb } from './table.ts';

type Db = TargetsDb & PeopleDb;

/** People's targets of a month within the scope, with progress, light and warnings, by person. */
export async function personTargets(db: Kysely<Db>, scope: ReadScope, period: string): Promise<Target[]> {
  checkMonth(period);
  let q = db
    .withSchema('read')
    .selectFrom('targets')
    .innerJoin('people', 'people.employee_id', 'targets.subject_id')
    .selectAll('targets')
    .where('targets.period', '=', period)
    .where('targets.subject_kind', '=', 'employee');
  const filter = scopeFilter(scope);
  if (filter) q = q.where(filter.column, '=', filter.value);
  return q.orderBy('targets.subject_id').execute();
}

/**
 * Teams' targets of a month with their own light, and how many members show each light.
 * Scope `self` sees no team; `team` its team; `branch` the teams of its branch.
 */
export async function teamTargets(
  db: Kysely<Db>,
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
export async function targetWarnings(db: Kysely<Db>, scope: ReadScope, period: string): Promise<Target[]> {
  return (await personTargets(db, scope, period)).filter((t) => t.behind_warning || t.peer_gap_warning);
}

/** Adjustment requests of a person's or team's target, oldest first. */
export async function targetAdjustments(
  db: Kysely<Db>,
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
