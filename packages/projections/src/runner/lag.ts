import type { EventStore } from '@trackrecord/eventstore';
import { type Kysely, sql } from 'kysely';

export interface ProjectionLag {
  readonly projection: string;
  readonly position: bigint;
  readonly head: bigint;
  /** Events in `$all` the projection has not applied yet. */
  readonly eventsBehind: bigint;
  /** How long the oldest unapplied event has been waiting, in milliseconds (0 when caught up). */
  readonly msBehind: number;
}

/** Lag of every projection against the head of `$all`, for `/metrics` and health checks. */
export async function projectionLag<DB>(
  store: EventStore,
  db: Kysely<DB>,
  now = Date.now(),
): Promise<ProjectionLag[]> {
  const head = await store.headPosition();
  const { rows } = await sql<{ name: string; position: string }>`
    SELECT name, position FROM projections.checkpoints WHERE name NOT LIKE '%@rebuild' ORDER BY name`.execute(
    db,
  );
  return Promise.all(
    rows.map(async (row) => {
      const position = BigInt(row.position);
      const next =
        position < head ? (await store.readAll({ after: position, maxCount: 1 })).events[0] : undefined;
      return {
        projection: row.name,
        position,
        head,
        eventsBehind: head > position ? head - position : 0n,
        msBehind: next ? Math.max(0, now - next.recordedAt.getTime()) : 0,
      };
    }),
  );
}
