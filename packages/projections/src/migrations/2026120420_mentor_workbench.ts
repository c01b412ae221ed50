import { type Kysely, sql } from 'kysely';

/**
 * The mentor workbench and activity from a phone: every mentor task with its notes (read back
 * on the workbench), the reason a mentor was assigned or replaced, and each rep's customers
 * with their last contact (the phone's quick log picks from them). The mentoring projection's
 * version changes with this, so its rows are rebuilt and these filled.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE read.mentor_tasks (
      event_id  text PRIMARY KEY,
      mentee_id text   NOT NULL,
      mentor_id text   NOT NULL,
      week      text   NOT NULL,
      task      text   NOT NULL,
      notes     text   NOT NULL,
      at        text   NOT NULL,
      position  bigint NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX mentor_tasks_pair_week ON read.mentor_tasks (mentee_id, mentor_id, week)`.execute(
    db,
  );
  await sql`ALTER TABLE read.mentor_assignments ADD COLUMN reason text`.execute(db);
  await sql`
    CREATE TABLE read.customer_contacts (
      employee_id text    NOT NULL,
      customer_id text    NOT NULL,
      contacts    integer NOT NULL,
      last_at     text    NOT NULL,
      last_kind   text    NOT NULL,
      last_source text,
      position    bigint  NOT NULL,
      PRIMARY KEY (employee_id, customer_id)
    )`.execute(db);
  await sql`CREATE INDEX customer_contacts_recent ON read.customer_contacts (employee_id, last_at DESC)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS read.customer_contacts`.execute(db);
  await sql`ALTER TABLE read.mentor_assignments DROP COLUMN IF EXISTS reason`.execute(db);
  await sql`DROP TABLE IF EXISTS read.mentor_tasks`.execute(db);
}
