import { type Kysely, sql } from 'kysely';

/**
 * KPI facts per employee per week: the counters of `read.kpi_facts`, keyed by the week's Monday
 * (`YYYY-MM-DD`, UTC, as the mentoring read model's weeks). `read.kpi_sales` learns each sale's
 * week and its payments up to that week's end, so the weekly `collected` has the monthly
 * definition with the week for the month. The kpi_facts projection's version changes with
 * this, so its rows are rebuilt and these columns filled.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE read.kpi_sales ADD COLUMN week text NOT NULL DEFAULT ''`.execute(db);
  await sql`ALTER TABLE read.kpi_sales ADD COLUMN paid_by_week_end bigint NOT NULL DEFAULT 0`.execute(db);
  await sql`
    CREATE TABLE read.kpi_facts_weekly (
      employee_id           text    NOT NULL,
      week                  text    NOT NULL,
      sales_amount          bigint  NOT NULL DEFAULT 0,
      deals                 integer NOT NULL DEFAULT 0,
      gross_margin          bigint  NOT NULL DEFAULT 0,
      collected             bigint  NOT NULL DEFAULT 0,
      collected_in_week     bigint  NOT NULL DEFAULT 0,
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
      PRIMARY KEY (employee_id, week)
    )`.execute(db);
  await sql`CREATE INDEX kpi_facts_weekly_week ON read.kpi_facts_weekly (week)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS read.kpi_facts_weekly`.execute(db);
  await sql`ALTER TABLE read.kpi_sales DROP COLUMN paid_by_week_end`.execute(db);
  await sql`ALTER TABLE read.kpi_sales DROP COLUMN week`.execute(db);
}
