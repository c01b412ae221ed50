import { type Kysely, sql } from 'kysely';

/** Mentoring: mentorships, assignments, tasks per pair and week, ratings, and the week clock. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE read.mentorships (
      mentee_id        text PRIMARY KEY,
      mentor_id        text    NOT NULL,
      assigned_at      text    NOT NULL,
      ended_at         text,
      end_reason       text,
      mentors_so_far   integer NOT NULL,
      ratings          integer NOT NULL,
      rating_sum       double precision NOT NULL,
      last_rating      double precision,
      weeks_through    text,
      updated_position bigint  NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX mentorships_mentor ON read.mentorships (mentor_id)`.execute(db);
  await sql`
    CREATE TABLE read.mentor_assignments (
      mentee_id   text   NOT NULL,
      mentor_id   text   NOT NULL,
      assigned_at text   NOT NULL,
      ended_at    text,
      end_reason  text,
      position    bigint NOT NULL,
      PRIMARY KEY (mentee_id, position)
    )`.execute(db);
  await sql`
    CREATE TABLE read.mentor_weeks (
      mentee_id        text    NOT NULL,
      mentor_id        text    NOT NULL,
      week             text    NOT NULL,
      due              integer NOT NULL,
      ride_along_visit integer NOT NULL,
      deal_review      integer NOT NULL,
      performance_talk integer NOT NULL,
      done             integer NOT NULL,
      state            text    NOT NULL,
      missing          text[]  NOT NULL,
      last_task_position bigint,
      PRIMARY KEY (mentee_id, mentor_id, week)
    )`.execute(db);
  await sql`CREATE INDEX mentor_weeks_open ON read.mentor_weeks (state) WHERE state IN ('open', 'not_due')`.execute(
    db,
  );
  await sql`CREATE INDEX mentor_weeks_mentor ON read.mentor_weeks (mentor_id, week)`.execute(db);
  await sql`
    CREATE TABLE read.mentor_ratings (
      event_id  text PRIMARY KEY,
      mentee_id text   NOT NULL,
      mentor_id text   NOT NULL,
      rating    double precision NOT NULL,
      at        text   NOT NULL,
      position  bigint NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX mentor_ratings_mentor ON read.mentor_ratings (mentor_id, position)`.execute(db);
  await sql`CREATE TABLE read.mentoring_clock (id integer PRIMARY KEY, now text NOT NULL)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'mentoring_clock',
    'mentor_ratings',
    'mentor_weeks',
    'mentor_assignments',
    'mentorships',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(`read.${t}`)}`.execute(db);
  }
}
