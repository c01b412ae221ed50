import { type Kysely, sql } from 'kysely';

/**
 * `append_to_streams` in one set-based pass for the common case, the command bus's large
 * batches (import, seeding): thousands of parts, each to a different stream, each new or at
 * its expected revision, none stored before. Looping over `append_to_stream` part by part
 * costs a function call, a revision lookup, an insert and a notify per stream; here one
 * statement reads every stream's revision, one insert writes every event (positions in the
 * order of the parts, then of their events) and one notify wakes subscribers.
 *
 * Anything else — a stream named twice, an expectation that does not hold (which may be a
 * re-send of an append that succeeded), an event id stored before (a re-send, or a
 * conflict, found by the unique index, which undoes the attempt) — goes through the
 * part-by-part loop of 2026112202, so results and errors are exactly those of that loop. The advisory lock (see 2026112201) is taken first, as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION eventstore.append_to_streams(p_requests jsonb)
    RETURNS TABLE (out_index integer, out_position bigint, out_revision bigint, out_appended boolean)
    LANGUAGE plpgsql
    -- Its plans are estimated large (set-returning functions) but run in milliseconds:
    -- compiling them (JIT) would cost more than it saves.
    SET jit = off
    AS $fn$
    DECLARE
      r          record;
      v_streams  text[];
      v_expected text[];
      v_current  bigint[];
      v_part     integer[];
      v_position bigint[];
      v_revision bigint[];
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtext('trackrecord.eventstore.append'));

      -- The parts' streams and expectations, and the part of each event, in order.
      SELECT array_agg(t.req->>'stream' ORDER BY t.ord), array_agg(t.req->>'expected' ORDER BY t.ord)
        INTO v_streams, v_expected
        FROM jsonb_array_elements(p_requests) WITH ORDINALITY AS t(req, ord);
      SELECT array_agg(t.ord::integer - 1 ORDER BY t.ord, e.n)
        INTO v_part
        FROM jsonb_array_elements(p_requests) WITH ORDINALITY AS t(req, ord),
             generate_series(1, jsonb_array_length(t.req->'events')) AS e(n);

      -- Each stream's last revision (null: absent), through the (stream_id, stream_revision) index.
      SELECT array_agg((SELECT ev.stream_revision FROM eventstore.events ev
                         WHERE ev.stream_id = s.stream
                         ORDER BY ev.stream_revision DESC LIMIT 1) ORDER BY s.ord)
        INTO v_current
        FROM unnest(v_streams) WITH ORDINALITY AS s(stream, ord);

      IF (SELECT count(DISTINCT s) FROM unnest(v_streams) s) = cardinality(v_streams)
         AND NOT EXISTS (
           SELECT 1 FROM unnest(v_expected, v_current) AS x(expected, current)
            WHERE (x.expected = 'no_stream' AND x.current IS NOT NULL)
               OR (x.expected = 'stream_exists' AND x.current IS NULL)
               OR (x.expected NOT IN ('any', 'no_stream', 'stream_exists')
                   AND x.current IS DISTINCT FROM x.expected::bigint)) THEN
        BEGIN
          -- Positions are assigned in the order of the parts, then of their events, so the
          -- n-th position returned is the n-th event's, of part v_part[n].
          WITH inserted AS (
            INSERT INTO eventstore.events (stream_id, stream_revision, event_id, event_type, schema_version, data, metadata)
            SELECT t.req->>'stream', coalesce(v_current[t.ord::integer], -1) + e.ord, (e.e->>'id')::uuid,
                   e.e->>'type', (e.e->>'v')::integer, e.e->'data', e.e->'meta'
              FROM jsonb_array_elements(p_requests) WITH ORDINALITY AS t(req, ord),
                   jsonb_array_elements(t.req->'events') WITH ORDINALITY AS e(e, ord)
             ORDER BY t.ord, e.ord
            RETURNING global_position, stream_revision
          )
          SELECT array_agg(i.global_position ORDER BY i.global_position),
                 array_agg(i.stream_revision ORDER BY i.global_position)
            INTO v_position, v_revision
            FROM inserted i;
        EXCEPTION WHEN unique_violation THEN
          -- An event id stored before (a re-send, or a conflict): undone, the loop decides.
          v_position := NULL;
        END;
        IF v_position IS NOT NULL THEN
          PERFORM pg_notify('trackrecord_events', '');
          RETURN QUERY SELECT u.i, u.p, u.r, true FROM unnest(v_part, v_position, v_revision) AS u(i, p, r);
          RETURN;
        END IF;
      END IF;

      FOR r IN SELECT t.req, t.ord FROM jsonb_array_elements(p_requests) WITH ORDINALITY AS t(req, ord) LOOP
        RETURN QUERY
          SELECT r.ord::integer - 1, a.out_position, a.out_revision, a.out_appended
            FROM eventstore.append_to_stream(r.req->>'stream', r.req->>'expected', r.req->'events') a;
      END LOOP;
    END
    $fn$`.execute(db);
}

/** Back to the part-by-part loop of 2026112202. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION eventstore.append_to_streams(p_requests jsonb)
    RETURNS TABLE (out_index integer, out_position bigint, out_revision bigint, out_appended boolean)
    LANGUAGE plpgsql AS $fn$
    DECLARE
      r record;
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtext('trackrecord.eventstore.append'));
      FOR r IN SELECT t.req, t.ord FROM jsonb_array_elements(p_requests) WITH ORDINALITY AS t(req, ord) LOOP
        RETURN QUERY
          SELECT r.ord::integer - 1, a.out_position, a.out_revision, a.out_appended
            FROM eventstore.append_to_stream(r.req->>'stream', r.req->>'expected', r.req->'events') a;
      END LOOP;
    END
    $fn$`.execute(db);
}
