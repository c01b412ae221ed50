import { type Kysely, sql } from 'kysely';

/**
 * Training due dates: the day an assignment must be completed by, and the training read
 * model's business clock (the latest business time seen on `$all`), which tells an overdue
 * course from one still due.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE read.training_enrollments ADD COLUMN due_on text`.execute(db);
  await sql`CREATE INDEX training_enrollments_due ON read.training_enrollments (due_on) WHERE due_on IS NOT NULL AND state <> 'completed'`.execute(
    db,
  );
  await sql`CREATE TABLE read.training_clock (id integer PRIMARY KEY, now text NOT NULL)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS read.training_clock`.execute(db);
  await sql`DROP INDEX IF EXISTS read.training_enrollments_due`.execute(db);
  await sql`ALTER TABLE read.training_enrollments DROP COLUMN IF EXISTS due_on`.execute(db);
}
