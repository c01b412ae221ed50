import { type Kysely, sql } from 'kysely';

/**
 * Correction lineage: sales as first counted, decided reviews with their evidence position, and
 * a flag for every score, eligibility verdict and decision a reversed or corrected sale was in.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE read.lineage_sales (
      sale_id     text PRIMARY KEY,
      employee_id text   NOT NULL,
      month       text   NOT NULL,
      amount      bigint NOT NULL,
      position    bigint NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX lineage_sales_employee ON read.lineage_sales (employee_id, position)`.execute(db);
  await sql`
    CREATE TABLE read.lineage_decisions (
      review_id         text PRIMARY KEY,
      employee_id       text   NOT NULL,
      outcome           text   NOT NULL,
      evidence_position bigint NOT NULL,
      position          bigint NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX lineage_decisions_employee ON read.lineage_decisions (employee_id, evidence_position)`.execute(
    db,
  );
  await sql`
    CREATE TABLE read.lineage_corrections (
      event_id    text PRIMARY KEY,
      sale_id     text   NOT NULL,
      employee_id text   NOT NULL,
      correction  text   NOT NULL,
      sale_position bigint NOT NULL,
      position    bigint NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX lineage_corrections_employee ON read.lineage_corrections (employee_id, sale_position)`.execute(
    db,
  );
  await sql`
    CREATE TABLE read.lineage_flags (
      flag_id             text PRIMARY KEY,
      sale_id             text   NOT NULL,
      employee_id         text   NOT NULL,
      correction          text   NOT NULL,
      correction_event_id text   NOT NULL,
      correction_position bigint NOT NULL,
      correction_at       text   NOT NULL,
      reason              text   NOT NULL,
      sale_position       bigint NOT NULL,
      kind                text   NOT NULL,
      ref                 text   NOT NULL,
      from_position       bigint NOT NULL,
      before_position     bigint NOT NULL,
      amount_before       bigint NOT NULL,
      amount_after        bigint NOT NULL,
      position            bigint NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX lineage_flags_employee ON read.lineage_flags (employee_id, kind)`.execute(db);
  await sql`CREATE INDEX lineage_flags_sale ON read.lineage_flags (sale_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['lineage_flags', 'lineage_corrections', 'lineage_decisions', 'lineage_sales']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(`read.${t}`)}`.execute(db);
  }
}
