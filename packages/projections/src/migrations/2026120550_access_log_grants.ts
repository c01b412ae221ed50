import { type Kysely, sql } from 'kysely';

/**
 * The access log names the grant a read was allowed by (issue 20, part 4): its scope (company,
 * branch, team, self), and for a signed-in user the grant itself, by the position of its
 * `RoleGranted` event and the day it took effect, so an auditor can find it in the user's
 * stream. A development persona holds no grant: both stay empty. Also an index for the
 * auditors' page filtered by who read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE auth.access_log
      ADD COLUMN grant_scope    text,
      ADD COLUMN grant_position bigint,
      ADD COLUMN granted_at     text`.execute(db);
  await sql`CREATE INDEX access_log_by_user ON auth.access_log (user_id, at DESC)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS auth.access_log_by_user`.execute(db);
  await sql`
    ALTER TABLE auth.access_log
      DROP COLUMN IF EXISTS grant_scope,
      DROP COLUMN IF EXISTS grant_position,
      DROP COLUMN IF EXISTS granted_at`.execute(db);
}
