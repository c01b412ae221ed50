import { Kysely, type Migration, type MigrationProvider, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import * as events from './migrations/2026112201_events.ts';
import * as appendMany from './migrations/2026112202_append_many.ts';
import * as appendManySet from './migrations/2026120101_append_many_set.ts';
import * as commandIds from './migrations/2026120320_command_ids.ts';
import * as appendGroup from './migrations/2026120330_append_group.ts';
import * as personalDataRedaction from './migrations/2026120551_personal_data_redaction.ts';
import * as appendPlainInsert from './migrations/2026120552_append_plain_insert.ts';

/** Migrations are listed here (not discovered on disk) so they work from any working directory. */
const migrations: Record<string, Migration> = {
  '2026112201_events': events,
  '2026112202_append_many': appendMany,
  '2026120101_append_many_set': appendManySet,
  '2026120320_command_ids': commandIds,
  '2026120330_append_group': appendGroup,
  '2026120551_personal_data_redaction': personalDataRedaction,
  '2026120552_append_plain_insert': appendPlainInsert,
};

/** Brings the event store schema of the database at `connectionString` up to date. */
export function migrateEventStore(connectionString: string): Promise<string[]> {
  return runMigrations(connectionString, 'eventstore', migrations, 'event store');
}

/**
 * Applies `migrations` in name order with Kysely's migrator, keeping its bookkeeping tables
 * in `schema` so that each package's migrations are tracked apart. Returns what it applied.
 */
export async function runMigrations(
  connectionString: string,
  schema: string,
  migrations: Record<string, Migration>,
  label: string,
): Promise<string[]> {
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: 1 }) }),
  });
  try {
    await db.schema.createSchema(schema).ifNotExists().execute();
    const provider: MigrationProvider = { getMigrations: async () => migrations };
    // Migrations are written on parallel branches and each owns its own tables, so one that
    // lands later with an earlier timestamp still runs on a database that has the newer ones.
    const migrator = new Migrator({
      db,
      provider,
      migrationTableSchema: schema,
      allowUnorderedMigrations: true,
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      throw new Error(
        `${label} migration failed: ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
        },
      );
    }
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  } finally {
    await db.destroy();
  }
}
