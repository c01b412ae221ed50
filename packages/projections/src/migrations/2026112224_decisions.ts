import { type Kysely, sql } from 'kysely';

/** Audit history of promotion reviews: nomination, committee, votes, decision and its evidence. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE read.promotion_reviews (
      review_id           text PRIMARY KEY,
      employee_id         text    NOT NULL,
      from_level          text    NOT NULL,
      to_level            text    NOT NULL,
      track               text    NOT NULL,
      score               double precision NOT NULL,
      reason              text    NOT NULL,
      nominated_by        text    NOT NULL,
      nominated_at        text    NOT NULL,
      nominated_position  bigint  NOT NULL,
      status              text    NOT NULL,
      committee           text[]  NOT NULL,
      quorum              integer,
      opened_at           text,
      approvals           integer NOT NULL,
      rejections          integer NOT NULL,
      abstentions         integer NOT NULL,
      outcome             text,
      rationale           text,
      evidence_position   bigint,
      policy_versions     jsonb,
      decided_by          text,
      decided_at          text,
      decided_position    bigint,
      updated_position    bigint  NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX promotion_reviews_employee ON read.promotion_reviews (employee_id, nominated_position)`.execute(
    db,
  );
  await sql`
    CREATE TABLE read.promotion_votes (
      review_id text   NOT NULL,
      member_id text   NOT NULL,
      vote      text   NOT NULL,
      comment   text,
      at        text   NOT NULL,
      position  bigint NOT NULL,
      PRIMARY KEY (review_id, member_id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS read.promotion_votes`.execute(db);
  await sql`DROP TABLE IF EXISTS read.promotion_reviews`.execute(db);
}
