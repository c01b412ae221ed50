import { type Kysely, sql } from 'kysely';

/**
 * Appends to several streams in one transaction (`append_to_streams`), for the command
 * bus's batches (seeding, import): one round trip and one commit for thousands of commands.
 * Each part goes through `append_to_stream`, so the ordering guarantee (the advisory lock held
 * to commit, see 2026112201_events) and idempotency are exactly those of a single append;
 * the first failing part raises and rolls the whole request back. `append_to_stream` now
 * names the failing stream in the error's HINT, so the adapter can say which part failed.
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
          DETAIL = coalesce(v_current::text, 'none'),
          HINT = p_stream;
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
                       AND NOT (ev.stream_id = p_stream AND ev.stream_revision > coalesce(v_current, -1))),
          HINT = p_stream;
      END IF;

      -- Wake live subscribers; notifications are delivered on commit only.
      PERFORM pg_notify('trackrecord_events', '');
    END
    $fn$`.execute(db);

  await sql`
    CREATE FUNCTION eventstore.append_to_streams(p_requests jsonb)
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

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION IF EXISTS eventstore.append_to_streams(jsonb)`.execute(db);
}
