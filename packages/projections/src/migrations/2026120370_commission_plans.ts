import { type Kysely, sql } from 'kysely';

/**
 * Commission under the plan in force: every published plan version with the date it applies
 * from, adjustment lines beside the ledger (clawbacks of reversed sales, reprocessing under a
 * plan effective earlier) and each month's sum of adjustments. The ledger's lines are never
 * rewritten.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE read.commission_plans (
      plan_id        text    NOT NULL,
      version        integer NOT NULL,
      effective_from text    NOT NULL,
      document       jsonb   NOT NULL,
      position       bigint  NOT NULL,
      PRIMARY KEY (plan_id, version)
    )`.execute(db);
  await sql`
    CREATE TABLE read.commission_adjustments (
      adjustment_id text PRIMARY KEY,
      employee_id   text    NOT NULL,
      month         text    NOT NULL,
      payment_id    text    NOT NULL,
      sale_id       text    NOT NULL,
      reason        text    NOT NULL,
      amount        bigint  NOT NULL,
      rate          double precision NOT NULL,
      plan_id       text    NOT NULL,
      plan_version  integer NOT NULL,
      recorded_at   text    NOT NULL,
      position      bigint  NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX commission_adjustments_employee_month ON read.commission_adjustments (employee_id, month, position)`.execute(
    db,
  );
  await sql`CREATE INDEX commission_adjustments_payment ON read.commission_adjustments (payment_id)`.execute(
    db,
  );
  await sql`ALTER TABLE read.commission_summary ADD COLUMN adjustments bigint NOT NULL DEFAULT 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE read.commission_summary DROP COLUMN IF EXISTS adjustments`.execute(db);
  await sql`DROP TABLE IF EXISTS read.commission_adjustments`.execute(db);
  await sql`DROP TABLE IF EXISTS read.commission_plans`.execute(db);
}
