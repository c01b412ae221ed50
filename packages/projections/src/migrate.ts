import { Kysely, type Migration, type MigrationProvider, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import * as projections from './migrations/2026112201_projections.ts';

/** Listed, not discovered, so migrations work from any working directory. */
const migrations: Record<string, Migration> = {
  '2026112201_projections': projections,
};

/** Brings the read-model schema (`read`) and the runner's bookkeeping (`projections`) up to date. */
export async function migrateReadModels(connectionString: string): Promise<string[]> {
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: 1 }) }),
  });
  try {
    await db.schema.createSchema('projections').ifNotExists().execute();
    const provider: MigrationProvider = { getMigrations: async () => migrations };
    const migrator = new Migrator({ db, provider, migrationTableSchema: 'projections' });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      throw new Error(
        `read-model migration failed: ${error instanceof Error ? error.message : String(error)}`,
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
