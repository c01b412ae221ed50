import { type Kysely, sql } from 'kysely';
import type { Projection } from '../runner/projection.ts';

export interface TableChecksum {
  readonly rows: number;
  /** md5 over every row's text, in a fixed order: equal only if every row is equal. */
  readonly md5: string;
}

/**
 * A checksum of every table of every given projection in `schema`, keyed `projection.table`.
 * Rows are compared as their text form in sorted order, so it needs no knowledge of keys and
 * catches any difference: a missing, doubled or changed row, or a different count.
 */
export async function readModelChecksums<DB>(
  db: Kysely<DB>,
  projections: readonly Pick<Projection, 'name' | 'tables'>[],
  schema = 'read',
): Promise<Record<string, TableChecksum>> {
  const result: Record<string, TableChecksum> = {};
  for (const projection of projections) {
    for (const table of projection.tables) {
      const { rows } = await sql<{ rows: string; md5: string | null }>`
        SELECT count(*) AS rows, md5(string_agg(t.row_text, E'\n' ORDER BY t.row_text COLLATE "C")) AS md5
          FROM (SELECT r::text AS row_text FROM ${sql.id(schema, table)} r) t`.execute(db);
      result[`${projection.name}.${table}`] = {
        rows: Number(rows[0]?.rows ?? 0),
        md5: rows[0]?.md5 ?? 'empty',
      };
    }
  }
  return result;
}
