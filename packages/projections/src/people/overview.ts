import { LEVEL_IDS } from '@trackrecord/domain';
import { type Expression, type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../database.ts';
import { type ReadScope, scoped } from '../scope.ts';

/**
 * What an overview shows of each person beside their `read.people` row, read from the other
 * read models in one statement for any number of people:
 *
 * - the composite scores of their last 6 scored *complete* months (`read.scores`, months before
 *   the current business month), oldest first, and apart from them the score of the current
 *   month so far (month to date), which a partial month's missing facts would drag down;
 * - whether any next-level verdict is eligible (`read.eligibility`; null: no verdict);
 * - their retention-risk band (`read.retention_risk`; null: none computed);
 * - the light of their target of the current business month, else of the month before
 *   (`read.targets`; null: no target in either), and that month.
 *
 * The current business month is not the wall clock: it is the month of the latest business
 * time the read models have seen on `$all` (the targets read model's clock, `read.target_clock`),
 * so a store of 2025–2026 history answers for its own last month, and a rebuild answers the same.
 */
export interface PersonOverview {
  readonly employee_id: string;
  /** The last (at most) 6 scored complete months (before the current business month), oldest first. */
  readonly scores: readonly { readonly month: string; readonly score: number }[];
  /** The score of the current business month so far, apart (null: not scored yet). */
  readonly month_to_date: { readonly month: string; readonly score: number } | null;
  readonly eligible: boolean | null;
  readonly risk_band: 'low' | 'medium' | 'high' | null;
  readonly light: 'red' | 'yellow' | 'green' | null;
  /** The month of the target `light` is of: the current business month, else the one before. */
  readonly target_month: string | null;
  /** `YYYY-MM`, or null before any event with a business time was projected. */
  readonly current_month: string | null;
}

/** How many scored months `PersonOverview.scores` holds. */
export const SCORE_TREND_MONTHS = 6;

export const RISK_BANDS = ['low', 'medium', 'high'] as const;
export const LIGHTS_ORDER = ['red', 'yellow', 'green'] as const;

/** The current business month (see {@link PersonOverview}) as an SQL expression. */
export const currentBusinessMonth: RawBuilder<string | null> = sql<
  string | null
>`(SELECT substr(c.now, 1, 7) FROM read.target_clock c WHERE c.id = 1)`;

/** The current business month, or null when no event with a business time was projected. */
export async function businessMonth(db: Kysely<Database>): Promise<string | null> {
  const { rows } = await sql<{ month: string | null }>`SELECT ${currentBusinessMonth} AS month`.execute(db);
  return rows[0]?.month ?? null;
}

/**
 * Months of `read.scores` that count as complete: before the current business month (all of
 * them while nothing with a business time was projected).
 */
const completeMonth = (column: RawBuilder<unknown>) =>
  sql<boolean>`(${column} < ${currentBusinessMonth} OR ${currentBusinessMonth} IS NULL)`;

// Correlated subqueries on `read.people` (aliased `people`), each an index lookup by primary key.
/** The score of the latest complete month (see {@link completeMonth}). */
export const latestScore = sql<number | null>`(SELECT s.score FROM read.scores s
  WHERE s.employee_id = people.employee_id AND ${completeMonth(sql`s.month`)}
  ORDER BY s.month DESC LIMIT 1)`;
export const anyEligible = sql<
  boolean | null
>`(SELECT bool_or(e.eligible) FROM read.eligibility e WHERE e.employee_id = people.employee_id)`;
export const riskBand = sql<
  string | null
>`(SELECT r.band FROM read.retention_risk r WHERE r.employee_id = people.employee_id)`;
export const riskValue = sql<
  number | null
>`(SELECT r.risk FROM read.retention_risk r WHERE r.employee_id = people.employee_id)`;
/** The month before the current business month (`YYYY-MM`), as an SQL expression. */
const previousBusinessMonth = sql<
  string | null
>`to_char(to_date(${currentBusinessMonth} || '-01', 'YYYY-MM-DD') - interval '1 month', 'YYYY-MM')`;
/**
 * The target a person's light is read from: of the current business month when one is set,
 * else of the month before (the last complete month: a month's targets are often set after
 * it started, and a committee reads the month it scores). Periods are months (`YYYY-MM`), so
 * "this month or the one before" is the two of them: a lookup by the primary key
 * (subject_id, period) per person, where a range on `period` let the planner walk the
 * period index through every subject's targets of those months.
 */
const latestTarget = (column: string) => sql<
  string | null
>`(SELECT ${sql.raw(`t.${column}`)} FROM read.targets t
  WHERE t.subject_id = people.employee_id AND t.subject_kind = 'employee'
    AND t.period IN (${currentBusinessMonth}, ${previousBusinessMonth})
  ORDER BY t.period DESC LIMIT 1)`;
export const targetLight = latestTarget('light');
export const targetMonth = latestTarget('period');

/**
 * The overview figures of each listed person (for a dataloader): one statement whatever the
 * number of people; people unknown or out of scope are absent.
 */
export async function overviewForPeople(
  db: Kysely<Database>,
  scope: ReadScope,
  employeeIds: readonly string[],
): Promise<PersonOverview[]> {
  if (employeeIds.length === 0) return [];
  const scores = sql<{ month: string; score: number }[]>`(
    SELECT coalesce(json_agg(json_build_object('month', x.month, 'score', x.score) ORDER BY x.month), '[]'::json)
    FROM (SELECT s.month, s.score FROM read.scores s
          WHERE s.employee_id = people.employee_id AND ${completeMonth(sql`s.month`)}
          ORDER BY s.month DESC LIMIT ${sql.lit(SCORE_TREND_MONTHS)}) x)`;
  const monthToDate = sql<{ month: string; score: number } | null>`(
    SELECT json_build_object('month', s.month, 'score', s.score) FROM read.scores s
    WHERE s.employee_id = people.employee_id AND s.month = ${currentBusinessMonth})`;
  // Risk is one row per person: joined; the target by a lateral lookup; scores and verdicts
  // are read per person by correlated subqueries (each an index lookup).
  // The target's light and month come from one lookup (a lateral join), not one each.
  const target = sql<{ light: string; period: string }>`(SELECT t.light, t.period FROM read.targets t
    WHERE t.subject_id = people.employee_id AND t.subject_kind = 'employee'
      AND t.period IN (${currentBusinessMonth}, ${previousBusinessMonth})
    ORDER BY t.period DESC LIMIT 1)`;
  const rows = await scoped(db, scope, 'people')
    .leftJoin(sql<{ employee_id: string; band: string }>`read.retention_risk`.as('r'), (join) =>
      join.onRef('r.employee_id', '=', 'people.employee_id'),
    )
    .leftJoinLateral(target.as('target'), (join) => join.onTrue())
    .select([
      'people.employee_id',
      scores.as('scores'),
      monthToDate.as('month_to_date'),
      anyEligible.as('eligible'),
      'r.band as risk_band',
      'target.light as light',
      'target.period as target_month',
      currentBusinessMonth.as('current_month'),
    ])
    .where('people.employee_id', 'in', [...employeeIds])
    .execute();
  return rows as unknown as PersonOverview[];
}

/** Orders of `listPeople`. */
export const PEOPLE_SORTS = ['NAME', 'HIRED', 'LEVEL', 'SCORE', 'RISK'] as const;
export type PeopleSort = (typeof PEOPLE_SORTS)[number];
export type SortDirection = 'ASC' | 'DESC';

type KeyType = 'text' | 'float8' | 'int4';
interface SortKey {
  readonly expression: Expression<unknown>;
  readonly type: KeyType;
}

const levelRank = sql<number>`coalesce(array_position(${sql.raw(
  `ARRAY[${LEVEL_IDS.map((l) => `'${l}'`).join(', ')}]::text[]`,
)}, people.level), ${sql.lit(LEVEL_IDS.length + 1)})`;
const bandRank = sql<number>`coalesce(array_position(ARRAY['low', 'medium', 'high']::text[], ${riskBand}), 0)`;

/**
 * The keys each order sorts by, before `employee_id` (the tie-breaker that makes the order
 * total, so a cursor of key values resumes exactly). No key is ever null: people without a
 * score sort as score -1 (below every score), without a risk as band 0 and probability -1;
 * LEVEL is the ladder's order of levels (`LEVEL_IDS`), then name.
 */
export function sortKeys(sort: PeopleSort): readonly SortKey[] {
  switch (sort) {
    case 'NAME':
      return [{ expression: sql`people.name`, type: 'text' }];
    case 'HIRED':
      return [{ expression: sql`people.hired_at`, type: 'text' }];
    case 'LEVEL':
      return [
        { expression: levelRank, type: 'int4' },
        { expression: sql`people.name`, type: 'text' },
      ];
    case 'SCORE':
      // The latest complete month's score, as `Person.compositeScore` shows it.
      return [{ expression: sql`coalesce(${latestScore}, -1)`, type: 'float8' }];
    case 'RISK':
      return [
        { expression: bandRank, type: 'int4' },
        { expression: sql`coalesce(${riskValue}, -1)`, type: 'float8' },
      ];
  }
}

/** A cursor value of a sort key: text keys are strings, numeric keys numbers. */
export type SortValue = string | number;

export function checkSortValues(sort: PeopleSort, values: readonly unknown[]): values is SortValue[] {
  const keys = sortKeys(sort);
  return (
    values.length === keys.length &&
    keys.every((k, i) => (k.type === 'text' ? typeof values[i] === 'string' : Number.isFinite(values[i])))
  );
}

export const keyValue = (value: SortValue, type: KeyType) => sql`CAST(${value} AS ${sql.raw(type)})`;
