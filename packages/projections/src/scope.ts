import type { ReadScope } from './people/queries.ts';

/** The `read.people` column and value a scope restricts rows by; `undefined` for scope `all`. */
export type ScopeFilter = {
  readonly column: 'people.branch_id' | 'people.team_id' | 'people.employee_id';
  readonly value: string;
};

/**
 * How a read model keyed by employee honours a {@link ReadScope}: join `read.people` on
 * `employee_id` and keep the rows this filter matches.
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
