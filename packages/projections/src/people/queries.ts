import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from '../database.ts';
import { type ReadScope, scoped } from '../scope.ts';
import {
  anyEligible,
  checkSortValues,
  keyValue,
  LIGHTS_ORDER,
  PEOPLE_SORTS,
  type PeopleSort,
  RISK_BANDS,
  riskBand,
  type SortDirection,
  type SortValue,
  sortKeys,
  targetLight,
} from './overview.ts';
import type { Person } from './table.ts';

export interface PeopleFilter {
  readonly branchId?: string;
  readonly teamId?: string;
  readonly level?: string;
  readonly track?: string;
  readonly status?: Person['status'];
  readonly probation?: Person['probation'];
  /** Retention-risk band (`read.retention_risk`). */
  readonly riskBand?: (typeof RISK_BANDS)[number];
  /** true: eligible for at least one next level; false: has verdicts, none eligible. */
  readonly eligible?: boolean;
  /** Light of the target of the current business month (see `PersonOverview`). */
  readonly light?: (typeof LIGHTS_ORDER)[number];
  /** Name contains this text, case-insensitive. */
  readonly search?: string;
}

export const MAX_PAGE = 100;

/** Escapes `%`, `_` and `\\` for a LIKE pattern. */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `query` cut by `filter` (every filter of {@link PeopleFilter}). */
function filtered<O>(
  query: SelectQueryBuilder<Database, 'people', O>,
  filter: PeopleFilter,
): SelectQueryBuilder<Database, 'people', O> {
  if (filter.branchId) query = query.where('branch_id', '=', filter.branchId);
  if (filter.teamId) query = query.where('team_id', '=', filter.teamId);
  if (filter.level) query = query.where('level', '=', filter.level);
  if (filter.track) query = query.where('track', '=', filter.track);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.probation) query = query.where('probation', '=', filter.probation);
  if (filter.riskBand) query = query.where(sql<boolean>`${riskBand} = ${filter.riskBand}`);
  if (filter.eligible !== undefined) query = query.where(sql<boolean>`${anyEligible} = ${filter.eligible}`);
  if (filter.light) query = query.where(sql<boolean>`${targetLight} = ${filter.light}`);
  if (filter.search) {
    const pattern = `%${likeEscape(filter.search)}%`;
    query = query.where(sql<boolean>`(people.name ILIKE ${pattern} OR people.name_en ILIKE ${pattern})`);
  }
  return query;
}

/** How many people `listPeople` would list with this scope and filter, over all pages. */
export async function countPeople(
  db: Kysely<Database>,
  scope: ReadScope,
  filter: PeopleFilter,
): Promise<number> {
  const query = filtered(
    scoped(db, scope, 'people').select((eb) => eb.fn.countAll<string>().as('n')),
    filter,
  );
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * A page of people in the order asked (`sort` keys then `employee_id`, all in `dir`), after
 * the `after` cursor: the sort-key values and id of the last row seen (`keys` of a page).
 */
export async function listPeople(
  db: Kysely<Database>,
  scope: ReadScope,
  filter: PeopleFilter,
  page: {
    first: number;
    after?: { values: readonly SortValue[]; employeeId: string };
    sort?: PeopleSort;
    dir?: SortDirection;
  },
): Promise<{ rows: Person[]; keys: SortValue[][]; hasNextPage: boolean }> {
  if (!Number.isInteger(page.first) || page.first < 1 || page.first > MAX_PAGE) {
    throw new RangeError(`first must be from 1 to ${MAX_PAGE}, got ${page.first}`);
  }
  const sort = page.sort ?? 'NAME';
  const dir = page.dir ?? 'ASC';
  if (!PEOPLE_SORTS.includes(sort))
    throw new RangeError(`sort must be one of ${PEOPLE_SORTS.join(', ')}, got ${sort}`);
  if (dir !== 'ASC' && dir !== 'DESC') throw new RangeError(`dir must be ASC or DESC, got ${dir}`);
  if (filter.riskBand && !RISK_BANDS.includes(filter.riskBand)) {
    throw new RangeError(`riskBand must be low, medium or high, got ${filter.riskBand}`);
  }
  if (filter.light && !LIGHTS_ORDER.includes(filter.light)) {
    throw new RangeError(`light must be red, yellow or green, got ${filter.light}`);
  }
  const keys = sortKeys(sort);
  let query = scoped(db, scope, 'people')
    .selectAll('people')
    .select(keys.map((k, i) => sql<SortValue>`${k.expression}`.as(`k${i}`)));
  query = filtered(query, filter);
  const after = page.after;
  if (after) {
    if (!checkSortValues(sort, after.values)) {
      throw new RangeError(`the cursor does not belong to sort ${sort}`);
    }
    const left = sql.join([...keys.map((k) => k.expression), sql`people.employee_id`]);
    const right = sql.join([...after.values.map((v, i) => keyValue(v, keys[i]!.type)), after.employeeId]);
    query = query.where(
      dir === 'ASC' ? sql<boolean>`(${left}) > (${right})` : sql<boolean>`(${left}) < (${right})`,
    );
  }
  const direction = dir === 'ASC' ? 'asc' : 'desc';
  for (const key of keys) query = query.orderBy(key.expression, direction);
  const rows = await query
    .orderBy('people.employee_id', direction)
    .limit(page.first + 1)
    .execute();
  const kept = rows.slice(0, page.first);
  const record = (row: Record<string, unknown>) => {
    const person = { ...row };
    for (let i = 0; i < keys.length; i++) delete person[`k${i}`];
    return person as unknown as Person;
  };
  return {
    rows: kept.map((r) => record(r as Record<string, unknown>)),
    keys: kept.map((r) =>
      keys.map((k, i) => {
        const v = (r as Record<string, unknown>)[`k${i}`];
        return k.type === 'text' ? String(v) : Number(v);
      }),
    ),
    hasNextPage: rows.length > page.first,
  };
}

/** People by id, in the order asked, `undefined` where unknown or out of scope (for dataloaders). */
export async function peopleByIds(
  db: Kysely<Database>,
  scope: ReadScope,
  ids: readonly string[],
): Promise<(Person | undefined)[]> {
  if (ids.length === 0) return [];
  const rows = await scoped(db, scope, 'people')
    .selectAll()
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
export async function organisation(db: Kysely<Database>, scope: ReadScope): Promise<OrgUnit[]> {
  const rows = await scoped(db, scope, 'people')
    .select((eb) => [
      'branch_id',
      'team_id',
      eb.fn.count<string>('employee_id').filterWhere('status', '=', 'active').as('active'),
      eb.fn.count<string>('employee_id').filterWhere('status', '=', 'departed').as('departed'),
    ])
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
