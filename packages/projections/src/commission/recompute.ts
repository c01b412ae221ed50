import type { EventStore } from '@trackrecord/eventstore';
import { type Kysely, sql } from 'kysely';
import { type AnyProjection, relevantEvents } from '../runner/projection.ts';
import { LIVE_SCHEMA } from '../runner/rebuild.ts';
import { commissionProjection } from './project.ts';
import type { CommissionDb, CommissionStatement } from './table.ts';

let recomputations = 0;

/**
 * The statements drawn by the close at `position`, recomputed from the event store alone: the
 * commission projection replays `$all` up to that position into empty copies of its tables (in
 * a scratch schema dropped afterwards), so the result owes nothing to the stored read model. An
 * auditor compares it with the stored statements; they are identical unless the store or the
 * read model was tampered with or the projection's code changed what it computes.
 */
export async function recomputeCommissionStatements(
  store: EventStore,
  db: Kysely<CommissionDb>,
  position: bigint,
  options: { readonly pageSize?: number; readonly onProgress?: (done: bigint, of: bigint) => void } = {},
): Promise<CommissionStatement[]> {
  const scratch = `commission_recompute_${process.pid}_${++recomputations}`;
  const pageSize = options.pageSize ?? 5_000;
  await sql`CREATE SCHEMA ${sql.id(scratch)}`.execute(db);
  try {
    for (const table of commissionProjection.tables) {
      await sql`CREATE UNLOGGED TABLE ${sql.id(scratch, table)} (LIKE ${sql.id(LIVE_SCHEMA, table)} INCLUDING ALL)`.execute(
        db,
      );
    }
    const bound = db.withSchema(scratch);
    // Handed only the events of its types, as the runner does (see AnyProjection).
    const projection: AnyProjection<CommissionDb> = commissionProjection;
    let after = 0n;
    for (;;) {
      const page = await store.readAll({ after, maxCount: pageSize });
      const events = page.events.filter((e) => e.position <= position);
      const relevant = relevantEvents(commissionProjection, events);
      if (relevant.length > 0) await projection.apply(bound, relevant, { rebuilding: true });
      after = page.nextAfter;
      options.onProgress?.(after < position ? after : position, position);
      if (page.isEnd || page.events.length === 0 || after >= position) break;
    }
    return await bound
      .selectFrom('commission_statements')
      .selectAll()
      .where('position', '=', position.toString())
      .orderBy('employee_id')
      .orderBy('month')
      .execute();
  } finally {
    await sql`DROP SCHEMA IF EXISTS ${sql.id(scratch)} CASCADE`.execute(db);
  }
}
