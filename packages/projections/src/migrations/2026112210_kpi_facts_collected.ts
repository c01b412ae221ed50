import { type Kysely, sql } from 'kysely';

/**
 * `read.kpi_facts.collected` now carries the domain's definition (PersonPeriodFacts.collectedAmount):
 * payments dated on or before the month's end against the month's sales, at most each sale's
 * amount; the payments received in the month (any sale) move to `collected_in_month`.
 * `read.kpi_sales.paid_by_period_end` keeps each sale's payments up to its month's end.
 * The projection's version changes with this, so its rows are rebuilt.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE read.kpi_facts DROP COLUMN collection_rate`.execute(db);
  await sql`ALTER TABLE read.kpi_facts RENAME COLUMN collected TO collected_in_month`.execute(db);
  await sql`ALTER TABLE read.kpi_facts ADD COLUMN collected bigint NOT NULL DEFAULT 0`.execute(db);
  await sql`
    ALTER TABLE read.kpi_facts ADD COLUMN collection_rate double precision GENERATED ALWAYS AS (
      CASE WHEN sales_amount > 0 THEN collected::double precision / sales_amount END
    ) STORED`.execute(db);
  await sql`ALTER TABLE read.kpi_sales ADD COLUMN paid_by_period_end bigint NOT NULL DEFAULT 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE read.kpi_sales DROP COLUMN paid_by_period_end`.execute(db);
  await sql`ALTER TABLE read.kpi_facts DROP COLUMN collection_rate`.execute(db);
  await sql`ALTER TABLE read.kpi_facts DROP COLUMN collected`.execute(db);
  await sql`ALTER TABLE read.kpi_facts RENAME COLUMN collected_in_month TO collected`.execute(db);
  await sql`
    ALTER TABLE read.kpi_facts ADD COLUMN collection_rate double precision GENERATED ALWAYS AS (
      CASE WHEN sales_amount > 0 THEN collected::double precision / sales_amount END
    ) STORED`.execute(db);
}
