import { type Kysely, sql } from 'kysely';

/**
 * The reader's name in English beside the name they signed in with (a demo persona's romanised
 * name, or a linked employee's): the access log and "who looked at my record" name the reader
 * in the page's language. Earlier entries have none and show the name they were recorded with.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE auth.access_log ADD COLUMN user_name_en text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE auth.access_log DROP COLUMN IF EXISTS user_name_en`.execute(db);
}
