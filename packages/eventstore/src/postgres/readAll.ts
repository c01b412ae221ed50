import type pg from 'pg';
import type { AllPage, DataPage, ReadAllOptions } from '../port.ts';
import { validateReadAll } from '../validation.ts';
import {
  DATA_COLUMNS,
  type DataRow,
  EVENT_COLUMNS,
  type EventRow,
  toDataEvent,
  toRecordedEvent,
} from './rows.ts';

/** The statements of a page of `$all`, of every type or of some (skipped in the server: neither sent nor parsed). */
const statements = (columns: string) => ({
  all: `SELECT ${columns} FROM eventstore.events
  WHERE global_position > $1 ORDER BY global_position ASC LIMIT $2`,
  ofTypes: `SELECT ${columns} FROM eventstore.events
  WHERE global_position > $1 AND event_type = ANY($3::text[]) ORDER BY global_position ASC LIMIT $2`,
});
const READ_ALL = statements(EVENT_COLUMNS);
const READ_ALL_DATA = statements(DATA_COLUMNS);

async function readPage<Row extends unknown[], Event extends { position: bigint }>(
  pool: pg.Pool | pg.PoolClient,
  name: string,
  sql: { all: string; ofTypes: string },
  toEvent: (row: Row) => Event,
  options: ReadAllOptions | undefined,
): Promise<{ events: Event[]; nextAfter: bigint; isEnd: boolean }> {
  const { after, maxCount, types } = validateReadAll(options);
  const { rows } = await pool.query<Row>(
    types
      ? {
          name: `${name}OfTypes`,
          text: sql.ofTypes,
          values: [after.toString(), maxCount, types],
          rowMode: 'array',
        }
      : { name, text: sql.all, values: [after.toString(), maxCount], rowMode: 'array' },
  );
  const events = rows.map(toEvent);
  const last = events[events.length - 1];
  return { events, nextAfter: last ? last.position : after, isEnd: events.length < maxCount };
}

/**
 * One page of `$all` after a position, through the primary key. Safe against concurrent
 * writers because appends become visible in position order (see the events migration).
 */
export const readAll = (pool: pg.Pool | pg.PoolClient, options?: ReadAllOptions): Promise<AllPage> =>
  readPage<EventRow, ReturnType<typeof toRecordedEvent>>(
    pool,
    'eventstore.readAll',
    READ_ALL,
    toRecordedEvent,
    options,
  );

/** The same page with the columns a fold reads only (`EventStore.readAllData`). */
export const readAllData = (pool: pg.Pool | pg.PoolClient, options?: ReadAllOptions): Promise<DataPage> =>
  readPage<DataRow, ReturnType<typeof toDataEvent>>(
    pool,
    'eventstore.readAllData',
    READ_ALL_DATA,
    toDataEvent,
    options,
  );

export async function headPosition(pool: pg.Pool): Promise<bigint> {
  const { rows } = await pool.query<[string | null]>({
    name: 'eventstore.head',
    text: 'SELECT max(global_position) FROM eventstore.events',
    rowMode: 'array',
  });
  return BigInt(rows[0]?.[0] ?? 0);
}
