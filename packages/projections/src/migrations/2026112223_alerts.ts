import { type Kysely, sql } from 'kysely';

/** Alerts raised by reactors (`AlertRaised`) and acknowledgements of any alert. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE read.alerts (
      alert_id          text PRIMARY KEY,
      kind              text   NOT NULL,
      employee_id       text   NOT NULL,
      assignees         jsonb  NOT NULL,
      evidence_kind     text   NOT NULL,
      evidence_ref      text,
      evidence_position bigint NOT NULL,
      message_en        text   NOT NULL,
      message_zh        text   NOT NULL,
      raised_by         text   NOT NULL,
      raised_at         text   NOT NULL,
      position          bigint NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX alerts_employee ON read.alerts (employee_id, position)`.execute(db);
  await sql`
    CREATE TABLE read.alert_acks (
      alert_id        text PRIMARY KEY,
      acknowledged_by text   NOT NULL,
      note            text,
      at              text   NOT NULL,
      position        bigint NOT NULL
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS read.alert_acks`.execute(db);
  await sql`DROP TABLE IF EXISTS read.alerts`.execute(db);
}
