import { type Kysely, sql } from 'kysely';

/**
 * Branch variants of the scoring policy and ladder (a branch's own version in place of the
 * headquarters default): which branch a published version is the variant of and whether it was
 * withdrawn, and which branch's variant scored a month or judged a verdict (null: the
 * headquarters default). The evaluations and policies read models are rebuilt (their versions change), so the columns need no back-fill.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE read.policies ADD COLUMN branch_id text`.execute(db);
  await sql`ALTER TABLE read.policies ADD COLUMN withdrawn boolean NOT NULL DEFAULT false`.execute(db);
  await sql`ALTER TABLE read.scores ADD COLUMN policy_branch_id text`.execute(db);
  await sql`ALTER TABLE read.eligibility ADD COLUMN ladder_branch_id text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE read.eligibility DROP COLUMN IF EXISTS ladder_branch_id`.execute(db);
  await sql`ALTER TABLE read.scores DROP COLUMN IF EXISTS policy_branch_id`.execute(db);
  await sql`ALTER TABLE read.policies DROP COLUMN IF EXISTS withdrawn`.execute(db);
  await sql`ALTER TABLE read.policies DROP COLUMN IF EXISTS branch_id`.execute(db);
}
