import { type Kysely, sql } from 'kysely';

/**
 * Indexes for the overview's landing and the inbox: the first page of active people by name
 * (`status = 'active' ORDER BY name, employee_id LIMIT 51`, read in index order instead of
 * sorting everyone), and the alerts about one person (`Person.alerts`, the inbox's join).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX IF NOT EXISTS people_status_name ON read.people (status, name, employee_id)`.execute(
    db,
  );
  await sql`CREATE INDEX IF NOT EXISTS alerts_employee ON read.alerts (employee_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS read.alerts_employee`.execute(db);
  await sql`DROP INDEX IF EXISTS read.people_status_name`.execute(db);
}
