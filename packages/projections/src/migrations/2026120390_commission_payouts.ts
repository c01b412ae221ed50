import { type Kysely, sql } from 'kysely';

/**
 * Commission payout periods: the month each ledger line and adjustment is paid in (a payment or
 * correction recorded after its month was locked is paid in the first open month), the months
 * locked, one statement per person per locked month, refunds' basis on adjustments, and the
 * commission disputes with their outcome.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE read.commission_ledger ADD COLUMN payout_month text NOT NULL DEFAULT ''`.execute(db);
  await sql`ALTER TABLE read.commission_ledger ALTER COLUMN payout_month DROP DEFAULT`.execute(db);
  await sql`CREATE INDEX commission_ledger_payout ON read.commission_ledger (payout_month, employee_id)`.execute(
    db,
  );
  await sql`ALTER TABLE read.commission_adjustments ADD COLUMN basis bigint NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE read.commission_adjustments ADD COLUMN corrects_month text`.execute(db);
  await sql`ALTER TABLE read.commission_adjustments ADD COLUMN dispute_id text`.execute(db);
  await sql`CREATE INDEX commission_adjustments_month ON read.commission_adjustments (month, employee_id)`.execute(
    db,
  );
  await sql`
    CREATE TABLE read.commission_periods (
      month     text PRIMARY KEY,
      closed_at text   NOT NULL,
      position  bigint NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE read.commission_statements (
      employee_id      text    NOT NULL,
      month            text    NOT NULL,
      payments         integer NOT NULL,
      collected        bigint  NOT NULL,
      commission       bigint  NOT NULL,
      adjustment_count integer NOT NULL,
      adjustments      bigint  NOT NULL,
      payable          bigint  NOT NULL,
      plans            text[]  NOT NULL,
      closed_at        text    NOT NULL,
      position         bigint  NOT NULL,
      PRIMARY KEY (employee_id, month)
    )`.execute(db);
  await sql`CREATE INDEX commission_statements_month ON read.commission_statements (month)`.execute(db);
  await sql`
    CREATE TABLE read.commission_disputes (
      dispute_id        text PRIMARY KEY,
      sale_id           text   NOT NULL,
      payment_id        text   NOT NULL,
      employee_id       text   NOT NULL,
      comment           text   NOT NULL,
      disputed_at       text   NOT NULL,
      disputed_by       text   NOT NULL,
      position          bigint NOT NULL,
      status            text   NOT NULL,
      amount            bigint NOT NULL DEFAULT 0,
      reason            text,
      resolved_at       text,
      resolved_by       text,
      resolved_position bigint,
      adjustment_id     text
    )`.execute(db);
  await sql`CREATE INDEX commission_disputes_employee ON read.commission_disputes (employee_id, position)`.execute(
    db,
  );
  await sql`CREATE INDEX commission_disputes_status ON read.commission_disputes (status, position)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS read.commission_disputes`.execute(db);
  await sql`DROP TABLE IF EXISTS read.commission_statements`.execute(db);
  await sql`DROP TABLE IF EXISTS read.commission_periods`.execute(db);
  await sql`DROP INDEX IF EXISTS read.commission_adjustments_month`.execute(db);
  await sql`ALTER TABLE read.commission_adjustments DROP COLUMN IF EXISTS dispute_id`.execute(db);
  await sql`ALTER TABLE read.commission_adjustments DROP COLUMN IF EXISTS corrects_month`.execute(db);
  await sql`ALTER TABLE read.commission_adjustments DROP COLUMN IF EXISTS basis`.execute(db);
  await sql`DROP INDEX IF EXISTS read.commission_ledger_payout`.execute(db);
  await sql`ALTER TABLE read.commission_ledger DROP COLUMN IF EXISTS payout_month`.execute(db);
}
