import { type Kysely, sql } from 'kysely';

/**
 * Committee membership per review is a grant (`userGrants/committee.ts`): the review's
 * `ReviewOpened` event grants each member of its committee the candidate's record until the
 * review is decided. The access log names a grant by its event's position, so the reviews
 * keep the position of their `ReviewOpened` (`opened_position`). The decisions projection's
 * version changes with this, so its rows are rebuilt and the column filled.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE read.promotion_reviews ADD COLUMN opened_position bigint`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE read.promotion_reviews DROP COLUMN IF EXISTS opened_position`.execute(db);
}
