import { type Kysely, sql } from 'kysely';

/**
 * Commission ledger: one row per payment collected (回款) with the commission it earned under
 * the plan in force, and a summary per employee per month. Payments on a sale reversed later
 * stay in the ledger, flagged for review. Amounts in fen.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE read.commission_ledger (
      payment_id       text PRIMARY KEY,
      sale_id          text    NOT NULL,
      employee_id      text    NOT NULL,
      month            text    NOT NULL,
      collected_at     text    NOT NULL,
      collected        bigint  NOT NULL,
      collected_before bigint  NOT NULL,
      rate             double precision NOT NULL,
      commission       bigint  NOT NULL,
      plan_id          text    NOT NULL,
      plan_version     integer NOT NULL,
      sale_reversed    boolean NOT NULL DEFAULT false,
      position         bigint  NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX commission_ledger_employee_month ON read.commission_ledger (employee_id, month, position)`.execute(
    db,
  );
  await sql`CREATE INDEX commission_ledger_sale ON read.commission_ledger (sale_id)`.execute(db);
  await sql`
    CREATE TABLE read.commission_summary (
      employee_id         text    NOT NULL,
      month               text    NOT NULL,
      collected           bigint  NOT NULL,
      commission          bigint  NOT NULL,
      payments            integer NOT NULL,
      reversed_payments   integer NOT NULL DEFAULT 0,
      reversed_commission bigint  NOT NULL DEFAULT 0,
      plan_id             text    NOT NULL,
      plan_version        integer NOT NULL,
      updated_position    bigint  NOT NULL,
      PRIMARY KEY (employee_id, month)
    )`.execute(db);
  await sql`
    CREATE TABLE read.commission_reversed_sales (
      sale_id     text PRIMARY KEY,
      reversed_at text   NOT NULL,
      position    bigint NOT NULL
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS read.commission_reversed_sales`.execute(db);
  await sql`DROP TABLE IF EXISTS read.commission_summary`.execute(db);
  await sql`DROP TABLE IF EXISTS read.commission_ledger`.execute(db);
}
