import { type Kysely, sql } from 'kysely';

/** 360-degree feedback about employees (OA), one row per event. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE read.feedback_360 (
      event_id    text PRIMARY KEY,
      employee_id text    NOT NULL,
      from_kind   text    NOT NULL,
      from_id     text,
      rating      integer NOT NULL,
      comment     text,
      at          text    NOT NULL,
      position    bigint  NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX feedback_360_employee ON read.feedback_360 (employee_id, at DESC)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS read.feedback_360`.execute(db);
}
