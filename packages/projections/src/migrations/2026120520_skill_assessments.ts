import { type Kysely, sql } from 'kysely';

/** Skill assessment results from the learning system, one row per `SkillAssessed` event. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE read.skill_assessments (
      event_id    text PRIMARY KEY,
      employee_id text    NOT NULL,
      test        text    NOT NULL,
      score       numeric NOT NULL,
      at          text    NOT NULL,
      position    bigint  NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX skill_assessments_employee ON read.skill_assessments (employee_id, at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS read.skill_assessments`.execute(db);
}
