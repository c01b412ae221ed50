import { type Kysely, sql } from 'kysely';

/**
 * Lineage through every dependency: what a sale fed besides its seller (the mentor credited with
 * it, the team whose growth counted it, the peers of its seller's rank and region), the payments
 * behind commission statements, target warnings and each decision's step, and on each flag the
 * path from the correction to what it flags. The read model is rebuilt (its version changes), so
 * the new columns need no back-fill.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE read.lineage_sales
      ADD COLUMN mentor_id text,
      ADD COLUMN team_id text,
      ADD COLUMN level text,
      ADD COLUMN region_id text,
      ADD COLUMN evaluated_month text NOT NULL DEFAULT '',
      ADD COLUMN reversed boolean NOT NULL DEFAULT false`.execute(db);
  await sql`
    ALTER TABLE read.lineage_decisions
      ADD COLUMN to_level text NOT NULL DEFAULT '',
      ADD COLUMN team_id text,
      ADD COLUMN evaluated_month text NOT NULL DEFAULT '',
      ADD COLUMN requirements jsonb NOT NULL DEFAULT '[]'`.execute(db);
  await sql`CREATE INDEX lineage_decisions_team ON read.lineage_decisions (team_id, evidence_position)`.execute(
    db,
  );
  await sql`
    ALTER TABLE read.lineage_corrections
      ADD COLUMN payment_id text,
      ADD COLUMN month text NOT NULL DEFAULT '',
      ADD COLUMN mentor_id text,
      ADD COLUMN team_id text,
      ADD COLUMN level text,
      ADD COLUMN region_id text,
      ADD COLUMN at text NOT NULL DEFAULT '',
      ADD COLUMN reason text NOT NULL DEFAULT '',
      ADD COLUMN amount_before bigint NOT NULL DEFAULT 0,
      ADD COLUMN amount_after bigint NOT NULL DEFAULT 0`.execute(db);
  await sql`CREATE INDEX lineage_corrections_mentor ON read.lineage_corrections (mentor_id)`.execute(db);
  await sql`CREATE INDEX lineage_corrections_team ON read.lineage_corrections (team_id)`.execute(db);
  await sql`CREATE INDEX lineage_corrections_month ON read.lineage_corrections (month)`.execute(db);
  await sql`
    CREATE TABLE read.lineage_members (
      employee_id  text PRIMARY KEY,
      team_id      text,
      level        text,
      region_id    text,
      on_probation boolean NOT NULL,
      mentor_id    text,
      active       boolean NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX lineage_members_team ON read.lineage_members (team_id)`.execute(db);
  await sql`
    CREATE TABLE read.lineage_payments (
      payment_id      text PRIMARY KEY,
      sale_id         text   NOT NULL,
      employee_id     text   NOT NULL,
      month           text   NOT NULL,
      payout_month    text   NOT NULL,
      amount          bigint NOT NULL,
      position        bigint NOT NULL,
      closed_position bigint
    )`.execute(db);
  await sql`CREATE INDEX lineage_payments_sale ON read.lineage_payments (sale_id)`.execute(db);
  await sql`CREATE INDEX lineage_payments_open ON read.lineage_payments (payout_month) WHERE closed_position IS NULL`.execute(
    db,
  );
  await sql`
    CREATE TABLE read.lineage_alerts (
      alert_id          text PRIMARY KEY,
      kind              text   NOT NULL,
      employee_id       text   NOT NULL,
      period            text   NOT NULL,
      level             text,
      region_id         text,
      evidence_position bigint NOT NULL,
      position          bigint NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX lineage_alerts_period ON read.lineage_alerts (period)`.execute(db);
  await sql`
    CREATE TABLE read.lineage_state (
      id             integer PRIMARY KEY,
      clock          text  NOT NULL,
      closed_through text,
      evaluated      jsonb NOT NULL,
      ladders        jsonb NOT NULL
    )`.execute(db);
  await sql`
    ALTER TABLE read.lineage_flags
      ADD COLUMN seller_id text NOT NULL DEFAULT '',
      ADD COLUMN payment_id text,
      ADD COLUMN path jsonb NOT NULL DEFAULT '[]'`.execute(db);
  await sql`CREATE INDEX lineage_flags_kind_ref ON read.lineage_flags (kind, ref)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS read.lineage_flags_kind_ref`.execute(db);
  await sql`ALTER TABLE read.lineage_flags DROP COLUMN seller_id, DROP COLUMN payment_id, DROP COLUMN path`.execute(
    db,
  );
  for (const t of ['lineage_state', 'lineage_alerts', 'lineage_payments', 'lineage_members']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(`read.${t}`)}`.execute(db);
  }
  await sql`DROP INDEX IF EXISTS read.lineage_corrections_mentor`.execute(db);
  await sql`DROP INDEX IF EXISTS read.lineage_corrections_team`.execute(db);
  await sql`DROP INDEX IF EXISTS read.lineage_corrections_month`.execute(db);
  await sql`
    ALTER TABLE read.lineage_corrections
      DROP COLUMN payment_id, DROP COLUMN month, DROP COLUMN mentor_id, DROP COLUMN team_id,
      DROP COLUMN level, DROP COLUMN region_id, DROP COLUMN at, DROP COLUMN reason,
      DROP COLUMN amount_before, DROP COLUMN amount_after`.execute(db);
  await sql`DROP INDEX IF EXISTS read.lineage_decisions_team`.execute(db);
  await sql`
    ALTER TABLE read.lineage_decisions
      DROP COLUMN to_level, DROP COLUMN team_id, DROP COLUMN evaluated_month, DROP COLUMN requirements`.execute(
    db,
  );
  await sql`
    ALTER TABLE read.lineage_sales
      DROP COLUMN mentor_id, DROP COLUMN team_id, DROP COLUMN level, DROP COLUMN region_id,
      DROP COLUMN evaluated_month, DROP COLUMN reversed`.execute(db);
}
