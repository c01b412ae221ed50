import { type Kysely, sql } from 'kysely';

/**
 * KPI facts per employee per calendar month, the same split by product line, customer type and
 * channel for sales analytics, and the sales they were counted from (so a reversal or a
 * correction can find the month of the original sale). Amounts in fen.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE read.kpi_sales (
      sale_id          text PRIMARY KEY,
      employee_id      text    NOT NULL,
      month            text    NOT NULL,
      product_line     text    NOT NULL,
      customer_type    text    NOT NULL,
      channel          text    NOT NULL,
      amount           bigint  NOT NULL,
      gross_margin     bigint  NOT NULL,
      new_customer     boolean NOT NULL,
      reversed         boolean NOT NULL DEFAULT false,
      updated_position bigint  NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE read.kpi_facts (
      employee_id           text    NOT NULL,
      month                 text    NOT NULL,
      sales_amount          bigint  NOT NULL DEFAULT 0,
      deals                 integer NOT NULL DEFAULT 0,
      gross_margin          bigint  NOT NULL DEFAULT 0,
      collected             bigint  NOT NULL DEFAULT 0,
      collection_rate       double precision GENERATED ALWAYS AS (
                              CASE WHEN sales_amount > 0 THEN collected::double precision / sales_amount END
                            ) STORED,
      follow_ups            integer NOT NULL DEFAULT 0,
      demos                 integer NOT NULL DEFAULT 0,
      opportunities         integer NOT NULL DEFAULT 0,
      new_customers         integer NOT NULL DEFAULT 0,
      customers_retained    integer NOT NULL DEFAULT 0,
      customers_churned     integer NOT NULL DEFAULT 0,
      feedback_rating_sum   double precision NOT NULL DEFAULT 0,
      feedback_rating_count integer NOT NULL DEFAULT 0,
      collaboration_credits integer NOT NULL DEFAULT 0,
      rating360_sum         double precision NOT NULL DEFAULT 0,
      rating360_count       integer NOT NULL DEFAULT 0,
      expenses              bigint  NOT NULL DEFAULT 0,
      updated_position      bigint  NOT NULL,
      PRIMARY KEY (employee_id, month)
    )`.execute(db);
  await sql`CREATE INDEX kpi_facts_month ON read.kpi_facts (month)`.execute(db);
  await sql`
    CREATE TABLE read.kpi_sales_by_dimension (
      employee_id      text    NOT NULL,
      month            text    NOT NULL,
      product_line     text    NOT NULL,
      customer_type    text    NOT NULL,
      channel          text    NOT NULL,
      sales_amount     bigint  NOT NULL DEFAULT 0,
      deals            integer NOT NULL DEFAULT 0,
      gross_margin     bigint  NOT NULL DEFAULT 0,
      new_customers    integer NOT NULL DEFAULT 0,
      collected        bigint  NOT NULL DEFAULT 0,
      updated_position bigint  NOT NULL,
      PRIMARY KEY (employee_id, month, product_line, customer_type, channel)
    )`.execute(db);
  await sql`CREATE INDEX kpi_sales_by_dimension_month ON read.kpi_sales_by_dimension (month)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS read.kpi_sales_by_dimension`.execute(db);
  await sql`DROP TABLE IF EXISTS read.kpi_facts`.execute(db);
  await sql`DROP TABLE IF EXISTS read.kpi_sales`.execute(db);
}
