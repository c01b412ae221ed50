import { type Kysely, sql } from 'kysely';

/**
 * Reactors' own bookkeeping (schema `projections`, never rebuilt): every command a reactor
 * dispatched, by its deterministic command id, and whether the store had it already.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE projections.reactor_log (
      command_id       text PRIMARY KEY,
      reactor          text        NOT NULL,
      rule             text        NOT NULL,
      command_type     text        NOT NULL,
      trigger_event_id text        NOT NULL,
      trigger_position bigint      NOT NULL,
      outcome          text        NOT NULL,
      error            text,
      dispatches       integer     NOT NULL DEFAULT 1,
      first_at         timestamptz NOT NULL DEFAULT now(),
      last_at          timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX reactor_log_trigger ON projections.reactor_log (reactor, trigger_position)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS projections.reactor_log`.execute(db);
}
