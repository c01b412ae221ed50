import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { PeopleDb, Person } from './table.ts';

/** Whose rows a reader may see; applied in every query here, not left to the caller's UI. */
export type ReadScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'branch'; readonly branchId: string }
  | { readonly kind: 'team'; readonly teamId: string }
  | { readonly kind: 'self'; readonly employeeId: string };

export interface PeopleFilter {
  readonly branchId?: string;
  readonly teamId?: string;
  readonly level?: string;
  readonly track?: string;
  readonly status?: Person['status'];
  readonly probation?: Person['probation'];
}

export const MAX_PAGE = 100;

export function scoped<O>(
  query: SelectQueryBuilder<PeopleDb, 'people', O>,
  scope: ReadScope,
): SelectQueryBuilder<PeopleDb, 'people', O> {
  switch (scope.kind) {
    case 'all':
      return query;
    case 'branch':
      return query.where('people.branch_id', '=', scope.branchId);
    case 'team':
      return query.where('people.team_id', '=', scope.teamId);
    case 'self':
      return query.where('people.employee_id', '=', scope.employeeId);
  }
}

/** A page of people ordered by name then id, after the `after` cursor (the last row seen). */
export async function listPeople(
  db: Kysely<PeopleDb>,
  scope: ReadScope,
  filter: PeopleFilter,
  page: { first: number; after?: { name: string; employeeId: string } },
): Promise<{ rows: Person[]; hasNextPage: boolean }> {
  if (!Number.isInteger(page.first) || page.first < 1 || page.first > MAX_PAGE) {
    throw new RangeError(`first must be from 1 to ${MAX_PAGE}, got ${page.first}`);
  }
  let query = scoped(db.withSchema('read').selectFrom('people').selectAll(), scope);
  if (filter.branchId) query = query.where('branch_id', '=', filter.branchId);
  if (filter.teamId) query = query.where('team_id', '=', filter.teamId);
  if (filter.level) query = query.where('level', '=', filter.level);
  if (filter.track) query = query.where('track', '=', filter.track);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.probation) query = query.where('probation', '=', filter.probation);
  const after = page.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('name', '>', after.name),
        eb.and([eb('name', '=', after.name), eb('employee_id', '>', after.employeeId)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('name')
    .orderBy('employee_id')
    .limit(page.first + 1)
    .execute();
  return { rows: rows.slice(0, page.first), hasNextPage: rows.length > page.first };
}

/** People by id, in the order asked, `undefined` where unknown or out of scope (for dataloaders). */
export async function peopleByIds(
  db: Kysely<PeopleDb>,
  scope: ReadScope,
  ids: readonly string[],
): Promise<(Person | undefined)[]> {
  if (ids.length === 0) return [];
  const rows = await scoped(db.withSchema('read').selectFrom('people').selectAll(), scope)
    .where('employee_id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((r) => [r.employee_id, r]));
  return ids.map((id) => byId.get(id));
}

export interface OrgUnit {
  readonly branchId: string;
  readonly teams: readonly { readonly teamId: string; readonly active: number; readonly departed: number }[];
}

/** Branches and their teams with head counts, within the reader's scope. */
export async function organisation(db: Kysely<PeopleDb>, scope: ReadScope): Promise<OrgUnit[]> {
  const rows = await scoped(
    db
      .withSchema('read')
      .selectFrom('people')
      .select((eb) => [
        'branch_id',
        'team_id',
        eb.fn.count<string>('employee_id').filterWhere('status', '=', 'active').as('active'),
        eb.fn.count<string>('employee_id').filterWhere('status', '=', 'departed').as('departed'),
      ]),
    scope,
  )
    .groupBy(['branch_id', 'team_id'])
    .orderBy('branch_id')
    .orderBy('team_id')
    .execute();
  const branches = new Map<string, { teamId: string; active: number; departed: number }[]>();
  for (const row of rows) {
    const teams = branches.get(row.branch_id) ?? [];
    teams.push({ teamId: row.team_id, active: Number(row.active), departed: Number(row.departed) });
    branches.set(row.branch_id, teams);
  }
  return [...branches].map(([branchId, teams]) => ({ branchId, teams }));
}
