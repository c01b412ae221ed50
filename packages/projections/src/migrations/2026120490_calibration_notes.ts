import { type Kysely, sql } from 'kysely';

/** Notes of HR and the review committee on promotion rounds (calibration), one row per event. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE read.calibration_notes (
      event_id     text PRIMARY KEY,
      round        text   NOT NULL,
      employee_id  text,
      note         text   NOT NULL,
      annotated_by text   NOT NULL,
      at           text   NOT NULL,
      position     bigint NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX calibration_notes_round ON read.calibration_notes (round, position DESC)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS read.calibration_notes`.execute(db);
}
