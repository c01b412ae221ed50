import { type Kysely, sql } from 'kysely';

/**
 * Group commit (`append_group`): the appends that one process's store collected while the
 * previous commit was in flight, written in one transaction — one round trip and one disk
 * flush for all of them — while each append keeps its own outcome.
 *
 * The advisory lock of 2026112201 is taken first and held to commit, as before, so the
 * ordering argument is unchanged: a group is one transaction, its positions are assigned
 * under the lock and become visible together, before any later transaction can take a
 * position. Readers of `position > last` still never skip or repeat.
 *
 * Each request (one `appendToStream` or `appendToStreams` call) is atomic and independent:
 * - Fast path: the whole group is handed to `append_to_streams` as one request, inside a
 *   block with an exception handler (a savepoint). When no request fails — the usual case —
 *   that is one set-based insert for every event of the group, or the part-by-part loop when
 *   streams repeat, which writes requests in order exactly as if they came one after the other.
 * - When anything in it fails (a wrong expected revision, an idempotency conflict, …) the
 *   savepoint undoes the attempt and every request is written again on its own, each in its
 *   own savepoint: a failing request is rolled back alone and answers one error row with its
 *   SQLSTATE, message, detail and hint (what `append_to_streams` would have raised); the
 *   others are written and answer their rows.
 *
 * `p_parts` is every request's parts, concatenated in request order; `p_sizes` the number of
 * parts of each request. `out_index` is the part's index in `p_parts`; an error row carries
 * the index of its request's first part.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION eventstore.append_group(p_parts jsonb, p_sizes integer[])
    RETURNS TABLE (out_index integer, out_position bigint, out_revision bigint, out_appended boolean,
                   out_error text, out_message text, out_detail text, out_hint text)
    LANGUAGE plpgsql
    SET jit = off
    AS $fn$
    DECLARE
      v_index    integer[];
      v_position bigint[];
      v_revision bigint[];
      v_appended boolean[];
      v_start    integer := 0;
      v_size     integer;
      v_state    text;
      v_message  text;
      v_detail   text;
      v_hint     text;
    BEGIN
      -- Serialise appends until commit; see the comment on 2026112201.
      PERFORM pg_advisory_xact_lock(hashtext('trackrecord.eventstore.append'));

      BEGIN
        SELECT array_agg(a.out_index ORDER BY a.ord), array_agg(a.out_position ORDER BY a.ord),
               array_agg(a.out_revision ORDER BY a.ord), array_agg(a.out_appended ORDER BY a.ord)
          INTO v_index, v_position, v_revision, v_appended
          FROM eventstore.append_to_streams(p_parts) WITH ORDINALITY
               AS a(out_index, out_position, out_revision, out_appended, ord);
      EXCEPTION WHEN OTHERS THEN
        v_index := NULL;
      END;
      IF v_index IS NOT NULL THEN
        RETURN QUERY SELECT u.i, u.p, u.r, u.a, NULL::text, NULL::text, NULL::text, NULL::text
          FROM unnest(v_index, v_position, v_revision, v_appended) AS u(i, p, r, a);
        RETURN;
      END IF;

      FOREACH v_size IN ARRAY p_sizes LOOP
        BEGIN
          SELECT array_agg(a.out_index + v_start ORDER BY a.ord), array_agg(a.out_position ORDER BY a.ord),
                 array_agg(a.out_revision ORDER BY a.ord), array_agg(a.out_appended ORDER BY a.ord)
            INTO v_index, v_position, v_revision, v_appended
            FROM eventstore.append_to_streams(
                   jsonb_path_query_array(p_parts, format('$[%s to %s]', v_start, v_start + v_size - 1)::jsonpath)
                 ) WITH ORDINALITY AS a(out_index, out_position, out_revision, out_appended, ord);
          RETURN QUERY SELECT u.i, u.p, u.r, u.a, NULL::text, NULL::text, NULL::text, NULL::text
            FROM unnest(v_index, v_position, v_revision, v_appended) AS u(i, p, r, a);
        EXCEPTION WHEN OTHERS THEN
          GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT,
                                  v_detail = PG_EXCEPTION_DETAIL, v_hint = PG_EXCEPTION_HINT;
          RETURN QUERY SELECT v_start, NULL::bigint, NULL::bigint, NULL::boolean, v_state, v_message,
                              nullif(v_detail, ''), nullif(v_hint, '');
        END;
        v_start := v_start + v_size;
      END LOOP;
    END
    $fn$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION IF EXISTS eventstore.append_group(jsonb, integer[])`.execute(db);
}
