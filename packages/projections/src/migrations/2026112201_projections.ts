import { type Kysely, sql } from 'kysely';

/**
 * Bookkeeping of the projection runner. Read-model tables live in schema `read`; each
 * projection's checkpoint lives here and is written in the same transaction as its tables.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE SCHEMA IF NOT EXISTS read`.execute(db);
  await sql`
    CREATE TABLE projections.checkpoints (
      name         text PRIMARY KEY,
      position     bigint      NOT NULL DEFAULT 0,
      code_version text        NOT NULL,
      updated_at   timestamptz NOT NULL DEFAULT now(),
      rebuilt_at   timestamptz
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS projections.checkpoints`.execute(db);
}
