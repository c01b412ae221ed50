import { type Kysely, sql } from 'kysely';

/**
 * Each target row's evidence position: the last event of the batch that last changed its
 * progress, peers' median or warnings. A target warning raised from the row names it as its
 * evidence (it used to name the end of the reactor's batch, which during a catch-up could lie
 * before the sales the warning rests on, so no correction reached the warning). The targets
 * read model is rebuilt (its version changes), so the column needs no back-fill.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE read.targets ADD COLUMN evidence_position bigint NOT NULL DEFAULT 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE read.targets DROP COLUMN evidence_position`.execute(db);
}
