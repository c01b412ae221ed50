import { type Kysely, sql } from 'kysely';

export interface Checkpoint {
  readonly name: string;
  readonly position: bigint;
  readonly codeVersion: string;
}

/** The channel on which every checkpoint move is announced, as `<projection> <position>`. */
export const CHECKPOINT_CHANNEL = 'trackrecord_checkpoints';

export async function readCheckpoint<DB>(db: Kysely<DB>, name: string): Promise<Checkpoint | undefined> {
  const { rows } = await sql<{ position: string; code_version: string }>`
    SELECT position, code_version FROM projections.checkpoints WHERE name = ${name}`.execute(db);
  const row = rows[0];
  return row ? { name, position: BigInt(row.position), codeVersion: row.code_version } : undefined;
}

/** Creates or resets a checkpoint row. */
export async function resetCheckpoint<DB>(db: Kysely<DB>, name: string, codeVersion: string): Promise<void> {
  await sql`
    INSERT INTO projections.checkpoints (name, position, code_version) VALUES (${name}, 0, ${codeVersion})
    ON CONFLICT (name) DO UPDATE SET position = 0, code_version = EXCLUDED.code_version, updated_at = now()`.execute(
    db,
  );
}

/**
 * Compare-and-set: moves the checkpoint from `from` to `to` only if nobody else moved it.
 * Run inside the transaction that writes the batch's read-model changes; the row lock it
 * takes also holds back a rebuild's swap until the batch commits.
 */
export async function advanceCheckpoint<DB>(
  db: Kysely<DB>,
  name: string,
  from: bigint,
  to: bigint,
): Promise<boolean> {
  // One statement: the move and its announcement, delivered at commit, so a listener (the
  // API's read-your-writes wait) never sees a position whose read-model rows are not yet
  // visible. Outside a transaction it is one round trip, not two.
  const { rows } = await sql<{ moved: 1 }>`
    WITH moved AS (
      UPDATE projections.checkpoints SET position = ${to.toString()}, updated_at = now()
       WHERE name = ${name} AND position = ${from.toString()}
      RETURNING 1)
    SELECT 1 AS moved, pg_notify(${CHECKPOINT_CHANNEL}, ${`${name} ${to}`}) FROM moved`.execute(db);
  return rows.length === 1;
}

/** Raised inside a batch transaction when the checkpoint moved under the runner (a rebuild swapped in). */
export class CheckpointMovedError extends Error {
  override readonly name = 'CheckpointMovedError';
  constructor(projection: string, expected: bigint) {
    super(`checkpoint of projection "${projection}" is no longer at ${expected}`);
  }
}
