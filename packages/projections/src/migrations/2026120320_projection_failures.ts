import { type Kysely, sql } from 'kysely';

/**
 * Projection failures (schema `projections`, never rebuilt): an event whose handler threw,
 * with the error. The projection stops at it (its checkpoint stays just before it) while the
 * others go on; operators see it here, in `/readyz` and in `/metrics`, and `resolved_at` is set
 * once the projection has moved past it (a fixed handler, a rebuild).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE projections.projection_failures (
      projection  text        NOT NULL,
      position    bigint      NOT NULL,
      event_id    text        NOT NULL,
      event_type  text        NOT NULL,
      stream_id   text        NOT NULL,
      error       text        NOT NULL,
      attempts    integer     NOT NULL DEFAULT 1,
      first_at    timestamptz NOT NULL DEFAULT now(),
      last_at     timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz,
      PRIMARY KEY (projection, position)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS projections.projection_failures`.execute(db);
}
