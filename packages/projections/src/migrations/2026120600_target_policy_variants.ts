import { type Kysely, sql } from 'kysely';

/**
 * Branch variants of the target policy: the variants in force by branch (a withdrawn one is
 * deleted, the headquarters default stays in `target_policy`), each member's branch, and which
 * policy (id, version, branch variant or default) judged each target row. The targets read model
 * is rebuilt (its version changes), so the columns need no back-fill.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE read.target_policy_variants (
      branch_id text   PRIMARY KEY,
      document  jsonb  NOT NULL,
      position  bigint NOT NULL
    )`.execute(db);
  await sql`ALTER TABLE read.target_members ADD COLUMN branch_id text`.execute(db);
  await sql`ALTER TABLE read.targets ADD COLUMN policy_id text`.execute(db);
  await sql`ALTER TABLE read.targets ADD COLUMN policy_version integer`.execute(db);
  await sql`ALTER TABLE read.targets ADD COLUMN policy_branch_id text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE read.targets DROP COLUMN IF EXISTS policy_branch_id`.execute(db);
  await sql`ALTER TABLE read.targets DROP COLUMN IF EXISTS policy_version`.execute(db);
  await sql`ALTER TABLE read.targets DROP COLUMN IF EXISTS policy_id`.execute(db);
  await sql`ALTER TABLE read.target_members DROP COLUMN IF EXISTS branch_id`.execute(db);
  await sql`DROP TABLE IF EXISTS read.target_policy_variants`.execute(db);
}
