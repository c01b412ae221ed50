import { type Kysely, sql } from 'kysely';

/**
 * Target adjustments: the reason a manager gives when approving a request (a rejection's reason
 * is `rejection_reason`), and the index the open requests of a scope are listed by; the target
 * policy in force (the latest published version), which the lights and warnings follow.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE read.target_policy (
      id       integer PRIMARY KEY,
      document jsonb   NOT NULL,
      position bigint  NOT NULL
    )`.execute(db);
  await sql`ALTER TABLE read.target_adjustments ADD COLUMN approval_reason text`.execute(db);
  await sql`CREATE INDEX target_adjustments_state ON read.target_adjustments (state, position DESC)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS read.target_policy`.execute(db);
  await sql`DROP INDEX IF EXISTS read.target_adjustments_state`.execute(db);
  await sql`ALTER TABLE read.target_adjustments DROP COLUMN approval_reason`.execute(db);
}
