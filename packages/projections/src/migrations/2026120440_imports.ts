import { type Kysely, sql } from 'kysely';

/**
 * Imports from the dashboard (`packages/api/src/import/uploads.ts`): the uploaded files, the
 * last column mapping of each source, and every import run with its progress and report. Not
 * read models (nothing here is derived from events, a rebuild never touches them): they live
 * in schema `projections`, beside the runner's own tables. The CLI import keeps no state of
 * its own (its reports are files); both write their events through the same engine.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE projections.import_uploads (
      upload_id   text PRIMARY KEY,
      file_name   text        NOT NULL,
      size        integer     NOT NULL,
      bytes       bytea       NOT NULL,
      uploaded_by text        NOT NULL,
      uploaded_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE projections.import_mappings (
      source        text PRIMARY KEY,
      kind          text        NOT NULL,
      columns       jsonb       NOT NULL,
      saved_by      text        NOT NULL,
      saved_by_name text        NOT NULL,
      saved_at      timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE projections.import_runs (
      run_id          text PRIMARY KEY,
      files           text[]      NOT NULL,
      request         jsonb       NOT NULL,
      status          text        NOT NULL,
      phase           text        NOT NULL,
      done            integer     NOT NULL DEFAULT 0,
      total           integer     NOT NULL DEFAULT 0,
      percent         integer     NOT NULL DEFAULT 0,
      started_by      text        NOT NULL,
      started_by_name text        NOT NULL,
      started_at      timestamptz NOT NULL DEFAULT now(),
      heartbeat_at    timestamptz NOT NULL DEFAULT now(),
      finished_at     timestamptz,
      rows            integer,
      appended        integer,
      duplicates      integer,
      rejected        integer,
      report          jsonb,
      error           text
    )`.execute(db);
  await sql`CREATE INDEX import_runs_started ON projections.import_runs (started_at DESC)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS projections.import_runs`.execute(db);
  await sql`DROP TABLE IF EXISTS projections.import_mappings`.execute(db);
  await sql`DROP TABLE IF EXISTS projections.import_uploads`.execute(db);
}
