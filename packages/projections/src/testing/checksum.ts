import { type Kysely, sql } from 'kysely';
import type { Projection } from '../runner/projection.ts';

export interface TableChecksum {
  readonly rows: number;
  /** md5 over every row's text, in a fixed order: equal only if every row is equal. */
  readonly md5: string;
}

/**
 * Columns that say as of which position a row was last written, not what it holds: a row
 * rewritten in a batch takes the batch's last position, so they depend on where batches ended
 * (a crash, another batch size) while every value they vouch for is the same. Left out of the
 * checksum; everything else of the row counts.
 */
const WRITTEN_AS_OF: Readonly<Record<string, readonly string[]>> = {
  targets: ['evidence_position'],
};

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
      const asOf = WRITTEN_AS_OF[table] ?? [];
      const rowText =
        asOf.length === 0
          ? sql`r::text`
          : sql`(to_jsonb(r) - ${sql.raw(`ARRAY[${asOf.map((c) => `'${c}'`).join(', ')}]::text[]`)})::text`;
      const { rows } = await sql<{ rows: string; md5: string | null }>`
        SELECT count(*) AS rows, md5(string_agg(t.row_text, E'\n' ORDER BY t.row_text COLLATE "C")) AS md5
          FROM (SELECT ${rowText} AS row_text FROM ${sql.id(schema, table)} r) t`.execute(db);
      result[`${projection.name}.${table}`] = {
        rows: Number(rows[0]?.rows ?? 0),
        md5: rows[0]?.md5 ?? 'empty',
      };
    }
  }
  return result;
}
