/**
 * How EventStoreDB's `$all` position maps onto the port's single `bigint` position.
 *
 * EventStoreDB addresses `$all` with a pair `{ commit, prepare }` of byte offsets in its
 * transaction log. Every append that goes through gRPC (`Streams.Append` and
 * `Streams.BatchAppend`, the only ways this adapter writes) stores each event as one
 * *self-committed* prepare record (`PrepareFlags.IsCommitted`), and for such a record the
 * server reports `commit == prepare == the record's own log position` — on `$all` reads, on
 * `$all` subscriptions and, since 22.6, on stream reads too. A log position is the byte offset
 * where the record starts, so it is unique per event, strictly increasing in `$all` order, and
 * identical on every node of a cluster (followers replicate the log byte for byte).
 *
 * The port's position is therefore the **commit position**, and a port position `p` is turned
 * back into `{ commit: p, prepare: p }`. Two things could break the pairing, and both are
 * refused loudly rather than mapped approximately:
 * - events written by the legacy TCP API inside an *explicit transaction* (removed from the
 *   server in 24.2) share their commit record's position, with distinct prepare positions;
 * - servers before 22.6 report no `$all` position on stream reads.
 *
 * Range: log positions are signed 64-bit on the server (`long`), so every position fits a
 * PostgreSQL `bigint` column, which is where projections keep their checkpoints.
 */
import { EventStoreError } from '../errors.ts';

export interface EsdbPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** The unsigned "no position" sentinel the server sends as 2^64 - 1 (i.e. -1). */
const NO_POSITION = (1n << 64n) - 1n;
const MAX_POSITION = (1n << 63n) - 1n;

export function toEsdbPosition(position: bigint): EsdbPosition {
  return { commit: position, prepare: position };
}

/** The port position of an event read from EventStoreDB; throws when the pairing does not hold. */
export function fromEsdbPosition(
  position: EsdbPosition | undefined,
  where: { streamId: string; revision: bigint },
): bigint {
  if (!position || position.commit === NO_POSITION || position.commit < 0n) {
    throw new EventStoreError(
      'STORE_UNAVAILABLE',
      `EventStoreDB reported no $all position for event ${where.revision} of stream "${where.streamId}"; ` +
        'the adapter needs EventStoreDB 22.6 or later, which reports positions on stream reads',
      { streamId: where.streamId, revision: where.revision.toString() },
    );
  }
  if (position.commit !== position.prepare || position.commit > MAX_POSITION) {
    throw new EventStoreError(
      'STORE_UNAVAILABLE',
      `event ${where.revision} of stream "${where.streamId}" has $all position ` +
        `{commit: ${position.commit}, prepare: ${position.prepare}}: it was written in an explicit ` +
        'transaction (legacy TCP API), which this adapter cannot address with a single position',
      {
        streamId: where.streamId,
        revision: where.revision.toString(),
        commit: position.commit.toString(),
        prepare: position.prepare.toString(),
      },
    );
  }
  return position.commit;
}
