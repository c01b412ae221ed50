import { type Kysely, sql } from 'kysely';

/**
 * Targets: members (team, rank, region), sales per week of each period, targets with progress,
 * light and early warnings, adjustment requests, and the clock (latest business time seen).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE read.target_members (
      employee_id text PRIMARY KEY,
      team_id     text    NOT NULL,
      level       text    NOT NULL,
      region_id   text    NOT NULL,
      active      boolean NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE read.target_sales (
      sale_id     text PRIMARY KEY,
      employee_id text    NOT NULL,
      team_id     text    NOT NULL,
      period      text    NOT NULL,
      week_index  integer NOT NULL,
      amount      bigint  NOT NULL,
      reversed    boolean NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE read.target_weekly (
      subject_id text    NOT NULL,
      period     text    NOT NULL,
      week_index integer NOT NULL,
      amount     bigint  NOT NULL,
      PRIMARY KEY (subject_id, period, week_index)
    )`.execute(db);
  await sql`
    CREATE TABLE read.targets (
      subject_id               text    NOT NULL,
      period                   text    NOT NULL,
      subject_kind             text    NOT NULL,
      team_id                  text,
      level                    text,
      region_id                text,
      amount                   bigint  NOT NULL,
      original_amount          bigint  NOT NULL,
      basis                    text    NOT NULL,
      set_by                   text    NOT NULL,
      set_at                   text    NOT NULL,
      achieved                 bigint  NOT NULL,
      weeks                    integer NOT NULL,
      weeks_elapsed            integer NOT NULL,
      stage_target             bigint  NOT NULL,
      attainment               double precision NOT NULL,
      stage_attainment         double precision,
      light                    text    NOT NULL,
      consecutive_weeks_behind integer NOT NULL,
      behind_warning           boolean NOT NULL,
      peer_median              double precision,
      peer_gap_warning         boolean NOT NULL,
      warnings                 jsonb   NOT NULL,
      updated_position         bigint  NOT NULL,
      PRIMARY KEY (subject_id, period)
    )`.execute(db);
  await sql`CREATE INDEX targets_period ON read.targets (period, subject_kind)`.execute(db);
  await sql`CREATE INDEX targets_team ON read.targets (team_id, period)`.execute(db);
  await sql`
    CREATE TABLE read.target_adjustments (
      request_id       text PRIMARY KEY,
      subject_id       text   NOT NULL,
      period           text   NOT NULL,
      requested_amount bigint NOT NULL,
      reason           text   NOT NULL,
      state            text   NOT NULL,
      decided_amount   bigint,
      decided_by       text,
      rejection_reason text,
      requested_at     text   NOT NULL,
      decided_at       text,
      position         bigint NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX target_adjustments_subject ON read.target_adjustments (subject_id, period)`.execute(
    db,
  );
  await sql`CREATE TABLE read.target_clock (id integer PRIMARY KEY, now text NOT NULL)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'target_clock',
    'target_adjustments',
    'targets',
    'target_weekly',
    'target_sales',
    'target_members',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(`read.${t}`)}`.execute(db);
  }
}
