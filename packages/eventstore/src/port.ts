/**
 * The event store port: the only source of truth of Track Record.
 *
 * Every adapter (PostgreSQL, EventStoreDB) implements this interface and passes the
 * contract suite in `./contract`. Positions and revisions are `bigint` so that no adapter
 * has to squeeze a 64-bit log position into a JavaScript number.
 */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Who and what caused an event. Free-form keys are allowed beside the known ones. */
export interface EventMetadata {
  /** Id of the command that produced the event; the unit of idempotency upstream. */
  readonly commandId?: string;
  /** Id of the message (command or event) that directly caused this one. */
  readonly causationId?: string;
  /** Id shared by everything that one original request set in motion. */
  readonly correlationId?: string;
  /** The acting user or system account, e.g. `user:hr-admin-1`, `system:reactor`. */
  readonly actor?: string;
  /** Source system the fact came from: `crm`, `erp`, `lms`, `oa`, `hr`, `import`, `ui`. */
  readonly source?: string;
  readonly [key: string]: JsonValue | undefined;
}

/** An event as a writer hands it to the store. */
export interface NewEvent<Type extends string = string, Data extends JsonObject = JsonObject> {
  /** UUID chosen by the writer; re-sending the same id is idempotent. */
  readonly id: string;
  readonly type: Type;
  /** Schema version of `data`; old versions are upcast on read by the domain, never rewritten. */
  readonly schemaVersion: number;
  readonly data: Data;
  readonly metadata?: EventMetadata;
}

/** An event as the store recorded it. */
export interface RecordedEvent<Type extends string = string, Data extends JsonObject = JsonObject>
  extends NewEvent<Type, Data> {
  readonly streamId: string;
  /** 0-based position of the event inside its stream. */
  readonly revision: bigint;
  /** Position in `$all`: strictly increasing in commit order, never reused. */
  readonly position: bigint;
  readonly metadata: EventMetadata;
  readonly recordedAt: Date;
}

/**
 * What the writer expects the stream to look like before the append:
 * - `any`: no check;
 * - `no_stream`: the stream must not exist yet;
 * - `stream_exists`: the stream must have at least one event;
 * - a revision (`bigint`): the stream's last event must have exactly this revision.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface AppendOptions {
  readonly expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append. */
  readonly nextExpectedRevision: bigint;
  /** `$all` position of each event, in the order given. */
  readonly positions: readonly bigint[];
  /** Position of the last event; read models that reached it reflect this append. */
  readonly lastPosition: bigint;
  /** `false` when every event id was already stored: an idempotent re-send, nothing written. */
  readonly appended: boolean;
}

export interface ReadStreamOptions {
  readonly direction?: 'forward' | 'backward';
  /** Revision to start from (inclusive). Defaults to the start (forward) or the end (backward). */
  readonly fromRevision?: bigint;
  /** Maximum number of events to return. Defaults to all. */
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Return events strictly after this position; `0n` (default) reads from the beginning. */
  readonly after?: bigint;
  /** Page size; at most {@link MAX_READ_PAGE}. */
  readonly maxCount?: number;
  /**
   * Only events of these types (left out: every event). The page holds up to `maxCount` of
   * them, the events of other types skipped by the store; `nextAfter` is the last one's position.
   */
  readonly types?: readonly string[];
}

export interface AllPage {
  readonly events: readonly RecordedEvent[];
  /** Position to pass as `after` for the next page. Equals the input `after` when empty. */
  readonly nextAfter: bigint;
  /** `true` when the page reached the head of `$all` as of the read. */
  readonly isEnd: boolean;
}

/**
 * An event as a fold over `$all` reads it: what `RecordedEvent` holds but its stream, revision,
 * id and metadata. Every `RecordedEvent` is one.
 */
export interface DataEvent {
  readonly position: bigint;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonObject;
  readonly recordedAt: Date;
}

/** A page of `$all` as `readAllData` reads it (as `AllPage`, its events as `DataEvent`s). */
export interface DataPage {
  readonly events: readonly DataEvent[];
  readonly nextAfter: bigint;
  readonly isEnd: boolean;
}

export interface SubscribeToAllOptions {
  /** Deliver events strictly after this position (the consumer's checkpoint). */
  readonly after?: bigint;
  /** Largest batch handed to the consumer at once. */
  readonly maxBatchSize?: number;
  /** Aborting ends the iteration. */
  readonly signal?: AbortSignal;
}

export interface SubscriptionBatch {
  readonly events: readonly RecordedEvent[];
  /**
   * `true` once the subscriber has reached the head of `$all`: it is live from then on.
   * The first time this becomes true a batch is delivered even if it holds no events.
   */
  readonly caughtUp: boolean;
}

/**
 * A catch-up subscription. It pulls: the store reads the next batch only when the
 * consumer asks for it, so a slow consumer never makes the store buffer more than one batch.
 */
export type Subscription = AsyncIterable<SubscriptionBatch>;

/** One stream's part of `appendToStreams`. */
export interface StreamAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision?: ExpectedRevision;
}

/** An append validated and serialised by `prepareAppends`, not yet sent. */
export interface PreparedAppends {
  send(): Promise<AppendResult[]>;
}

export interface EventStore {
  /**
   * Whether `appendToStreams` is all-or-nothing across streams (PostgreSQL: one transaction)
   * or only per stream (EventStoreDB: one append per stream, in order; a failure leaves the
   * streams before it written, and re-sending the same event ids completes it idempotently).
   */
  readonly atomicMultiStreamAppend: boolean;
  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /**
   * Appends to several streams, each with its own expected revision and the same idempotency
   * as `appendToStream`; results in the order of `appends`. A stream may appear once. The
   * whole request is validated before anything is written, with the limits of one append
   * applied to the request as a whole.
   */
  appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /**
   * Optional: `appendToStreams` in two steps. Validates the request and serialises it now
   * (throwing what `appendToStreams` would reject with); `send()` then writes it exactly as
   * `appendToStreams` would. Lets a writer prepare its next append while the current one is
   * in flight, and send it only once the current one has committed.
   */
  prepareAppends?(appends: readonly StreamAppend[]): PreparedAppends;
  /**
   * Optional: where commands already are, by `metadata.commandId`, in any stream: for each id
   * found, the stream of its first event and that event's `metadata.commandFingerprint`. Lets
   * a writer refuse a command id reused for another command wherever it was used.
   */
  findCommands?(commandIds: readonly string[]): Promise<Map<string, FoundCommand>>;
  /** Returns the events of a stream, or an empty array when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Reads several whole streams at once (forward); streams that do not exist map to an empty
   * array. For loading many small streams before deciding many commands.
   */
  readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>>;
  readAll(options?: ReadAllOptions): Promise<AllPage>;
  /**
   * Optional: the page `readAll` would return, each event without its stream, revision, id and
   * metadata, which the store then neither sends nor decodes (on PostgreSQL they are most of a
   * row: reading a long history this way takes about half the time). For folds over `$all`;
   * a caller falls back to `readAll` where a store lacks it (`readAllDataOf`).
   */
  readAllData?(options?: ReadAllOptions): Promise<DataPage>;
  subscribeToAll(options?: SubscribeToAllOptions): Subscription;
  /** Position of the last event in `$all`, `0n` when the store is empty. */
  headPosition(): Promise<bigint>;
  close(): Promise<void>;
}

export const MAX_READ_PAGE = 10_000;

/** A page of `$all` as a fold reads it: `readAllData` where the store has it, else `readAll`. */
export const readAllDataOf = (store: EventStore, options?: ReadAllOptions): Promise<DataPage> =>
  store.readAllData ? store.readAllData(options) : store.readAll(options);

/** A command found by `findCommands`. */
export interface FoundCommand {
  readonly streamId: string;
  /** What the writer recorded to recognise the command (absent on events written before). */
  readonly fingerprint: string | undefined;
}

/**
 * The page a PostgreSQL catch-up subscription reads when the consumer names no
 * `maxBatchSize`. `pnpm bench store` measures catch-up at 1,000, 2,000 and 5,000 events per
 * page: pages of 2,000 and of 5,000 caught up faster than 1,000 in three runs of four, neither
 * clearly ahead of the other; 2,000 holds less in memory (two pages at most) for the same speed.
 */
export const DEFAULT_SUBSCRIBE_PAGE = 2000;

/**
 * The event type whose append erases personal fields of earlier events (PostgreSQL: a trigger
 * in the same transaction, migration 2026120551); a store that cannot erase refuses it.
 */
export const REDACTION_EVENT_TYPE = 'PersonalDataRedacted';
