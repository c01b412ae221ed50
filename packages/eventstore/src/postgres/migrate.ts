import { Kysely, type Migration, type MigrationProvider, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import * as events from './migrations/2026112201_events.ts';

/** Migrations are listed here (not discovered on disk) so they work from any working directory. */
const migrations: Record<string, Migration> = {
  '2026112201_events': events,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the event store schema of the database at `connectionString` up to date. */
export async function migrateEventStore(connectionString: string): Promise<string[]> {
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: 1 }) }),
  });
  try {
    await db.schema.createSchema('eventstore').ifNotExists().execute();
    const migrator = new Migrator({ db, provider, migrationTableSchema: 'eventstore' });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      throw new Error(
        `event store migration failed: ${error instanceof Error ? error.message : String(error)}`,
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
