import { type Kysely, sql } from 'kysely';

/**
 * The version of the field rules in force when each access was served (null: the built-in
 * default, before any field rules were published, and entries written before this column).
 * With `fieldRules(at:)` an audit can tell which rule applied to a past read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE auth.access_log ADD COLUMN field_rules_version integer`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE auth.access_log DROP COLUMN IF EXISTS field_rules_version`.execute(db);
}
