import { roundDates } from '@trackrecord/domain';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../database.ts';
import type { PromotionReview } from '../decisions/table.ts';
import { type ReadScope, scoped } from '../scope.ts';
import type { CalibrationNoteRow } from './table.ts';

/** The most notes the activity log of one round answers. */
export const MAX_CALIBRATION_NOTES = 200;

/** A note with whether its author is an employee (`author_employee`: their id, else null). */
export type CalibrationNote = CalibrationNoteRow & { readonly author_employee: string | null };

/** The notes on a round, newest first (at most {@link MAX_CALIBRATION_NOTES}). */
export async function calibrationNotes(db: Kysely<Database>, round: string): Promise<CalibrationNote[]> {
  roundDates(round);
  return db
    .withSchema('read')
    .selectFrom('calibration_notes')
    .leftJoin('people', 'people.employee_id', 'calibration_notes.annotated_by')
    .selectAll('calibration_notes')
    .select('people.employee_id as author_employee')
    .where('calibration_notes.round', '=', round)
    .orderBy('calibration_notes.position', 'desc')
    .limit(MAX_CALIBRATION_NOTES)
    .execute();
}

/** The business date of a nomination (its first ten characters), as SQL. */
const NOMINATED_ON = sql<string>`substr(promotion_reviews.nominated_at, 1, 10)`;
/** The round (`YYYY-Qn`) of a nomination, as SQL. */
const ROUND_OF = sql<string>`substr(promotion_reviews.nominated_at, 1, 4) || '-Q' || ((substr(promotion_reviews.nominated_at, 6, 2)::int + 2) / 3)`;

/** A review of a round with the candidate's branch, team and manager as `read.people` has them now. */
export type RoundReview = PromotionReview & {
  readonly name: string | null;
  readonly name_en: string | null;
  readonly branch_id: string | null;
  readonly team_id: string | null;
  readonly manager_id: string | null;
};

/** The reviews nominated in a round (by the nomination's business date), within the scope, oldest first. */
export async function roundReviews(
  db: Kysely<Database>,
  scope: ReadScope,
  round: string,
): Promise<RoundReview[]> {
  const { from, to } = roundDates(round);
  return scoped(db, scope, 'promotion_reviews')
    .selectAll('promotion_reviews')
    .select(['people.name', 'people.name_en', 'people.branch_id', 'people.team_id', 'people.manager_id'])
    .where(NOMINATED_ON, '>=', from)
    .where(NOMINATED_ON, '<=', to)
    .orderBy('promotion_reviews.nominated_position')
    .execute();
}

/** The rounds that have nominations within the scope, newest first, with how many. */
export async function nominationRounds(
  db: Kysely<Database>,
  scope: ReadScope,
): Promise<{ round: string; nominations: number }[]> {
  const rows = await scoped(db, scope, 'promotion_reviews')
    .select([ROUND_OF.as('round'), (eb) => eb.fn.countAll<string>().as('nominations')])
    .groupBy(ROUND_OF)
    .orderBy(ROUND_OF, 'desc')
    .execute();
  return rows.map((r) => ({ round: r.round, nominations: Number(r.nominations) }));
}

/** The committee members of the reviews nominated in a round (for who may annotate it). */
export async function roundCommittee(db: Kysely<Database>, round: string): Promise<Set<string>> {
  const { from, to } = roundDates(round);
  const { rows } = await sql<{ member: string }>`
    SELECT DISTINCT unnest(committee) AS member FROM read.promotion_reviews
    WHERE substr(nominated_at, 1, 10) BETWEEN ${from} AND ${to}`.execute(db);
  return new Set(rows.map((r) => r.member));
}

/** Whether a person is the candidate of a review nominated in a round. */
export async function isRoundCandidate(
  db: Kysely<Database>,
  round: string,
  employeeId: string,
): Promise<boolean> {
  const { from, to } = roundDates(round);
  const { rows } = await sql<{ one: number }>`
    SELECT 1 AS one FROM read.promotion_reviews
    WHERE employee_id = ${employeeId} AND substr(nominated_at, 1, 10) BETWEEN ${from} AND ${to}
    LIMIT 1`.execute(db);
  return rows.length > 0;
}
