import { type Kysely, sql } from 'kysely';

/**
 * Redaction of a departed person's personal fields (issue 20, docs/privacy.md): the one
 * exception to append-only. When a `PersonalDataRedacted` event is inserted, this trigger
 * overwrites, in the same transaction, the fields its `erased` list names in the person's
 * earlier events (those whose `subjectField` holds its `employeeId`), with the word each now
 * reads as. Nothing else of an event changes: its type, position, stream, business facts and
 * metadata stay, so projections and decision replays read the same history with the personal
 * fields redacted. If the append fails, the overwrite is rolled back with it: nothing is
 * half-written. One scan of the events joined to the erasure list (a handful of rows).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION eventstore.redact_personal_data() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      WITH rules AS (
        SELECT r->>'eventType' AS event_type, r->>'subjectField' AS subject_field, r->>'field' AS field,
               r->>'value' AS value, coalesce((r->>'always')::boolean, false) AS always
          FROM jsonb_array_elements(NEW.data->'erased') AS r
      ), patches AS (
        SELECT e.global_position, jsonb_object_agg(rules.field, rules.value) AS patch
          FROM eventstore.events e
          JOIN rules ON e.event_type = rules.event_type
         WHERE e.global_position < NEW.global_position
           AND e.data->>rules.subject_field = NEW.data->>'employeeId'
           AND (rules.always OR e.data ? rules.field)
         GROUP BY e.global_position
      )
      UPDATE eventstore.events e
         SET data = e.data || patches.patch
        FROM patches
       WHERE e.global_position = patches.global_position;
      RETURN NULL;
    END
    $$`.execute(db);
  await sql`
    CREATE TRIGGER personal_data_redacted
      AFTER INSERT ON eventstore.events
      FOR EACH ROW WHEN (NEW.event_type = 'PersonalDataRedacted')
      EXECUTE FUNCTION eventstore.redact_personal_data()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS personal_data_redacted ON eventstore.events`.execute(db);
  await sql`DROP FUNCTION IF EXISTS eventstore.redact_personal_data()`.execute(db);
}
