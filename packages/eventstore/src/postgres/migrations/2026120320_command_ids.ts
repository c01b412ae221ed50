import { type Kysely, sql } from 'kysely';

/**
 * Finding a command by its id in any stream (`findCommands`): the API refuses a commandId
 * already used for another command, in the same stream or another one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX IF NOT EXISTS events_command_id ON eventstore.events ((metadata->>'commandId'))`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS eventstore.events_command_id`.execute(db);
}
