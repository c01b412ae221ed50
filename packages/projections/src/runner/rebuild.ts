import type { AllPage, EventStore, RecordedEvent } from '@trackrecord/eventstore';
import { type Kysely, sql } from 'kysely';
import { applyNamingFailures } from './failures.ts';
import { type AnyProjection, type Projected, projected } from './projection.ts';

export interface RebuildProgress {
  /** The projection rebuilt (several, comma-separated, when rebuilt together). */
  readonly projection: string;
  /** Position the rebuild has reached. */
  readonly position: bigint;
  /** Head of `$all` when the rebuild started. */
  readonly head: bigint;
  /** Events of `$all` read so far. */
  readonly events: number;
}

export interface RebuildResult {
  readonly position: bigint;
  readonly events: number;
  readonly seconds: number;
}

/** Where the time of a rebuild went, per projection (for `pnpm bench projections`). */
export interface ProjectionRebuildStats {
  readonly projection: string;
  /** Events handed to `apply` (the ones of its `eventTypes`). */
  readonly relevantEvents: number;
  readonly batches: number;
  /** Time inside the projection's `apply`: its own code and its queries. */
  readonly applyMs: number;
  /** Whole batch transactions: BEGIN, checkpoint, apply, COMMIT. */
  readonly transactionMs: number;
  /** `ALTER TABLE … SET LOGGED` and `ANALYZE` of its scratch tables before the swap. */
  readonly setLoggedMs: number;
  /** The swap transaction: the tail appended meanwhile, moving tables, the checkpoint. */
  readonly swapMs: number;
}

export interface RebuildAllResult extends RebuildResult {
  /** Time spent waiting for pages of `$all` that were not read ahead yet. */
  readonly readWaitMs: number;
  readonly projections: readonly ProjectionRebuildStats[];
}

export interface RebuildOptions {
  /** Events per page of `$all` (default 5,000; at most 10,000). */
  readonly batchSize?: number;
  /**
   * Events of its own types a projection collects, across pages, before it commits a batch
   * transaction: by default `batchSize` when that is given (tests that cut the history into
   * small batches get them), else 20,000; at most 50,000. Larger batches mean fewer of the
   * per-batch recomputations (every target of the month, the score of everyone with an event,
   * everyone's verdicts when a week ends); the rows are the same whatever the batch size.
   */
  readonly batchEvents?: number;
  /** Pages read ahead while the current one is applied (default 2). */
  readonly readAhead?: number;
  /**
   * Fill the scratch tables UNLOGGED (no WAL) and make them logged just before the swap
   * (default true). Safe: until the swap nothing reads them, and the rebuild's checkpoint
   * lives in an unlogged table beside them, so a server crash, which empties unlogged
   * tables, empties both together and the rebuild starts over instead of resuming wrongly.
   */
  readonly unlogged?: boolean;
  /** Carry on from the scratch tables of an interrupted rebuild of the same code version (default true). */
  readonly resume?: boolean;
  readonly onProgress?: (progress: RebuildProgress) => void;
  readonly signal?: AbortSignal;
}

export const LIVE_SCHEMA = 'read';
/** The rebuild's own checkpoint table, inside the scratch schema (see `unlogged`). */
const SCRATCH_CHECKPOINT = '_rebuild_checkpoint';

export const scratchSchemaOf = (projection: Pick<AnyProjection, 'name'>) => `read_rebuild_${projection.name}`;

/**
 * Blue/green rebuild of one projection; see {@link rebuildProjections}.
 */
export async function rebuildProjection<DB>(
  store: EventStore,
  db: Kysely<DB>,
  projection: AnyProjection<DB>,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const { position, events, seconds } = await rebuildProjections(store, db, [projection], options);
  return { position, events, seconds };
}

interface Target<DB> {
  readonly projection: AnyProjection<DB>;
  readonly scratch: string;
  readonly wanted: ReadonlySet<string> | undefined;
  /** Position the scratch tables reflect. */
  position: bigint;
  /** Position in the scratch checkpoint table (behind `position` while events are pending). */
  stored: bigint;
  /** Events collected for the next batch transaction, up to the batch size. */
  pending: Projected[];
  relevantEvents: number;
  batches: number;
  applyMs: number;
  transactionMs: number;
  setLoggedMs: number;
  swapMs: number;
}

/**
 * Blue/green rebuild of several projections in one pass over `$all`. Each projection replays
 * into fresh copies of its tables (created `LIKE` the live ones, so the migrations stay the
 * one definition of their shape) in its own scratch schema, while the live tables keep
 * serving. Pages of `$all` are read ahead (bounded) while the current one is applied; each
 * page goes to every projection in parallel, one transaction per projection that moves its
 * rebuild checkpoint with its rows (so a killed rebuild resumes where it stopped). Then, per
 * projection, in one transaction: hold the live checkpoint (a live runner's next batch
 * waits), apply what was appended meanwhile, swap the tables into `read`, drop the old ones
 * and move the checkpoint. A live runner notices its checkpoint moved and carries on from
 * there with the new tables.
 *
 * The batch transactions commit with `synchronous_commit = off`: a server crash may lose the
 * last few of them, but only whole transactions (rows and rebuild checkpoint together, in
 * WAL order), which the rebuild then simply replays again; nothing reads the scratch tables
 * before the swap, and the swap itself commits synchronously.
 */
export async function rebuildProjections<DB>(
  store: EventStore,
  db: Kysely<DB>,
  projections: readonly AnyProjection<DB>[],
  options: RebuildOptions = {},
): Promise<RebuildAllResult> {
  const started = process.hrtime.bigint();
  const batchSize = Math.min(options.batchSize ?? 5_000, 10_000);
  const batchEvents = Math.min(
    Math.max(options.batchEvents ?? (options.batchSize === undefined ? 20_000 : batchSize), 1),
    50_000,
  );
  const readAhead = Math.max(1, options.readAhead ?? 2);
  const unlogged = options.unlogged ?? true;
  const label = projections.map((p) => p.name).join(', ');
  const cancelled = () => new Error(`rebuild of projection(s) ${label} was cancelled`);

  const targets: Target<DB>[] = [];
  for (const projection of projections) {
    const scratch = scratchSchemaOf(projection);
    const resumeAt = await prepareScratch(db, projection, scratch, unlogged, options.resume ?? true);
    targets.push({
      projection,
      scratch,
      wanted: projection.eventTypes ? new Set<string>(projection.eventTypes) : undefined,
      position: resumeAt,
      stored: resumeAt,
      pending: [],
      relevantEvents: 0,
      batches: 0,
      applyMs: 0,
      transactionMs: 0,
      setLoggedMs: 0,
      swapMs: 0,
    });
  }
  if (targets.length === 0) return { position: 0n, events: 0, seconds: 0, readWaitMs: 0, projections: [] };

  const head = await store.headPosition();
  // Resumed projections may stand at different positions; each skips what it already has.
  let position = targets[0]!.position;
  for (const t of targets) if (t.position < position) position = t.position;
  let events = 0;
  let readWaitMs = 0;
  const pages = readPagesAhead(store, position, batchSize, readAhead);
  try {
    for (;;) {
      if (options.signal?.aborted) throw cancelled();
      const waitStart = performance.now();
      const page = await pages.next();
      readWaitMs += performance.now() - waitStart;
      for (const target of targets) collect(target, page.events);
      await Promise.all(
        targets
          .filter((t) => t.pending.length >= batchEvents || (page.isEnd && t.pending.length > 0))
          .map((t) => flush(db, t, true, undefined, true)),
      );
      events += page.events.length;
      position = page.nextAfter;
      options.onProgress?.({ projection: label, position, head, events });
      if (page.isEnd) break;
    }
  } finally {
    pages.close();
  }

  for (const target of targets) {
    if (options.signal?.aborted) throw cancelled();
    const finish = target.projection.finishRebuild;
    if (finish) {
      const f0 = performance.now();
      await db.transaction().execute(async (trx) => {
        await sql`SELECT set_config('synchronous_commit', 'off', true)`.execute(trx);
        await finish.call(target.projection, trx.withSchema(target.scratch));
      });
      target.applyMs += performance.now() - f0;
      target.transactionMs += performance.now() - f0;
    }
    const t0 = performance.now();
    // Always, not only when this run created them unlogged: a resumed scratch may have been.
    // (A no-op for a table that is logged already.)
    for (const table of target.projection.tables) {
      await sql`ALTER TABLE ${sql.id(target.scratch, table)} SET LOGGED`.execute(db);
      // Tables swapped in fresh have no statistics until autovacuum gets to them; without them
      // the planner picks poor plans (the overview's target join scanned a team per person).
      await sql`ANALYZE ${sql.id(target.scratch, table)}`.execute(db);
    }
    target.setLoggedMs = performance.now() - t0;
    const t1 = performance.now();
    const swapped = await swapIn(store, db, target, batchSize);
    events += swapped.events;
    if (swapped.position > position) position = swapped.position;
    target.swapMs = performance.now() - t1;
  }
  options.onProgress?.({ projection: label, position, head: position, events });
  return {
    position,
    events,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    readWaitMs,
    projections: targets.map((t) => ({
      projection: t.projection.name,
      relevantEvents: t.relevantEvents,
      batches: t.batches,
      applyMs: t.applyMs,
      transactionMs: t.transactionMs,
      setLoggedMs: t.setLoggedMs,
      swapMs: t.swapMs,
    })),
  };
}

/**
 * Makes the scratch schema ready and returns the position it already reflects: resumes a
 * rebuild of the same code version that a crash interrupted, else starts from empty tables.
 */
async function prepareScratch<DB>(
  db: Kysely<DB>,
  projection: AnyProjection<DB>,
  scratch: string,
  unlogged: boolean,
  resume: boolean,
): Promise<bigint> {
  const { rows } = await sql<{ tables: string[] }>`
    SELECT coalesce(array_agg(c.relname::text), '{}') AS tables FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = ${scratch} AND c.relkind = 'r'`.execute(db);
  const existing = new Set(rows[0]?.tables ?? []);
  if (resume && existing.has(SCRATCH_CHECKPOINT) && projection.tables.every((t) => existing.has(t))) {
    const found = await sql<{ position: string; code_version: string }>`
      SELECT position, code_version FROM ${sql.id(scratch, SCRATCH_CHECKPOINT)}`.execute(db);
    const row = found.rows[0];
    if (row && row.code_version === projection.version) return BigInt(row.position);
  }
  await sql`DROP SCHEMA IF EXISTS ${sql.id(scratch)} CASCADE`.execute(db);
  await sql`CREATE SCHEMA ${sql.id(scratch)}`.execute(db);
  const kind = unlogged ? sql`UNLOGGED TABLE` : sql`TABLE`;
  for (const table of projection.tables) {
    await sql`CREATE ${kind} ${sql.id(scratch, table)} (LIKE ${sql.id(LIVE_SCHEMA, table)} INCLUDING ALL)`.execute(
      db,
    );
  }
  await sql`
    CREATE ${kind} ${sql.id(scratch, SCRATCH_CHECKPOINT)} (
      position bigint NOT NULL, code_version text NOT NULL)`.execute(db);
  await sql`
    INSERT INTO ${sql.id(scratch, SCRATCH_CHECKPOINT)} (position, code_version)
    VALUES (0, ${projection.version})`.execute(db);
  return 0n;
}

/**
 * Takes the events of a page after the target's position that its projection wants into the
 * target's pending batch. Pages are 5,000 events of every type; a projection that wants few
 * of them would otherwise pay a transaction per page for a handful of events.
 */
function collect<DB>(target: Target<DB>, page: readonly RecordedEvent[]): void {
  const from = target.position;
  const last = page[page.length - 1];
  if (!last || last.position <= from) return;
  for (const event of page) {
    if (event.position > from && (!target.wanted || target.wanted.has(event.type)))
      target.pending.push(projected(event));
  }
  target.position = last.position;
}

/**
 * Applies the target's pending events to its scratch tables and moves its rebuild checkpoint
 * to the position collected so far, in one transaction (compare-and-set, like the live
 * checkpoint). With `asyncCommit` the transaction commits without waiting for the WAL flush.
 */
async function flush<DB>(
  db: Kysely<DB>,
  target: Target<DB>,
  asyncCommit: boolean,
  trx?: Kysely<DB>,
  rebuilding = false,
): Promise<void> {
  const events = target.pending;
  // Nothing pending changes nothing: the checkpoint may stay behind (a resume filters by it).
  if (events.length === 0) return;
  const to = target.position;
  const t0 = performance.now();
  const body = async (tx: Kysely<DB>) => {
    await advanceScratch(tx, target, target.stored, to, asyncCommit);
    const a0 = performance.now();
    const bound = tx.withSchema(target.scratch);
    await applyNamingFailures(tx, target.projection.name, events, (some) =>
      target.projection.apply(bound, some, rebuilding ? { rebuilding, pass: target } : {}),
    );
    target.applyMs += performance.now() - a0;
  };
  if (trx) await body(trx);
  else await db.transaction().execute(body);
  target.transactionMs += performance.now() - t0;
  target.pending = [];
  target.stored = to;
  target.relevantEvents += events.length;
  target.batches++;
}

async function advanceScratch<DB>(
  trx: Kysely<DB>,
  target: Target<DB>,
  from: bigint,
  to: bigint,
  asyncCommit: boolean,
): Promise<void> {
  // set_config(…, true) is SET LOCAL: it only changes how this transaction commits. Done in
  // the checkpoint's statement so that it costs no extra round trip.
  const result = await sql<{ async: string | null }>`
    UPDATE ${sql.id(target.scratch, SCRATCH_CHECKPOINT)} SET position = ${to.toString()}
     WHERE position = ${from.toString()}
    RETURNING CASE WHEN ${asyncCommit} THEN set_config('synchronous_commit', 'off', true) END AS async`.execute(
    trx,
  );
  if (result.rows.length !== 1) {
    throw new Error(
      `rebuild of projection "${target.projection.name}": its scratch checkpoint is no longer at ${from} (another rebuild is running?)`,
    );
  }
}

/**
 * The swap: holds the live checkpoint's row (a live runner's batch waits for it), applies
 * what was appended since the pass, moves the tables and the checkpoint. Synchronous commit.
 */
async function swapIn<DB>(
  store: EventStore,
  db: Kysely<DB>,
  target: Target<DB>,
  batchSize: number,
): Promise<{ position: bigint; events: number }> {
  const { projection, scratch } = target;
  const retired = `read_retired_${projection.name}`;
  let events = 0;
  await db.transaction().execute(async (trx) => {
    await sql`SELECT 1 FROM projections.checkpoints WHERE name = ${projection.name} FOR UPDATE`.execute(trx);
    for (;;) {
      const page = await store.readAll({ after: target.position, maxCount: batchSize });
      collect(target, page.events);
      events += page.events.length;
      if (page.isEnd) break;
    }
    await flush(db, target, false, trx);
    await sql`DROP SCHEMA IF EXISTS ${sql.id(retired)} CASCADE`.execute(trx);
    await sql`CREATE SCHEMA ${sql.id(retired)}`.execute(trx);
    for (const table of projection.tables) {
      await sql`ALTER TABLE IF EXISTS ${sql.id(LIVE_SCHEMA, table)} SET SCHEMA ${sql.id(retired)}`.execute(
        trx,
      );
      await sql`ALTER TABLE ${sql.id(scratch, table)} SET SCHEMA ${sql.id(LIVE_SCHEMA)}`.execute(trx);
    }
    await sql`DROP SCHEMA ${sql.id(retired)} CASCADE`.execute(trx);
    await sql`DROP SCHEMA ${sql.id(scratch)} CASCADE`.execute(trx);
    await sql`
      INSERT INTO projections.checkpoints (name, position, code_version, rebuilt_at)
      VALUES (${projection.name}, ${target.position.toString()}, ${projection.version}, now())
      ON CONFLICT (name) DO UPDATE
        SET position = EXCLUDED.position, code_version = EXCLUDED.code_version,
            updated_at = now(), rebuilt_at = now()`.execute(trx);
  });
  return { position: target.position, events };
}

/**
 * Pages of `$all` from `after` to the head, read up to `depth` pages ahead of the consumer
 * (each read starts when the previous one returned, so at most `depth` pages are held).
 */
function readPagesAhead(store: EventStore, after: bigint, maxCount: number, depth: number) {
  const queue: Promise<AllPage>[] = [];
  let last: Promise<AllPage> | undefined;
  const schedule = () => {
    const previous = last;
    const next: Promise<AllPage> = previous
      ? previous.then((p) =>
          p.isEnd
            ? { events: [], nextAfter: p.nextAfter, isEnd: true }
            : store.readAll({ after: p.nextAfter, maxCount }),
        )
      : store.readAll({ after, maxCount });
    next.catch(() => {}); // surfaced when the consumer awaits it
    last = next;
    queue.push(next);
  };
  for (let i = 0; i < depth; i++) schedule();
  return {
    async next(): Promise<AllPage> {
      const page = await queue.shift()!;
      if (!page.isEnd) schedule();
      return page;
    },
    close() {
      queue.length = 0;
    },
  };
}
