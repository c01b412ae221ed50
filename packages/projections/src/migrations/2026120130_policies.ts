import { type Kysely, sql } from 'kysely';

/** Every published version of every policy document (scoring policy, ladder, commission plan, retention model). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE read.policies (
      policy_id    text    NOT NULL,
      version      integer NOT NULL,
      kind         text    NOT NULL,
      event_type   text    NOT NULL,
      name         text    NOT NULL,
      document     jsonb   NOT NULL,
      published_at text    NOT NULL,
      published_by text,
      position     bigint  NOT NULL,
      PRIMARY KEY (policy_id, version)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS read.policies`.execute(db);
}
