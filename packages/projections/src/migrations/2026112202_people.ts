import { type Kysely, sql } from 'kysely';

/** Organisation and people: who works where, at which level, on probation or not. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE read.people (
      employee_id    text PRIMARY KEY,
      name           text        NOT NULL,
      branch_id      text        NOT NULL,
      team_id        text        NOT NULL,
      region_id      text        NOT NULL,
      manager_id     text,
      level          text        NOT NULL,
      track          text        NOT NULL,
      status         text        NOT NULL CHECK (status IN ('active', 'departed')),
      probation      text        NOT NULL CHECK (probation IN ('none', 'on_probation', 'passed', 'failed')),
      probation_end  text,
      hired_at       text        NOT NULL,
      left_at        text,
      left_voluntary boolean,
      recruiting_fit real        NOT NULL,
      updated_position bigint    NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX people_branch_team ON read.people (branch_id, team_id)`.execute(db);
  await sql`CREATE INDEX people_manager ON read.people (manager_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS read.people`.execute(db);
}
