import { type Kysely, type Nullable, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from './database.ts';
import type { PeopleTable } from './people/table.ts';

/**
 * Whose rows a reader may see, applied in every query of the read models, never left to the
 * caller's UI: headquarters roles see everyone, a branch manager one branch, a team manager one
 * team, a rep only themself. The API derives it from the viewer (`dataScope`).
 */
export type ReadScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'branch'; readonly branchId: string }
  | { readonly kind: 'team'; readonly teamId: string }
  | { readonly kind: 'self'; readonly employeeId: string };

/** The `read.people` column and value a scope restricts rows by; `undefined` for scope `all`. */
export type ScopeFilter = {
  readonly column: 'people.branch_id' | 'people.team_id' | 'people.employee_id';
  readonly value: string;
};

/**
 * How a read model keyed by employee honours a {@link ReadScope}: join `read.people` on
 * `employee_id` and keep the rows this filter matches. For raw SQL; query builders use
 * {@link scoped} or {@link whereInScope}.
 */
export function scopeFilter(scope: ReadScope): ScopeFilter | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'branch':
      return { column: 'people.branch_id', value: scope.branchId };
    case 'team':
      return { column: 'people.team_id', value: scope.teamId };
    case 'self':
      return { column: 'people.employee_id', value: scope.employeeId };
  }
}

/** `query`, which reads `read.people` as `people`, cut to the rows `scope` may see. */
export function whereInScope<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  scope: ReadScope,
): SelectQueryBuilder<DB, TB, O> {
  const filter = scopeFilter(scope);
  return filter ? query.where(sql<boolean>`${sql.ref(filter.column)} = ${filter.value}`) : query;
}

/** Read-model tables other than `people` (in schema `read`). */
type ReadTable = Exclude<keyof Database & string, 'people' | `projections.${string}`>;
/** The columns of `T` that may name the employee a row is about. */
type EmployeeColumn<T extends ReadTable> = keyof Database[T] & string;
/** The selection of a query that selects nothing yet. */
type NothingSelected = Record<never, never>;
/** {@link Database} with `people` left-joined: its columns may be null. */
export type ScopedDatabase = Omit<Database, 'people'> & { people: Nullable<PeopleTable> };

/**
 * The one way a read model's rows are read within a {@link ReadScope}: `read.<table>` joined
 * to `read.people` on the employee the row is about (`employee` column, `employee_id` unless
 * named) and cut to what the scope may see, with nothing selected yet. The join is a left join
 * (scope `all` keeps rows of people unknown to `read.people`) unless `join: 'inner'`. For
 * `people` itself, no join: the people the scope may see.
 */
export function scoped(
  db: Kysely<Database>,
  scope: ReadScope,
  table: 'people',
): SelectQueryBuilder<Database, 'people', NothingSelected>;
export function scoped<T extends ReadTable>(
  db: Kysely<Database>,
  scope: ReadScope,
  table: T,
  options?: { readonly employee?: EmployeeColumn<T>; readonly join?: 'left' | 'inner' },
): SelectQueryBuilder<ScopedDatabase, T | 'people', NothingSelected>;
export function scoped(
  db: Kysely<Database>,
  scope: ReadScope,
  table: string,
  options: { readonly employee?: string; readonly join?: 'left' | 'inner' } = {},
): unknown {
  // The tables are named at run time here; the overloads above give callers the typed builder.
  const read = db.withSchema('read') as unknown as Kysely<Record<string, Record<string, unknown>>>;
  let query = read.selectFrom(table);
  if (table !== 'people') {
    const on = `${table}.${options.employee ?? 'employee_id'}`;
    query =
      options.join === 'inner'
        ? query.innerJoin('people', 'people.employee_id', on)
        : query.leftJoin('people', 'people.employee_id', on);
  }
  return whereInScope(query, scope);
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A range of calendar months, both ends inclusive (`YYYY-MM`). */
export interface MonthRange {
  readonly from: string;
  readonly to: string;
}

export function checkMonthRange(range: MonthRange): void {
  if (!MONTH.test(range.from) || !MONTH.test(range.to) || range.from > range.to) {
    throw new RangeError(`months must be YYYY-MM with from <= to, got ${range.from}..${range.to}`);
  }
}

export function checkMonth(month: string): void {
  if (!MONTH.test(month)) throw new RangeError(`month must be YYYY-MM, got ${month}`);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A range of weeks, both ends inclusive, each named by its Monday (`YYYY-MM-DD`, UTC). */
export interface WeekRange {
  readonly from: string;
  readonly to: string;
}

/** Throws a RangeError unless `week` is a real date that is a Monday, as `YYYY-MM-DD`. */
export function checkWeek(week: string, what = 'week'): void {
  const time = DATE.test(week) ? Date.parse(`${week}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== week) {
    throw new RangeError(`${what} must be a date YYYY-MM-DD (the week's Monday), got ${week}`);
  }
  if (new Date(time).getUTCDay() !== 1) {
    throw new RangeError(`${what} must be the Monday that starts the week, got ${week}`);
  }
}

export function checkWeekRange(range: WeekRange): void {
  checkWeek(range.from, 'from');
  checkWeek(range.to, 'to');
  if (range.from > range.to)
    throw new RangeError(`weeks must have from <= to, got ${range.from}..${range.to}`);
}
