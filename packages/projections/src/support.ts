import { addWeeks, businessTimeOf, type DomainEvent, isEventType, mondayOf } from '@trackrecord/domain';
import type { RecordedEvent } from '@trackrecord/eventstore';
import { type Kysely, type RawBuilder, sql } from 'kysely';

/**
 * `INSERT … ON CONFLICT (keys) DO UPDATE` of every other column, for rows shaped like the
 * table's columns (their values as the projection would bind them: jsonb columns as objects or
 * as JSON text, positions as decimal strings), a few thousand rows per statement through
 * {@link bulkWrite}: one JSON parameter each, unpacked with the table's own column types,
 * which are read once from the catalog. The rows must have distinct keys and the same columns.
 */
export async function upsert<DB>(
  db: Kysely<DB>,
  table: keyof DB & string,
  rows: readonly Record<string, unknown>[],
  keys: readonly string[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = definedColumns(rows[0] as Record<string, unknown>);
  // Rows that leave out a column (or give it as undefined) take its default, which a JSON
  // recordset cannot say: such batches are written with a placeholder per value instead.
  if (!rows.every((row) => sameColumns(row, names))) return upsertValues(db, table, rows, keys);
  const types = await columnTypes(db, table, names);
  // JSON columns travel as text and are cast on the server, so a value given as JSON text (as
  // most projections give them) and one given as an object both end up as that JSON.
  const columns: Column[] = names.map((name) => {
    const type = types.get(name) as string;
    return type === 'jsonb' || type === 'json' ? [name, 'text', type] : [name, type];
  });
  await bulkWrite(db, table, columns, rows, keys);
}

const definedColumns = (row: Record<string, unknown>): string[] =>
  Object.keys(row).filter((k) => row[k] !== undefined);

const sameColumns = (row: Record<string, unknown>, names: readonly string[]): boolean => {
  let n = 0;
  for (const k in row) {
    if (row[k] === undefined) continue;
    n++;
    if (!names.includes(k)) return false;
  }
  return n === names.length;
};

/** Parameters per statement: below PostgreSQL's limit of 65,535. */
const MAX_PARAMETERS = 60_000;

/**
 * The upsert of rows whose columns differ (a column left out takes its default): a multi-row
 * `VALUES` with a placeholder per value, in chunks as large as the parameter limit allows.
 */
export async function upsertValues<DB>(
  db: Kysely<DB>,
  table: string,
  rows: readonly Record<string, unknown>[],
  keys: readonly string[],
): Promise<void> {
  const columns = Object.keys(rows[0] as object).filter((c) => !keys.includes(c));
  const untyped = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const set = Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)]));
  const size = Math.max(1, Math.min(5_000, Math.floor(MAX_PARAMETERS / (columns.length + keys.length))));
  for (let i = 0; i < rows.length; i += size) {
    await untyped
      .insertInto(table)
      .values(rows.slice(i, i + size))
      .onConflict((oc) =>
        columns.length === 0 ? oc.columns(keys).doNothing() : oc.columns(keys).doUpdateSet(set),
      )
      .execute();
  }
}

const typesByTable = new Map<string, Promise<ReadonlyMap<string, string>>>();

/**
 * The SQL types of a read model table's columns (`read.<table>`; a rebuild's scratch copy has the
 * same), read from the catalog once per table and process, and again when asked for a column
 * the cached reading does not know (a migration added it since).
 */
async function columnTypes<DB>(
  db: Kysely<DB>,
  table: string,
  names: readonly string[],
): Promise<ReadonlyMap<string, string>> {
  const cached = await typesByTable.get(table);
  if (cached && names.every((n) => cached.has(n))) return cached;
  const reading = sql<{ name: string; type: string }>`
      SELECT attname AS name, format_type(atttypid, atttypmod) AS type
        FROM pg_attribute
       WHERE attrelid = to_regclass(${`read.${table}`}) AND attnum > 0 AND NOT attisdropped`
    .execute(db)
    .then(({ rows }) => new Map(rows.map((r) => [r.name, r.type])) as ReadonlyMap<string, string>);
  typesByTable.set(table, reading);
  const types = await reading;
  const unknown = names.filter((n) => !types.has(n));
  if (unknown.length > 0)
    throw new Error(`upsert into ${table}: no column ${unknown.join(', ')} in read.${table}`);
  return types;
}

/**
 * A column of a bulk write: its name, its SQL type as declared in the table, and, for a value
 * that travels as another type (JSON as text), the type it is cast to on the server.
 */
export type Column = readonly [name: string, type: string, castTo?: string];

/** Rows per bulk statement: one JSON parameter each, well below PostgreSQL's limits. */
const ROWS_PER_STATEMENT = 5_000;

// The table is named by the caller (one of its own); the builder only needs a shape to accept it.
type AnyTables = Record<string, Record<string, unknown>>;

/**
 * Writes many rows with one statement per few thousand rows: the rows travel as one JSON array
 * in a single parameter (jsonb columns as nested values, so they are encoded once, by one
 * `JSON.stringify`) and `json_to_recordset` unpacks them on the server, instead of a
 * placeholder per value that the client must build and the driver serialise one by one. With
 * `key`, rows that exist are updated (every other column; kept as they are when there is no
 * other column); without, they are inserted.
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
  const list = sql.raw(columns.map(([n, , cast]) => (cast ? `"${n}"::${cast}` : `"${n}"`)).join(', '));
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
          rest.length === 0
            ? oc.columns(key).doNothing()
            : oc
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
 * `(a, b, …) IN (the tuples)` for text columns, the tuples sent as one array parameter per
 * column and unnested on the server: two or three parameters however many tuples, where a
 * tuple list needs a placeholder per value (and stops at PostgreSQL's 65,535).
 */
export function inTuples(
  columns: readonly string[],
  tuples: readonly (readonly string[])[],
): RawBuilder<boolean> {
  const refs = sql.join(columns.map((c) => sql.ref(c)));
  const arrays = sql.join(columns.map((_, i) => sql`${tuples.map((t) => t[i])}::text[]`));
  return sql<boolean>`(${refs}) IN (SELECT * FROM unnest(${arrays}))`;
}

/** Milliseconds of an ISO date or date-time (a date counts as midnight UTC). */
export const millis = (time: string): number => Date.parse(time);

/** Monday (UTC) of the week holding `time`, as `YYYY-MM-DD`: the key of a week (the domain's calendar). */
export const weekOf = mondayOf;

/** The week `n` weeks after week `week` (a `YYYY-MM-DD` Monday). */
export { addWeeks };

/** Position columns are `bigint`: written as decimal strings. */
export const pos = (position: bigint): string => position.toString();

/**
 * The business time of a stored event read without validating it (clocks look at every
 * event): the field its type declares in the event catalog ({@link businessTimeOf}), none for
 * platform events such as the demo seed's; undefined too for a type not in the catalog.
 */
export function rawBusinessTime(event: {
  readonly type: string;
  readonly data: unknown;
}): string | undefined {
  return isEventType(event.type) ? businessTimeOf(event.type, event.data) : undefined;
}

/**
 * A projection's business clock after a batch: the latest business time among `clock` (the
 * time stored before, '' for none) and the events' ({@link rawBusinessTime}), compared as
 * instants and kept as written. Each projection stores its own reading beside its rows, so
 * that a rebuild of one reaches the same clock from `$all` whatever the others have applied.
 */
export function businessClock(
  clock: string,
  events: readonly { readonly type: string; readonly data: unknown }[],
): string {
  let latest = clock;
  let latestMs = clock ? millis(clock) : Number.NEGATIVE_INFINITY;
  for (const e of events) {
    const t = rawBusinessTime(e);
    if (t === undefined) continue;
    const ms = millis(t);
    if (ms > latestMs) {
      latest = t;
      latestMs = ms;
    }
  }
  return latest;
}
