import { type Kysely, sql } from 'kysely';

/**
 * Composite scores per person and month, eligibility per person and next level, retention risk
 * per person and the quality figures of each published retention model; and the state of the
 * facts fold they are computed from (see domain calc/factsFromEvents.ts), kept between batches.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE read.eval_people_state (
      employee_id text PRIMARY KEY,
      team_id     text,
      state       jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX eval_people_state_team ON read.eval_people_state (team_id)`.execute(db);
  await sql`
    CREATE TABLE read.eval_months_state (
      employee_id text  NOT NULL,
      month       text  NOT NULL,
      state       jsonb NOT NULL,
      PRIMARY KEY (employee_id, month)
    )`.execute(db);
  await sql`CREATE TABLE read.eval_sales_state (sale_id text PRIMARY KEY, state jsonb NOT NULL)`.execute(db);
  await sql`CREATE TABLE read.eval_team_state (team_id text PRIMARY KEY, state jsonb NOT NULL)`.execute(db);
  await sql`CREATE TABLE read.eval_global_state (id integer PRIMARY KEY, state jsonb NOT NULL)`.execute(db);
  await sql`
    CREATE TABLE read.scores (
      employee_id    text    NOT NULL,
      month          text    NOT NULL,
      rank           text    NOT NULL,
      score          double precision NOT NULL,
      parts          jsonb   NOT NULL,
      formula        text    NOT NULL,
      inputs         jsonb   NOT NULL,
      missing        jsonb   NOT NULL,
      policy_id      text    NOT NULL,
      policy_version integer NOT NULL,
      policy_source  text    NOT NULL CHECK (policy_source IN ('published', 'default')),
      position       bigint  NOT NULL,
      PRIMARY KEY (employee_id, month)
    )`.execute(db);
  await sql`CREATE INDEX scores_month ON read.scores (month, score DESC)`.execute(db);
  await sql`
    CREATE TABLE read.eligibility (
      employee_id     text    NOT NULL,
      track           text    NOT NULL,
      from_level      text    NOT NULL,
      to_level        text    NOT NULL,
      eligible        boolean NOT NULL,
      met             integer NOT NULL,
      required        integer NOT NULL,
      checks          jsonb   NOT NULL,
      summary_en      text    NOT NULL,
      summary_zh      text    NOT NULL,
      candidate       jsonb   NOT NULL,
      evaluated_month text    NOT NULL,
      ladder_id       text    NOT NULL,
      ladder_version  integer NOT NULL,
      ladder_source   text    NOT NULL CHECK (ladder_source IN ('published', 'default')),
      position        bigint  NOT NULL,
      PRIMARY KEY (employee_id, track)
    )`.execute(db);
  await sql`CREATE INDEX eligibility_eligible ON read.eligibility (eligible, to_level)`.execute(db);
  await sql`
    CREATE TABLE read.retention_risk (
      employee_id   text    PRIMARY KEY,
      method        text    NOT NULL CHECK (method IN ('model', 'coldStart')),
      risk          double precision,
      flagged       boolean NOT NULL,
      band          text    NOT NULL CHECK (band IN ('low', 'medium', 'high')),
      threshold     double precision,
      contributions jsonb   NOT NULL,
      signals       jsonb   NOT NULL,
      features      jsonb   NOT NULL,
      formula       text    NOT NULL,
      model_id      text,
      model_version integer,
      model_source  text    NOT NULL CHECK (model_source IN ('published', 'default')),
      week_start    text    NOT NULL,
      position      bigint  NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX retention_risk_band ON read.retention_risk (band)`.execute(db);
  await sql`
    CREATE TABLE read.retention_model_quality (
      model_id       text    NOT NULL,
      model_version  integer NOT NULL,
      horizon_weeks  integer NOT NULL,
      threshold      double precision NOT NULL,
      features       jsonb   NOT NULL,
      auc            double precision,
      precision_at_threshold double precision,
      recall_at_threshold    double precision,
      positive_rate  double precision,
      train_rows     integer,
      test_rows      integer,
      calibration    jsonb,
      position       bigint  NOT NULL,
      PRIMARY KEY (model_id, model_version)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'retention_model_quality',
    'retention_risk',
    'eligibility',
    'scores',
    'eval_global_state',
    'eval_team_state',
    'eval_sales_state',
    'eval_months_state',
    'eval_people_state',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(`read.${table}`)}`.execute(db);
  }
}
