import { type Kysely, sql } from 'kysely';

/**
 * Every weekly prediction of a published retention model (flagged or not): person, week, model
 * version, probability, whether it was a flag. `modelQuality` judges each version's past flags
 * against who then left.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE read.retention_predictions (
      employee_id   text    NOT NULL,
      week_start    text    NOT NULL,
      model_id      text    NOT NULL,
      model_version integer NOT NULL,
      risk          double precision NOT NULL,
      flagged       boolean NOT NULL,
      threshold     double precision NOT NULL,
      horizon_days  integer NOT NULL,
      position      bigint  NOT NULL,
      PRIMARY KEY (employee_id, week_start, model_id, model_version)
    )`.execute(db);
  await sql`CREATE INDEX retention_predictions_model ON read.retention_predictions (model_id, model_version, week_start)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS read.retention_predictions`.execute(db);
}
