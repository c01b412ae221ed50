import { type Kysely, sql } from 'kysely';

/**
 * Sign-in and grants (issue 20): `read.users` and `read.user_grants`, the read model of the
 * `user-<subject>` streams (who is linked to which employee, which roles with which scope, from
 * when until when), and `auth.tokens`, the tokens issued to signed-in users (dashboard sessions
 * and analysts' API tokens) with their revocation, and `auth.access_log`, who read whose record
 * (a person's one-stop record, an audit replay, an export, an API token's use) under which
 * grant. Neither is events: credentials and the trail of reads are kept apart from the business
 * history and never replayed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE read.users (
      subject      text   PRIMARY KEY,
      display_name text   NOT NULL,
      employee_id  text,
      linked_at    text   NOT NULL,
      position     bigint NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE read.user_grants (
      subject          text   NOT NULL,
      role             text   NOT NULL,
      scope            text   NOT NULL,
      unit_id          text,
      granted_at       text   NOT NULL,
      granted_position bigint NOT NULL,
      revoked_at       text,
      revoked_position bigint,
      PRIMARY KEY (subject, role, granted_position)
    )`.execute(db);
  await sql`CREATE INDEX user_grants_in_force ON read.user_grants (subject) WHERE revoked_at IS NULL`.execute(
    db,
  );
  await sql`CREATE SCHEMA IF NOT EXISTS auth`.execute(db);
  await sql`
    CREATE TABLE auth.tokens (
      id          text        PRIMARY KEY,
      subject     text        NOT NULL,
      kind        text        NOT NULL CHECK (kind IN ('session', 'api')),
      name        text        NOT NULL,
      issued_at   timestamptz NOT NULL,
      expires_at  timestamptz NOT NULL,
      revoked_at  timestamptz,
      last_used_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX tokens_of_subject ON auth.tokens (subject, kind)`.execute(db);
  // Who read whose record: kept apart from the business events, never replayed or rebuilt.
  await sql`
    CREATE TABLE auth.access_log (
      id          bigserial   PRIMARY KEY,
      at          timestamptz NOT NULL,
      user_id     text        NOT NULL,
      user_name   text        NOT NULL,
      role        text        NOT NULL,
      unit_id     text,
      token_kind  text        NOT NULL,
      kind        text        NOT NULL,
      employee_id text,
      detail      text
    )`.execute(db);
  await sql`CREATE INDEX access_log_of_employee ON auth.access_log (employee_id, at DESC)`.execute(db);
  await sql`CREATE INDEX access_log_by_time ON auth.access_log (at DESC)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS auth.access_log`.execute(db);
  await sql`DROP TABLE IF EXISTS auth.tokens`.execute(db);
  await sql`DROP TABLE IF EXISTS read.user_grants`.execute(db);
  await sql`DROP TABLE IF EXISTS read.users`.execute(db);
}
