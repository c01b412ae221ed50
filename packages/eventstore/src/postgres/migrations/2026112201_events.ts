import { type Kysely, sql } from 'kysely';

/**
 * The events table and the append function.
 *
 * Ordering (read this before touching `append_to_stream`): `global_position` comes from an
 * identity sequence, which hands out numbers at INSERT time, while transactions become
 * visible at COMMIT time, in another order. A reader of `position > last` could then see
 * position 11 before a slower transaction commits 10, move its checkpoint past 10, and skip
 * it forever. We prevent that by serialising appends with a transaction-scoped advisory
 * lock taken before the sequence is touched: the lock is released only after the commit is
 * visible (PostgreSQL releases locks after marking the transaction committed), so positions
 * become visible strictly in the order they were assigned, and a plain
 * `position > last ORDER BY position` read never skips and never repeats.
 * The cost: appends to one store are serial (one transaction at a time holds the lock);
 * batching and group commit (2026120330_append_group: concurrent appends of one process share
 * one transaction) are how throughput scales. `pnpm bench store` measures it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE SCHEMA IF NOT EXISTS eventstore`.execute(db);
  await sql`
    CREATE TABLE eventstore.events (
      global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      stream_id       text        NOT NULL,
      stream_revision bigint      NOT NULL,
      event_id        uuid        NOT NULL,
      event_type      text        NOT NULL,
      schema_version  integer     NOT NULL,
      data            jsonb       NOT NULL,
      metadata        jsonb       NOT NULL,
      recorded_at     timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT events_stream_revision_unique UNIQUE (stream_id, stream_revision),
      CONSTRAINT events_event_id_unique UNIQUE (event_id)
    )`.execute(db);

  // The stored result of an earlier append of exactly these event ids to this stream, if any.
  await sql`
    CREATE FUNCTION eventstore.previous_append(p_stream text, p_events jsonb, p_count integer)
    RETURNS TABLE (out_position bigint, out_revision bigint, out_recorded_at timestamptz, out_appended boolean)
    LANGUAGE sql STABLE AS $fn$
      WITH wanted AS (
        SELECT (t.e->>'id')::uuid AS id, t.ord FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, ord)
      ), found AS (
        SELECT ev.global_position, ev.stream_revision, ev.recorded_at, w.ord
          FROM wanted w JOIN eventstore.events ev ON ev.event_id = w.id AND ev.stream_id = p_stream
      )
      SELECT f.global_position, f.stream_revision, f.recorded_at, false
        FROM found f
       WHERE (SELECT count(*) FROM found) = p_count
       ORDER BY f.ord
    $fn$`.execute(db);

  // Errors raised here carry SQLSTATEs of our own class "TR" that the adapter maps to
  // typed errors: TR409 wrong expected revision, TR422 idempotency conflict.
  await sql`
    CREATE FUNCTION eventstore.append_to_stream(p_stream text, p_expected text, p_events jsonb)
    RETURNS TABLE (out_position bigint, out_revision bigint, out_recorded_at timestamptz, out_appended boolean)
    LANGUAGE plpgsql AS $fn$
    DECLARE
      v_count    integer := jsonb_array_length(p_events);
      v_current  bigint;
      v_inserted integer;
    BEGIN
      -- Serialise appends until commit; see the comment on the migration.
      PERFORM pg_advisory_xact_lock(hashtext('trackrecord.eventstore.append'));

      SELECT ev.stream_revision INTO v_current
        FROM eventstore.events ev WHERE ev.stream_id = p_stream
       ORDER BY ev.stream_revision DESC LIMIT 1;

      IF (p_expected = 'no_stream' AND v_current IS NOT NULL)
         OR (p_expected = 'stream_exists' AND v_current IS NULL)
         OR (p_expected NOT IN ('any', 'no_stream', 'stream_exists') AND v_current IS DISTINCT FROM p_expected::bigint) THEN
        -- A re-send of an append that already succeeded arrives with its old expectation.
        RETURN QUERY SELECT * FROM eventstore.previous_append(p_stream, p_events, v_count);
        IF FOUND THEN RETURN; END IF;
        RAISE EXCEPTION USING ERRCODE = 'TR409',
          MESSAGE = format('wrong expected revision for stream %s', p_stream),
          DETAIL = coalesce(v_current::text, 'none');
      END IF;

      -- The happy path costs no extra lookup: ids that exist already are skipped by the
      -- unique index, and only when some were skipped do we look at what is stored.
      RETURN QUERY
        WITH inserted AS (
          INSERT INTO eventstore.events (stream_id, stream_revision, event_id, event_type, schema_version, data, metadata)
          SELECT p_stream, coalesce(v_current, -1) + t.ord, (t.e->>'id')::uuid, t.e->>'type',
                 (t.e->>'v')::integer, t.e->'data', t.e->'meta'
            FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, ord)
           ORDER BY t.ord
          ON CONFLICT (event_id) DO NOTHING
          RETURNING global_position, stream_revision, recorded_at
        )
        SELECT i.global_position, i.stream_revision, i.recorded_at, true FROM inserted i ORDER BY i.stream_revision;
      GET DIAGNOSTICS v_inserted = ROW_COUNT;

      IF v_inserted < v_count THEN
        IF v_inserted = 0 THEN
          RETURN QUERY SELECT * FROM eventstore.previous_append(p_stream, p_events, v_count);
          IF FOUND THEN RETURN; END IF;
        END IF;
        -- Raising rolls back the events this call inserted.
        RAISE EXCEPTION USING ERRCODE = 'TR422',
          MESSAGE = CASE
            WHEN EXISTS (SELECT 1 FROM eventstore.events ev
                          WHERE ev.event_id IN (SELECT (e->>'id')::uuid FROM jsonb_array_elements(p_events) e)
                            AND ev.stream_id <> p_stream)
            THEN 'some of the event ids are already stored in another stream'
            ELSE format('%s of %s event ids are already stored; a re-send must repeat the whole batch',
                        v_count - v_inserted, v_count) END,
          DETAIL = (SELECT coalesce(jsonb_agg(ev.event_id), '[]'::jsonb)::text
                      FROM eventstore.events ev
                     WHERE ev.event_id IN (SELECT (e->>'id')::uuid FROM jsonb_array_elements(p_events) e)
                       AND NOT (ev.stream_id = p_stream AND ev.stream_revision > coalesce(v_current, -1)));
      END IF;

      -- Wake live subscribers; notifications are delivered on commit only.
      PERFORM pg_notify('trackrecord_events', '');
    END
    $fn$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP SCHEMA IF EXISTS eventstore CASCADE`.execute(db);
}
