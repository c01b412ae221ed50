import { type Kysely, sql } from 'kysely';

/**
 * Snapshots of the domain's fold (`factsFromEvents`) at positions of `$all` (schema
 * `projections`, never rebuilt: a snapshot at a position stays true, the history before it
 * never changes). The auditors' replays continue from the nearest one at or before the
 * position asked instead of folding from the first event. `fold_version` is the fold's code
 * version (`FOLD_VERSION`); rows of another version are ignored and replaced.
 *
 * - `position`: the state holds every fact event at or before it;
 * - `events`: how many fact events it folded (`eventsReplayed` of a replay);
 * - `max_recorded_at` / `business_clock`: the latest transaction time and business date of
 *   the events folded, so a bitemporal view knows whether the snapshot is inside its window;
 * - `state`: the fold state and the audit's own running values, JSON compressed with gzip.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE projections.fold_snapshots (
      fold_version    integer     NOT NULL,
      position        bigint      NOT NULL,
      events          bigint      NOT NULL,
      max_recorded_at timestamptz,
      business_clock  text        NOT NULL,
      bytes           integer     NOT NULL,
      state           bytea       NOT NULL,
      created_at      timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (fold_version, position)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS projections.fold_snapshots`.execute(db);
}
