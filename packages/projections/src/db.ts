import { type ColumnType, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

/** The runner's own table, in schema `projections`. */
export interface CheckpointsTable {
  name: string;
  position: string;
  code_version: string;
  updated_at: Date;
  rebuilt_at: Date | null;
}

/** `projections.reactor_log`: every command a reactor dispatched, by its command id. */
export interface ReactorLogTable {
  command_id: string;
  reactor: string;
  rule: string;
  command_type: string;
  trigger_event_id: string;
  trigger_position: ColumnType<string, number | string | bigint, number | string | bigint>;
  outcome: 'appended' | 'duplicate' | 'refused';
  error: string | null;
  dispatches: ColumnType<number, number | undefined, number>;
  first_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** The runner's and the reactors' tables, in schema `projections`. */
export interface ProjectionsMeta {
  'projections.checkpoints': CheckpointsTable;
  'projections.reactor_log': ReactorLogTable;
}

/** A Kysely instance over the read-model database; one per process, closed with `destroy()`. */
export function createDb<DB>(connectionString: string, poolSize = 10): Kysely<DB> {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  pool.on('error', () => {});
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
