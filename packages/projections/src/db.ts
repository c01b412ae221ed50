import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

/** The runner's own table, in schema `projections`. */
export interface CheckpointsTable {
  name: string;
  position: string;
  code_version: string;
  updated_at: Date;
  rebuilt_at: Date | null;
}

export interface ProjectionsMeta {
  'projections.checkpoints': CheckpointsTable;
}

/** A Kysely instance over the read-model database; one per process, closed with `destroy()`. */
export function createDb<DB>(connectionString: string, poolSize = 10): Kysely<DB> {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  pool.on('error', () => {});
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
