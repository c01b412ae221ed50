import { type Kysely, sql } from 'kysely';

/**
 * `append_to_stream` without speculative insertion on its usual path.
 *
 * Until now every append inserted with `ON CONFLICT (event_id) DO NOTHING`, so that a re-send
 * (event ids stored before) is recognised without a lookup first. PostgreSQL pays for that on
 * every row, re-send or not: the arbiter index is probed before the insert, the index entry is
 * written speculatively and then confirmed (one more WAL record). Measured on 100-event
 * appends that was a quarter to a third more server time than a plain insert.
 *
 * Now the events are first inserted plainly, inside a block with an exception handler (a
 * savepoint). When no event id was stored before — nearly always — that is the whole append.
 * When one was (a re-send, or a conflict), the unique index raises, the savepoint undoes the
 * attempt, and the append goes on exactly as before: the `ON CONFLICT` insert, then the
 * re-send answer or the idempotency conflict. Answers, errors, the lock (see 2026112201: taken
 * first, held to commit) and the positions (assigned in the order of the events) are
 * unchanged; an undone attempt may leave a gap in the positions, never a repeat.
 *
 * `append_to_streams` and `append_group` call this function for their part-by-part paths, so
 * they get the same saving there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION eventstore.append_to_stream(p_stream text, p_expected text, p_events jsonb)
    RETURNS TABLE (out_position bigint, out_revision bigint, out_recorded_at timestamptz, out_appended boolean)
    LANGUAGE plpgsql AS $fn$
    DECLARE
      v_count    integer := jsonb_array_length(p_events);
      v_current  bigint;
      v_inserted integer;
      v_position bigint[];
      v_revision bigint[];
      v_recorded timestamptz[];
    BEGIN
      -- Serialise appends until commit; see the comment on 2026112201.
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
          DETAIL = coalesce(v_current::text, 'none'),
          HINT = p_stream;
      END IF;

      -- The usual path: a plain insert. The results are kept in variables, not returned from
      -- inside the block: rows already returned would not be taken back by the savepoint.
      BEGIN
        WITH inserted AS (
          INSERT INTO eventstore.events (stream_id, stream_revision, event_id, event_type, schema_version, data, metadata)
          SELECT p_stream, coalesce(v_current, -1) + t.ord, (t.e->>'id')::uuid, t.e->>'type',
                 (t.e->>'v')::integer, t.e->'data', t.e->'meta'
            FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, ord)
           ORDER BY t.ord
          RETURNING global_position, stream_revision, recorded_at
        )
        SELECT array_agg(i.global_position ORDER BY i.stream_revision),
               array_agg(i.stream_revision ORDER BY i.stream_revision),
               array_agg(i.recorded_at ORDER BY i.stream_revision)
          INTO v_position, v_revision, v_recorded
          FROM inserted i;
      EXCEPTION WHEN unique_violation THEN
        -- An event id stored before (a re-send, or a conflict): undone, decided below.
        v_position := NULL;
      END;
      IF v_position IS NOT NULL THEN
        -- Wake live subscribers; notifications are delivered on commit only.
        PERFORM pg_notify('trackrecord_events', '');
        RETURN QUERY SELECT u.p, u.r, u.t, true FROM unnest(v_position, v_revision, v_recorded) AS u(p, r, t);
        RETURN;
      END IF;

      -- Some event ids are stored already: ids that exist are skipped by the unique index,
      -- and what is stored decides between a re-send and a conflict.
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
                       AND NOT (ev.stream_id = p_stream AND ev.stream_revision > coalesce(v_current, -1))),
          HINT = p_stream;
      END IF;

      PERFORM pg_notify('trackrecord_events', '');
    END
    $fn$`.execute(db);
}

/** Back to the `ON CONFLICT` insert on every append (2026112202). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION eventstore.append_to_stream(p_stream text, p_expected text, p_events jsonb)
    RETURNS TABLE (out_position bigint, out_revision bigint, out_recorded_at timestamptz, out_appended boolean)
    LANGUAGE plpgsql AS $fn$
    DECLARE
      v_count    integer := jsonb_array_length(p_events);
      v_current  bigint;
      v_inserted integer;
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtext('trackrecord.eventstore.append'));

      SELECT ev.stream_revision INTO v_current
        FROM eventstore.events ev WHERE ev.stream_id = p_stream
       ORDER BY ev.stream_revision DESC LIMIT 1;

      IF (p_expected = 'no_stream' AND v_current IS NOT NULL)
         OR (p_expected = 'stream_exists' AND v_current IS NULL)
         OR (p_expected NOT IN ('any', 'no_stream', 'stream_exists') AND v_current IS DISTINCT FROM p_expected::bigint) THEN
        RETURN QUERY SELECT * FROM eventstore.previous_append(p_stream, p_events, v_count);
        IF FOUND THEN RETURN; END IF;
        RAISE EXCEPTION USING ERRCODE = 'TR409',
          MESSAGE = format('wrong expected revision for stream %s', p_stream),
          DETAIL = coalesce(v_current::text, 'none'),
          HINT = p_stream;
      END IF;

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
                       AND NOT (ev.stream_id = p_stream AND ev.stream_revision > coalesce(v_current, -1))),
          HINT = p_stream;
      END IF;

      PERFORM pg_notify('trackrecord_events', '');
    END
    $fn$`.execute(db);
}
