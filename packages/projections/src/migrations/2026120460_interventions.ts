import { type Kysely, sql } from 'kysely';

/** Interventions on people at risk of leaving, one row per event. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE read.interventions (
      event_id    text PRIMARY KEY,
      employee_id text   NOT NULL,
      kind        text   NOT NULL,
      note        text   NOT NULL,
      recorded_by text   NOT NULL,
      at          text   NOT NULL,
      position    bigint NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX interventions_employee ON read.interventions (employee_id, at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS read.interventions`.execute(db);
}
