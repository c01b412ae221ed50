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
 * batching is how throughput scales. `pnpm bench store` measures it.
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

  // Errors raised here carry SQLSTATEs of our own class "TR" that the adapter maps to
  // typed errors: TR409 wrong expected revision, TR422 idempotency conflict.
  await sql`
    CREATE FUNCTION eventstore.append_to_stream(p_stream text, p_expected text, p_events jsonb)
    RETURNS TABLE (out_position bigint, out_revision bigint, out_recorded_at timestamptz, out_appended boolean)
    LANGUAGE plpgsql AS $fn$
    DECLARE
      v_count    integer := jsonb_array_length(p_events);
      v_ids      uuid[];
      v_existing integer;
      v_elsewhere integer;
      v_current  bigint;
    BEGIN
      -- Serialise appends until commit; see the comment on the migration.
      PERFORM pg_advisory_xact_lock(hashtext('trackrecord.eventstore.append'));

      SELECT array_agg((e->>'id')::uuid ORDER BY ord) INTO v_ids
        FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, ord);

      -- Idempotency: a re-sent batch whose ids are all stored in this stream returns the original positions.
      SELECT count(*), count(*) FILTER (WHERE ev.stream_id <> p_stream) INTO v_existing, v_elsewhere
        FROM eventstore.events ev WHERE ev.event_id = ANY (v_ids);
      IF v_existing > 0 THEN
        IF v_existing = v_count AND v_elsewhere = 0 THEN
          RETURN QUERY
            SELECT ev.global_position, ev.stream_revision, ev.recorded_at, false
              FROM eventstore.events ev
              JOIN unnest(v_ids) WITH ORDINALITY AS u(id, ord) ON ev.event_id = u.id
             ORDER BY u.ord;
          RETURN;
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'TR422',
          MESSAGE = CASE WHEN v_elsewhere > 0
            THEN format('%s of the event ids are already stored in another stream', v_elsewhere)
            ELSE format('%s of %s event ids are already stored; a re-send must repeat the whole batch', v_existing, v_count) END,
          DETAIL = (SELECT coalesce(jsonb_agg(ev.event_id), '[]'::jsonb)::text
                      FROM eventstore.events ev WHERE ev.event_id = ANY (v_ids));
      END IF;

      SELECT ev.stream_revision INTO v_current
        FROM eventstore.events ev WHERE ev.stream_id = p_stream
       ORDER BY ev.stream_revision DESC LIMIT 1;

      IF (p_expected = 'no_stream' AND v_current IS NOT NULL)
         OR (p_expected = 'stream_exists' AND v_current IS NULL)
         OR (p_expected NOT IN ('any', 'no_stream', 'stream_exists') AND v_current IS DISTINCT FROM p_expected::bigint) THEN
        RAISE EXCEPTION USING ERRCODE = 'TR409',
          MESSAGE = format('wrong expected revision for stream %s', p_stream),
          DETAIL = coalesce(v_current::text, 'none');
      END IF;

      RETURN QUERY
        WITH inserted AS (
          INSERT INTO eventstore.events (stream_id, stream_revision, event_id, event_type, schema_version, data, metadata)
          SELECT p_stream, coalesce(v_current, -1) + t.ord, (t.e->>'id')::uuid, t.e->>'type',
                 (t.e->>'v')::integer, t.e->'data', t.e->'meta'
            FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, ord)
           ORDER BY t.ord
          RETURNING global_position, stream_revision, recorded_at
        )
        SELECT i.global_position, i.stream_revision, i.recorded_at, true FROM inserted i ORDER BY i.stream_revision;

      -- Wake live subscribers; notifications are delivered on commit only.
      PERFORM pg_notify('trackrecord_events', '');
    END
    $fn$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP SCHEMA IF EXISTS eventstore CASCADE`.execute(db);
}
