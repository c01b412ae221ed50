import { type Kysely, sql } from 'kysely';

/**
 * What a decision rests on and whether it overrode anything (`PromotionDecided` v2): the
 * evidence score, its month and the eligibility verdict, and the override reason with what it
 * went against. v1 decisions have none of these (null). The decisions projection's version
 * changes with this, so its rows are rebuilt and these columns filled. The indexes serve the
 * review lists: by state and nomination, by decision, and committee membership.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE read.promotion_reviews
      ADD COLUMN evidence_score    double precision,
      ADD COLUMN evidence_month    text,
      ADD COLUMN evidence_eligible boolean,
      ADD COLUMN override_code     text,
      ADD COLUMN override_text     text,
      ADD COLUMN override_against  text[]`.execute(db);
  await sql`CREATE INDEX promotion_reviews_status ON read.promotion_reviews (status, nominated_position DESC)`.execute(
    db,
  );
  await sql`CREATE INDEX promotion_reviews_decided ON read.promotion_reviews (decided_position DESC) WHERE decided_position IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX promotion_reviews_committee ON read.promotion_reviews USING gin (committee)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS read.promotion_reviews_committee`.execute(db);
  await sql`DROP INDEX IF EXISTS read.promotion_reviews_decided`.execute(db);
  await sql`DROP INDEX IF EXISTS read.promotion_reviews_status`.execute(db);
  await sql`
    ALTER TABLE read.promotion_reviews
      DROP COLUMN IF EXISTS evidence_score,
      DROP COLUMN IF EXISTS evidence_month,
      DROP COLUMN IF EXISTS evidence_eligible,
      DROP COLUMN IF EXISTS override_code,
      DROP COLUMN IF EXISTS override_text,
      DROP COLUMN IF EXISTS override_against`.execute(db);
}
