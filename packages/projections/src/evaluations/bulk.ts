import { type Kysely, sql } from 'kysely';

/** A column of a bulk write: its name and its SQL type as declared in the table. */
export type Column = readonly [name: string, type: string];

/** Rows per statement: one JSON parameter each, well below PostgreSQL's limits. */
const ROWS_PER_STATEMENT = 5_000;

// The table is named by the caller (one of its own); the builder only needs a shape to accept it.
type AnyTables = Record<string, Record<string, unknown>>;

/**
 * Writes many rows with one statement per few thousand rows: the rows travel as one JSON array
 * in a single parameter (jsonb columns as nested values, so they are encoded once, by one
 * `JSON.stringify`) and `json_to_recordset` unpacks them on the server, instead of a
 * placeholder per value that the client must build and the driver serialise one by one. With
 * `key`, rows that exist are updated (every other column); without, they are inserted.
 *
 * The statement goes through the query builder, so a Kysely bound to a schema (the runner's
 * scratch schema during a rebuild) writes there.
 */
export async function bulkWrite<DB>(
  db: Kysely<DB>,
  table: string,
  columns: readonly Column[],
  rows: readonly object[],
  key?: readonly string[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map(([name]) => name);
  const list = sql.raw(names.map((n) => `"${n}"`).join(', '));
  const definitions = sql.raw(columns.map(([n, t]) => `"${n}" ${t}`).join(', '));
  const builder = db as unknown as Kysely<AnyTables>;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const payload = JSON.stringify(rows.slice(i, i + ROWS_PER_STATEMENT));
    const insert = builder
      .insertInto(table)
      .columns(names)
      .expression(sql`SELECT ${list} FROM json_to_recordset(${payload}::json) AS x(${definitions})`);
    if (key) {
      const rest = names.filter((n) => !key.includes(n));
      await insert
        .onConflict((oc) =>
          oc
            .columns(key)
            .doUpdateSet(Object.fromEntries(rest.map((n) => [n, sql.ref(`excluded.${n}`)])) as never),
        )
        .execute();
    } else {
      await insert.execute();
    }
  }
}

/**
 * Deep equality of two JSON values as stored (a `jsonb` column read back) and as computed: key
 * order does not matter, a key whose value is `undefined` counts as absent (JSON has neither).
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let defined = 0;
  for (const k in x) {
    if (x[k] === undefined) continue;
    defined++;
    if (!sameJson(x[k], y[k])) return false;
  }
  for (const k in y) if (y[k] !== undefined) defined--;
  return defined === 0;
}
