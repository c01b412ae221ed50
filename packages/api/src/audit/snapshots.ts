import { isAscii } from 'node:buffer';
import { promisify } from 'node:util';
import { constants, gunzip, gzip } from 'node:zlib';
import {
  deserializeFactsState,
  type FactsState,
  FOLD_VERSION,
  serializeFactsState,
} from '@trackrecord/domain';
import type { Database, POLICY_KINDS } from '@trackrecord/projections';
import { type Kysely, sql } from 'kysely';

/**
 * Fold snapshots in PostgreSQL (`projections.fold_snapshots`): the domain's fold state at a
 * position of `$all`, with the audit's running values beside it, gzip-compressed. Rows of
 * another `FOLD_VERSION` are never read, and are deleted the first time this process writes.
 */

/** The policy in force of a kind, as the bitemporal view keeps it (JSON-safe). */
export interface PolicyInForceJson {
  readonly id: string;
  /** The event that published it. */
  readonly kind: keyof typeof POLICY_KINDS;
  readonly name: string;
  readonly version: number;
  readonly publishedAt: string;
  readonly document: unknown;
  readonly position: string;
  /** The branch it is the variant of; null (or absent, in older snapshots) for headquarters. */
  readonly branchId?: string | null;
}

/** What the audit keeps beside the fold state while it folds (all JSON). */
export interface AuditRunning {
  /** Employee → branch, from hires and transfers. */
  branches: Record<string, string>;
  /** The latest headquarters publication of each policy kind. */
  policies: Record<string, PolicyInForceJson>;
  /** Branch variants in force, by `<kind>:<branch id>` (withdrawn ones left out). */
  variants: Record<string, PolicyInForceJson>;
  /** The latest business date stated by an event folded ('' before the first). */
  businessClock: string;
  /** Fact events folded (`FACTS_EVENT_TYPES`). */
  factEvents: number;
  /** Fact events and commission plan publications folded. */
  allEvents: number;
  /** Position of the last event folded ('0' before the first). */
  lastPosition: string;
  /** The latest transaction time of an event folded (ISO), null before the first. */
  maxRecordedAt: string | null;
}

export const emptyRunning = (): AuditRunning => ({
  branches: {},
  policies: {},
  variants: {},
  businessClock: '',
  factEvents: 0,
  allEvents: 0,
  lastPosition: '0',
  maxRecordedAt: null,
});

/** A fold at a position: every fact event at or before `position` folded. */
export interface StoredFold {
  readonly position: bigint;
  readonly state: FactsState;
  readonly running: AuditRunning;
}

/** The window a bitemporal view folds: recorded by `at`, and (optionally) happened by `businessDate`. */
export interface FoldWindow {
  readonly at: Date;
  readonly businessDate: string | null;
}

/**
 * A snapshot is stored at the first event of every business month (the fold's clock moves
 * into a new month) and after this many fact events since the last one, whichever comes
 * first: a replay folds at most about a month of the history after the nearest snapshot.
 */
export const SNAPSHOT_EVERY_EVENTS = 3_000;

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** A character outside ASCII (all of them lie inside JSON strings, where an escape is the same). */
const NON_ASCII = /[\u0080-\uffff]/g;
const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * The text stored: the running values (one JSON line), a newline, the domain's state text
 * without its sales (one line), then one line per sale (its id as JSON, a tab, the sale as
 * JSON); all ASCII (the few names and notes outside it as JSON escapes, which read back the
 * same): a snapshot of several megabytes is then read as one-byte text, without decoding
 * UTF-8 (which cost more than unpacking it). The sales are nearly half of a snapshot and a fold
 * continued from it reads few of them (the ones paid, corrected or reversed next): they are
 * read when first used (`lazySales`).
 */
export const encodeFold = (state: FactsState, running: AuditRunning): string =>
  `${JSON.stringify(running)}\n${serializeFactsState({ ...state, sales: {} })}\n${salesLines(state.sales)}`.replace(
    NON_ASCII,
    escaped,
  );

/** The text of a stored snapshot, unpacked: ASCII as one-byte text, else (written before) UTF-8. */
export const foldText = (bytes: Buffer): string =>
  isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');

export function decodeFold(text: string): { state: FactsState; running: AuditRunning } {
  const cut = text.indexOf('\n');
  if (cut < 0) throw new Error('fold snapshot without its running values');
  const running = JSON.parse(text.slice(0, cut)) as AuditRunning;
  const sales = text.indexOf('\n', cut + 1);
  // Written before the sales had lines of their own: they are in the state's text.
  if (sales < 0) return { running, state: deserializeFactsState(text.slice(cut + 1)) };
  const state = deserializeFactsState(text.slice(cut + 1, sales));
  state.sales = lazySales(text, sales + 1);
  return { running, state };
}

type Sales = FactsState['sales'];
type Sale = Sales[string];

/** The sales of a decoded snapshot not read yet: where each one's JSON starts in the text. */
interface LazySales {
  readonly text: string;
  readonly unread: Map<string, number>;
  /** The sales read (or added, or changed) so far. */
  readonly target: Sales;
}
const lazyOf = new WeakMap<object, LazySales>();

/** The sale lines of `text` from `from` on, as a record that parses each sale when first used. */
function lazySales(text: string, from: number): Sales {
  const unread = new Map<string, number>();
  for (let at = from; at < text.length; ) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const tab = text.indexOf('\t', at);
    const id = text.slice(at, tab);
    unread.set(id.includes('\\') ? (JSON.parse(id) as string) : id.slice(1, -1), tab + 1);
    at = end + 1;
  }
  return lazyRecord({ text, unread, target: {} });
}

function lineAt(text: string, start: number): string {
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end);
}

/**
 * A record of sales that behaves as a plain one (the fold reads, adds and changes sales by
 * id; listing its keys, as writing it out or comparing it does, reads them all), with the
 * sales not used yet left as text.
 */
function lazyRecord(lazy: LazySales): Sales {
  const { text, unread, target } = lazy;
  const read = (id: string | symbol) => {
    if (typeof id !== 'string') return;
    const start = unread.get(id);
    if (start === undefined) return;
    unread.delete(id);
    target[id] = JSON.parse(lineAt(text, start)) as Sale;
  };
  const proxy = new Proxy(target, {
    get: (t, id, receiver) => {
      read(id);
      return Reflect.get(t, id, receiver);
    },
    set: (t, id, value) => {
      if (typeof id === 'string') unread.delete(id);
      return Reflect.set(t, id, value);
    },
    has: (t, id) => (typeof id === 'string' && unread.has(id)) || Reflect.has(t, id),
    ownKeys: (t) => {
      for (const id of [...unread.keys()]) read(id);
      return Reflect.ownKeys(t);
    },
    getOwnPropertyDescriptor: (t, id) => {
      read(id);
      return Reflect.getOwnPropertyDescriptor(t, id);
    },
    defineProperty: (t, id, descriptor) => {
      if (typeof id === 'string') unread.delete(id);
      return Reflect.defineProperty(t, id, descriptor);
    },
    deleteProperty: (t, id) => {
      if (typeof id === 'string') unread.delete(id);
      return Reflect.deleteProperty(t, id);
    },
  });
  lazyOf.set(proxy, lazy);
  return proxy;
}

/** One line per sale; the ones of a decoded snapshot not read yet are copied as they were. */
function salesLines(sales: Sales): string {
  const lazy = lazyOf.get(sales);
  const lines: string[] = [];
  for (const [id, sale] of Object.entries(lazy ? lazy.target : sales))
    lines.push(`${JSON.stringify(id)}\t${JSON.stringify(sale)}`);
  if (lazy)
    for (const [id, start] of lazy.unread) lines.push(`${JSON.stringify(id)}\t${lineAt(lazy.text, start)}`);
  return lines.join('\n');
}

/**
 * A deep copy of a fold state to continue folding on (a cached fold is never changed): as
 * `structuredClone`, which cannot copy a snapshot's lazily read sales; their unread text is
 * shared (it never changes).
 */
export function copyFactsState(state: FactsState): FactsState {
  const lazy = lazyOf.get(state.sales);
  if (!lazy) return structuredClone(state);
  const copy = structuredClone({ ...state, sales: {} });
  copy.sales = lazyRecord({
    text: lazy.text,
    unread: new Map(lazy.unread),
    target: structuredClone(lazy.target),
  });
  return copy;
}

interface Row {
  position: string;
  state: Buffer;
}

export class FoldSnapshots {
  private cleaned = false;
  /** Snapshots this process has stored. */
  written = 0;
  private readonly pending = new Set<Promise<void>>();
  /** Failures of background writes (logged by the caller's logger if it wants; never thrown). */
  readonly errors: unknown[] = [];

  /** Fact events after which a snapshot is stored even within a business month. */
  readonly every: number;
  /** Fold version of the snapshots read and written. */
  readonly version: number;

  constructor(
    private readonly db: Kysely<Database>,
    options: { every?: number; version?: number } = {},
  ) {
    this.every = options.every ?? SNAPSHOT_EVERY_EVENTS;
    this.version = options.version ?? FOLD_VERSION;
  }

  /**
   * The snapshot nearest at or before `position` (and after `after`, when given) of this fold
   * version, inside `window` when given: only events recorded by `at` and, with a business
   * date, none stated after it. A fresh state each call: the caller may fold on from it.
   */
  async nearest(
    position: bigint,
    options: { after?: bigint; window?: FoldWindow } = {},
  ): Promise<StoredFold | null> {
    const w = options.window;
    const result = await sql<Row>`
      SELECT position::text AS position, state FROM projections.fold_snapshots
      WHERE fold_version = ${this.version} AND position <= ${position.toString()}::bigint
        AND position > ${(options.after ?? -1n).toString()}::bigint
        ${w ? sql`AND (max_recorded_at IS NULL OR max_recorded_at <= ${w.at.toISOString()}::timestamptz)` : sql``}
        ${w?.businessDate ? sql`AND business_clock <= ${w.businessDate}` : sql``}
      ORDER BY fold_snapshots.position DESC LIMIT 1`.execute(this.db);
    const row = result.rows[0];
    if (!row) return null;
    // In large chunks: a snapshot unpacks to megabytes, and each chunk is a callback.
    const text = foldText(await gunzipAsync(row.state, { chunkSize: 1 << 20 }));
    return { position: BigInt(row.position), ...decodeFold(text) };
  }

  /** Positions of the stored snapshots of this version, oldest first. */
  async positions(): Promise<bigint[]> {
    return (await this.sizes()).map((s) => s.position);
  }

  /**
   * Position, compressed size (bytes) and business clock (the running value: never before the
   * fold's own clock, often after it) of the stored snapshots of this version, oldest first.
   */
  async sizes(): Promise<{ position: bigint; bytes: number; businessClock: string }[]> {
    const result = await sql<{ position: string; bytes: number; business_clock: string }>`
      SELECT position::text AS position, bytes, business_clock FROM projections.fold_snapshots
      WHERE fold_version = ${this.version} ORDER BY fold_snapshots.position`.execute(this.db);
    return result.rows.map((r) => ({
      position: BigInt(r.position),
      bytes: Number(r.bytes),
      businessClock: r.business_clock,
    }));
  }

  /**
   * Per quarter, the position of the first snapshot whose business clock lies in the quarter's
   * first month, oldest first: the fold just into the quarter, or one before it when the
   * business clock ran ahead of the fold's (a quarter's first month may then have none).
   */
  async quarterStarts(): Promise<bigint[]> {
    const result = await sql<{ position: string }>`
      SELECT min(position)::text AS position FROM projections.fold_snapshots
      WHERE fold_version = ${this.version} AND substr(business_clock, 6, 2) IN ('01', '04', '07', '10')
      GROUP BY substr(business_clock, 1, 7) ORDER BY 1`.execute(this.db);
    return result.rows.map((r) => BigInt(r.position)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /**
   * Stores the fold at `position`, written out now (`text`, from `encodeFold`); compressing
   * and inserting run in the background (`flush` waits for them). An existing row wins.
   */
  save(position: bigint, running: AuditRunning, text: string): void {
    const write = this.write(position, running, text).catch((error: unknown) => {
      this.errors.push(error);
    });
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
  }

  /** Waits until at most `limit` snapshots are being written (each holds its text in memory). */
  async backlog(limit: number): Promise<void> {
    while (this.pending.size > limit) await Promise.race([...this.pending]);
  }

  /** Waits for every snapshot being written. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Deletes every snapshot of this version (benchmarks and tests measure without them). */
  async clear(): Promise<void> {
    await this.flush();
    await sql`DELETE FROM projections.fold_snapshots WHERE fold_version = ${this.version}`.execute(this.db);
  }

  private async write(position: bigint, running: AuditRunning, text: string): Promise<void> {
    if (!this.cleaned) {
      this.cleaned = true;
      // Snapshots of another fold version are never read again.
      await sql`DELETE FROM projections.fold_snapshots WHERE fold_version <> ${this.version}`.execute(
        this.db,
      );
    }
    // The fastest level: written once per snapshot while a fold goes on, read back as fast at any level.
    const blob = await gzipAsync(Buffer.from(text, 'utf8'), { level: constants.Z_BEST_SPEED });
    await sql`
      INSERT INTO projections.fold_snapshots
        (fold_version, position, events, max_recorded_at, business_clock, bytes, state)
      VALUES (${this.version}, ${position.toString()}::bigint, ${running.factEvents},
        ${running.maxRecordedAt}::timestamptz, ${running.businessClock}, ${blob.length}, ${blob})
      ON CONFLICT (fold_version, position) DO NOTHING`.execute(this.db);
    this.written++;
  }
}

const stores = new WeakMap<Kysely<Database>, FoldSnapshots>();
/** One snapshot store per database handle (per process). */
export function foldSnapshotsFor(db: Kysely<Database>): FoldSnapshots {
  let s = stores.get(db);
  if (!s) {
    s = new FoldSnapshots(db);
    stores.set(db, s);
  }
  return s;
}
