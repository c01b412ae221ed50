import { type Kysely, sql } from 'kysely';

/** Training: one row per person and course (assigned, started, completed with the test score). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE read.training_enrollments (
      employee_id      text   NOT NULL,
      course_id        text   NOT NULL,
      state            text   NOT NULL,
      assigned_at      text,
      assigned_by      text,
      reason           text,
      started_at       text,
      completed_at     text,
      test_score       double precision,
      updated_position bigint NOT NULL,
      PRIMARY KEY (employee_id, course_id)
    )`.execute(db);
  await sql`CREATE INDEX training_enrollments_course ON read.training_enrollments (course_id, state)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS read.training_enrollments`.execute(db);
}
