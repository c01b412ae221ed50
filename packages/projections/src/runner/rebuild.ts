import type { EventStore } from '@trackrecord/eventstore';
import { type Kysely, sql } from 'kysely';
import { applyInTransaction, catchUp } from './apply.ts';
import { resetCheckpoint } from './checkpoints.ts';
import type { Projection } from './projection.ts';

export interface RebuildProgress {
  readonly projection: string;
  /** Position the rebuild has reached. */
  readonly position: bigint;
  /** Head of `$all` when the rebuild started. */
  readonly head: bigint;
  readonly events: number;
}

export interface RebuildResult {
  readonly position: bigint;
  readonly events: number;
  readonly seconds: number;
}

export const LIVE_SCHEMA = 'read';

/**
 * Blue/green rebuild. Replays `$all` into fresh copies of the projection's tables (created
 * `LIKE` the live ones, so the migrations stay the one definition of their shape) in a scratch
 * schema, while the live tables keep serving. Then, in one transaction: hold the live
 * checkpoint (a live runner's next batch waits), apply what was appended meanwhile, swap the
 * tables into `read`, drop the old ones and move the checkpoint. A live runner notices its
 * checkpoint moved and carries on from there with the new tables.
 */
export async function rebuildProjection<DB>(
  store: EventStore,
  db: Kysely<DB>,
  projection: Projection<DB>,
  options: {
    batchSize?: number;
    onProgress?: (progress: RebuildProgress) => void;
    signal?: AbortSignal;
  } = {},
): Promise<RebuildResult> {
  const started = process.hrtime.bigint();
  const batchSize = options.batchSize ?? 2000;
  const scratch = `read_rebuild_${projection.name}`;
  const retired = `read_retired_${projection.name}`;
  const rebuildCheckpoint = `${projection.name}@rebuild`;

  await sql`DROP SCHEMA IF EXISTS ${sql.id(scratch)} CASCADE`.execute(db);
  await sql`CREATE SCHEMA ${sql.id(scratch)}`.execute(db);
  for (const table of projection.tables) {
    await sql`CREATE TABLE ${sql.id(scratch, table)} (LIKE ${sql.id(LIVE_SCHEMA, table)} INCLUDING ALL)`.execute(
      db,
    );
  }
  await resetCheckpoint(db, rebuildCheckpoint, projection.version);

  const head = await store.headPosition();
  let events = 0;
  let position = await catchUp(store, db, projection, rebuildCheckpoint, scratch, 0n, {
    batchSize,
    ...(options.signal ? { signal: options.signal } : {}),
    onBatch: (at, count) => {
      events += count;
      options.onProgress?.({ projection: projection.name, position: at, head, events });
    },
  });
  if (options.signal?.aborted) throw new Error(`rebuild of projection "${projection.name}" was cancelled`);

  await db.transaction().execute(async (trx) => {
    await sql`SELECT 1 FROM projections.checkpoints WHERE name = ${projection.name} FOR UPDATE`.execute(trx);
    for (;;) {
      const page = await store.readAll({ after: position, maxCount: batchSize });
      position = await applyInTransaction(trx, projection, rebuildCheckpoint, scratch, position, page.events);
      events += page.events.length;
      if (page.isEnd) break;
    }
    await sql`CREATE SCHEMA ${sql.id(retired)}`.execute(trx);
    for (const table of projection.tables) {
      await sql`ALTER TABLE IF EXISTS ${sql.id(LIVE_SCHEMA, table)} SET SCHEMA ${sql.id(retired)}`.execute(
        trx,
      );
      await sql`ALTER TABLE ${sql.id(scratch, table)} SET SCHEMA ${sql.id(LIVE_SCHEMA)}`.execute(trx);
    }
    await sql`DROP SCHEMA ${sql.id(retired)} CASCADE`.execute(trx);
    await sql`DROP SCHEMA ${sql.id(scratch)}`.execute(trx);
    await sql`
      INSERT INTO projections.checkpoints (name, position, code_version, rebuilt_at)
      VALUES (${projection.name}, ${position.toString()}, ${projection.version}, now())
      ON CONFLICT (name) DO UPDATE
        SET position = EXCLUDED.position, code_version = EXCLUDED.code_version,
            updated_at = now(), rebuilt_at = now()`.execute(trx);
    await sql`DELETE FROM projections.checkpoints WHERE name = ${rebuildCheckpoint}`.execute(trx);
  });
  options.onProgress?.({ projection: projection.name, position, head: position, events });
  return { position, events, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
