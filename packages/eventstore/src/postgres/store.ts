import pg from 'pg';
import type {
  AllPage,
  AppendOptions,
  AppendResult,
  DataPage,
  EventStore,
  FoundCommand,
  NewEvent,
  PreparedAppends,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeToAllOptions,
  Subscription,
} from '../port.ts';
import { appendToStream, appendToStreams, prepareAppends } from './appendToStream.ts';
import { AppendQueue } from './groupCommit.ts';
import { AppendNotifier } from './notifier.ts';
import { headPosition, readAll, readAllData } from './readAll.ts';
import { readStream, readStreams } from './readStream.ts';
import { subscribeToAll } from './subscribe.ts';

export interface PostgresEventStoreOptions {
  readonly connectionString: string;
  /** Connections in the store's pool (default 10). */
  readonly poolSize?: number;
  /** Longest a live subscriber waits without a notification before re-reading (default 1000 ms). */
  readonly pollIntervalMs?: number;
}

/** The PostgreSQL adapter. Run `migrateEventStore` once before using it. */
export class PostgresEventStore implements EventStore {
  readonly atomicMultiStreamAppend = true;
  readonly pool: pg.Pool;
  /** Group commit of this store's appends (see `AppendQueue`). */
  readonly appends: AppendQueue;
  private readonly notifier: AppendNotifier;
  private readonly pollIntervalMs: number;

  constructor(options: PostgresEventStoreOptions) {
    this.pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
    // An idle client that errors (server restart) must not crash the process.
    this.pool.on('error', () => {});
    this.appends = new AppendQueue(this.pool);
    this.notifier = new AppendNotifier(options.connectionString);
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
  }

  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    return appendToStream(this.appends, streamId, events, options);
  }

  appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    return appendToStreams(this.appends, appends);
  }

  prepareAppends(appends: readonly StreamAppend[]): PreparedAppends {
    return prepareAppends(this.appends, appends);
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return readStream(this.pool, streamId, options);
  }

  readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    return readStreams(this.pool, streamIds);
  }

  async findCommands(commandIds: readonly string[]): Promise<Map<string, FoundCommand>> {
    const found = new Map<string, FoundCommand>();
    if (commandIds.length === 0) return found;
    // Through the expression index events_command_id; the first event of each command.
    const { rows } = await this.pool.query<{ id: string; stream_id: string; fingerprint: string | null }>({
      name: 'eventstore.findCommands',
      text: `SELECT DISTINCT ON (metadata->>'commandId') metadata->>'commandId' AS id, stream_id,
                    metadata->>'commandFingerprint' AS fingerprint
               FROM eventstore.events WHERE metadata->>'commandId' = ANY($1::text[])
              ORDER BY metadata->>'commandId', global_position`,
      values: [[...new Set(commandIds)]],
    });
    for (const row of rows)
      found.set(row.id, { streamId: row.stream_id, fingerprint: row.fingerprint ?? undefined });
    return found;
  }

  readAll(options?: ReadAllOptions): Promise<AllPage> {
    return readAll(this.pool, options);
  }

  readAllData(options?: ReadAllOptions): Promise<DataPage> {
    return readAllData(this.pool, options);
  }

  subscribeToAll(options?: SubscribeToAllOptions): Subscription {
    return subscribeToAll(
      { pool: this.pool, notifier: this.notifier, pollIntervalMs: this.pollIntervalMs },
      options,
    );
  }

  headPosition(): Promise<bigint> {
    return headPosition(this.pool);
  }

  async close(): Promise<void> {
    await this.appends.drain();
    await this.notifier.close();
    await this.pool.end();
  }
}
