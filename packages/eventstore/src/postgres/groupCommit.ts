import type pg from 'pg';
import { IdempotencyConflictError, WrongExpectedRevisionError } from '../errors.ts';
import type { AppendResult } from '../port.ts';
import type { ValidAppend } from '../validation.ts';

/** Most requests written in one group commit (see `append_group` for why it is bounded). */
export const MAX_GROUP_REQUESTS = 32;
/** Most JSON in one group commit; a single larger request (up to its own limit) goes alone. */
export const MAX_GROUP_BYTES = 16 * 1024 * 1024;

const APPEND_SQL =
  'SELECT out_position, out_revision, out_appended FROM eventstore.append_to_stream($1, $2, $3::jsonb)';
const APPEND_MANY_SQL =
  'SELECT out_index, out_position, out_revision, out_appended FROM eventstore.append_to_streams($1::jsonb)';
const APPEND_GROUP_SQL =
  'SELECT out_index, out_position, out_revision, out_appended, out_error, out_message, out_detail, out_hint' +
  ' FROM eventstore.append_group($1::jsonb, $2::integer[])';

/** One `appendToStream` or `appendToStreams` call, validated and serialised. */
export interface PreparedRequest {
  readonly valid: readonly ValidAppend[];
  /** Each part's events as `append_to_stream` takes them. */
  readonly events: readonly string[];
  /** Each part as `append_to_streams` takes it. */
  readonly parts: readonly string[];
  readonly bytes: number;
}

/** Serialises a validated request once, ahead of sending it. */
export function prepareRequest(valid: readonly ValidAppend[]): PreparedRequest {
  const events = valid.map(eventsJson);
  const parts = valid.map((append, i) => partJson(append, events[i]!));
  let bytes = 0;
  for (const p of parts) bytes += p.length;
  return { valid, events, parts, bytes };
}

interface Request extends PreparedRequest {
  readonly resolve: (results: AppendResult[]) => void;
  readonly reject: (error: unknown) => void;
}

type Row = [number, string, string, boolean];
type GroupRow = [
  number,
  string | null,
  string | null,
  boolean | null,
  string | null,
  string | null,
  string | null,
  string | null,
];

/**
 * Group commit for one store: appends arriving while a commit is in flight wait and are then
 * written together, in one transaction and one round trip (`eventstore.append_group`), so
 * concurrent writers of this process share one disk flush instead of queueing on the
 * append lock for one flush each.
 *
 * - One group is in flight at a time: appends are serialised by the advisory lock anyway
 *   (see the events migration), so a second transaction could only wait behind the first.
 * - An append that finds nothing in flight is sent at the next turn of the event loop
 *   (`setImmediate`), so appends started together go together and a lone writer waits no
 *   longer than that.
 * - Each request stays atomic and gets its own outcome: its positions, or its own error
 *   (wrong expected revision, idempotency conflict, …); a failing request is rolled back
 *   alone (a savepoint per request, in `append_group`) and never fails the others. Only a
 *   failure of the transaction itself (the server gone) fails every request of the group.
 * - A group of one request goes through `append_to_stream` / `append_to_streams`, exactly as
 *   before group commit, so a lone writer pays nothing for it.
 */
export class AppendQueue {
  private queue: Request[] = [];
  private inFlight = false;
  private scheduled = false;
  /** Commits so far and the requests they held, for tests and benchmarks. */
  readonly stats = { commits: 0, requests: 0, largest: 0 };

  constructor(private readonly pool: pg.Pool) {}

  /** Queues a validated request; resolves with one result per part, in order. */
  submit(prepared: PreparedRequest): Promise<AppendResult[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...prepared, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once every request submitted so far has been written or refused. */
  async drain(): Promise<void> {
    while (this.inFlight || this.scheduled || this.queue.length > 0)
      await new Promise((resolve) => setTimeout(resolve, 1));
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.commitNext();
    });
  }

  private commitNext(): void {
    if (this.inFlight || this.queue.length === 0) return;
    let take = 1;
    let bytes = this.queue[0]!.bytes;
    while (take < this.queue.length && take < MAX_GROUP_REQUESTS) {
      const next = this.queue[take]!.bytes;
      if (bytes + next > MAX_GROUP_BYTES) break;
      bytes += next;
      take++;
    }
    const group = this.queue.splice(0, take);
    this.inFlight = true;
    this.stats.commits++;
    this.stats.requests += group.length;
    this.stats.largest = Math.max(this.stats.largest, group.length);
    const done = group.length === 1 ? this.commitAlone(group[0]!) : this.commitGroup(group);
    void done.finally(() => {
      this.inFlight = false;
      // Whatever arrived meanwhile goes next, together with the writers this commit releases.
      this.schedule();
    });
  }

  private async commitAlone(request: Request): Promise<void> {
    const { valid } = request;
    const only = valid[0]!;
    try {
      if (valid.length === 1) {
        const { rows } = await this.pool.query<[string, string, boolean]>({
          name: 'eventstore.append',
          text: APPEND_SQL,
          values: [only.streamId, expectedText(only), request.events[0]],
          rowMode: 'array',
        });
        request.resolve([resultOf(only.streamId, rows)]);
        return;
      }
      const { rows } = await this.pool.query<Row>({
        name: 'eventstore.appendMany',
        text: APPEND_MANY_SQL,
        values: [`[${request.parts.join(',')}]`],
        rowMode: 'array',
      });
      const byPart: [string, string, boolean][][] = valid.map(() => []);
      for (const [index, position, revision, appended] of rows)
        byPart[index]?.push([position, revision, appended]);
      request.resolve(byPart.map((partRows, i) => resultOf(valid[i]!.streamId, partRows)));
    } catch (error) {
      request.reject(requestError(error, valid));
    }
  }

  private async commitGroup(group: readonly Request[]): Promise<void> {
    let rows: GroupRow[];
    try {
      const result = await this.pool.query<GroupRow>({
        name: 'eventstore.appendGroup',
        text: APPEND_GROUP_SQL,
        values: [`[${group.map((r) => r.parts.join(',')).join(',')}]`, group.map((r) => r.parts.length)],
        rowMode: 'array',
      });
      rows = result.rows;
    } catch (error) {
      // The transaction itself failed: nothing of the group was written.
      for (const request of group) request.reject(requestError(error, request.valid));
      return;
    }
    const starts: number[] = [];
    let start = 0;
    for (const request of group) {
      starts.push(start);
      start += request.parts.length;
    }
    const byPart: [string, string, boolean][][] = Array.from({ length: start }, () => []);
    const failed = new Map<number, GroupRow>();
    for (const row of rows) {
      if (row[4] !== null) failed.set(row[0], row);
      else byPart[row[0]]?.push([row[1]!, row[2]!, row[3]!]);
    }
    for (const [i, request] of group.entries()) {
      const first = starts[i]!;
      const error = failed.get(first);
      try {
        if (error) throw requestError(databaseError(error), request.valid);
        request.resolve(
          request.valid.map((append, part) => resultOf(append.streamId, byPart[first + part] ?? [])),
        );
      } catch (e) {
        request.reject(e);
      }
    }
  }
}

function resultOf(streamId: string, rows: readonly (readonly [string, string, boolean])[]): AppendResult {
  const last = rows[rows.length - 1];
  if (!last) throw new Error(`append to "${streamId}" returned no rows`);
  return {
    positions: rows.map((r) => BigInt(r[0])),
    lastPosition: BigInt(last[0]),
    nextExpectedRevision: BigInt(last[1]),
    appended: last[2],
  };
}

/** An error row of `append_group` as the error the same request alone would have raised. */
function databaseError(row: GroupRow): Error {
  const error = new Error(row[5] ?? 'append failed') as Error & {
    code?: string;
    detail?: string;
    hint?: string;
  };
  error.code = row[4] ?? undefined;
  if (row[6] !== null) error.detail = row[6];
  if (row[7] !== null) error.hint = row[7];
  return error;
}

/** A request's database error as the typed error of its failing part (named by the HINT). */
function requestError(error: unknown, valid: readonly ValidAppend[]): unknown {
  const hint = (error as { hint?: string }).hint;
  const failed = valid.find((a) => a.streamId === hint) ?? valid[0];
  if (!failed) return error;
  return mapAppendError(
    error,
    failed.streamId,
    expectedText(failed),
    failed.events.map((e) => e.id),
  );
}

/** One part as `append_to_streams` takes it. */
function partJson(append: ValidAppend, events: string): string {
  return `{"stream":${JSON.stringify(append.streamId)},"expected":"${expectedText(append)}","events":${events}}`;
}

/** The events as the SQL functions take them; each event's JSON was serialised once by the validator. */
function eventsJson(append: ValidAppend): string {
  return `[${append.events
    .map(
      (e) =>
        `{"id":"${e.id}","type":${JSON.stringify(e.type)},"v":${e.schemaVersion},"data":${e.dataJson},"meta":${e.metadataJson}}`,
    )
    .join(',')}]`;
}

const expectedText = (append: ValidAppend): string =>
  typeof append.expected === 'bigint' ? append.expected.toString() : append.expected;

function mapAppendError(error: unknown, streamId: string, expected: string, ids: string[]): unknown {
  const pgError = error as { code?: string; detail?: string; message?: string };
  if (pgError.code === 'TR409') {
    const actual = pgError.detail === 'none' || pgError.detail === undefined ? null : BigInt(pgError.detail);
    return new WrongExpectedRevisionError(streamId, expected, actual);
  }
  if (pgError.code === 'TR422') {
    const stored = safeJsonArray(pgError.detail);
    return new IdempotencyConflictError(
      streamId,
      stored.length > 0 ? stored : ids,
      pgError.message ?? 'conflict',
    );
  }
  return error;
}

function safeJsonArray(text: string | undefined): string[] {
  if (!text) return [];
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.map(String) : [];
}
