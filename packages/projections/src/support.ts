import { addWeeks, businessTimeOf, type DomainEvent, isEventType, mondayOf } from '@trackrecord/domain';
import type { RecordedEvent } from '@trackrecord/eventstore';
import { type Kysely, sql } from 'kysely';

/** Parameters per statement: below PostgreSQL's limit of 65,535. */
const MAX_PARAMETERS = 60_000;

/**
 * Multi-row `INSERT … ON CONFLICT (keys) DO UPDATE` of every other column, in chunks as large
 * as PostgreSQL's parameter limit allows (at most 5,000 rows): one statement per chunk, never
 * one per row. The rows must have distinct keys.
 */
export async function upsert<DB>(
  db: Kysely<DB>,
  table: keyof DB & string,
  rows: readonly Record<string, unknown>[],
  keys: readonly string[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] as object).filter((c) => !keys.includes(c));
  // A generic upsert over any table of the projection: tables and columns known only by name.
  const untyped = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const name: string = table;
  const set = Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)]));
  const size = Math.max(1, Math.min(5_000, Math.floor(MAX_PARAMETERS / (columns.length + keys.length))));
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size);
    await untyped
      .insertInto(name)
      .values(chunk)
      .onConflict((oc) =>
        columns.length === 0 ? oc.columns(keys).doNothing() : oc.columns(keys).doUpdateSet(set),
      )
      .execute();
  }
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
