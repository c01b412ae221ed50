import type pg from 'pg';
import type { AllPage, DataEvent, DataPage, ReadAllOptions, RecordedEvent } from '../port.ts';
import { validateReadAll } from '../validation.ts';
import {
  DATA_COLUMNS,
  type DataRow,
  EVENT_COLUMNS,
  type EventRow,
  toDataEvent,
  toRecordedEvent,
} from './rows.ts';

/**
 * How a page of `$all` is read: the statement's name, its text for every type and for some
 * (the others skipped in the server: neither sent nor parsed), and the event made of a row.
 */
interface PageRead<Row, Event> {
  readonly name: string;
  readonly all: string;
  readonly ofTypes: string;
  readonly toEvent: (row: Row) => Event;
}
const pageRead = <Row, Event>(
  name: string,
  columns: string,
  toEvent: (row: Row) => Event,
): PageRead<Row, Event> => ({
  name,
  all: `SELECT ${columns} FROM eventstore.events
  WHERE global_position > $1 ORDER BY global_position ASC LIMIT $2`,
  ofTypes: `SELECT ${columns} FROM eventstore.events
  WHERE global_position > $1 AND event_type = ANY($3::text[]) ORDER BY global_position ASC LIMIT $2`,
  toEvent,
});
const READ_ALL = pageRead<EventRow, RecordedEvent>('eventstore.readAll', EVENT_COLUMNS, toRecordedEvent);
const READ_ALL_DATA = pageRead<DataRow, DataEvent>('eventstore.readAllData', DATA_COLUMNS, toDataEvent);

async function readPage<Row extends unknown[], Event extends { position: bigint }>(
  pool: pg.Pool | pg.PoolClient,
  read: PageRead<Row, Event>,
  options: ReadAllOptions | undefined,
): Promise<{ events: Event[]; nextAfter: bigint; isEnd: boolean }> {
  const { after, maxCount, types } = validateReadAll(options);
  const { rows } = await pool.query<Row>(
    types
      ? {
          name: `${read.name}OfTypes`,
          text: read.ofTypes,
          values: [after.toString(), maxCount, types],
          rowMode: 'array',
        }
      : { name: read.name, text: read.all, values: [after.toString(), maxCount], rowMode: 'array' },
  );
  const events = rows.map(read.toEvent);
  const last = events[events.length - 1];
  return { events, nextAfter: last ? last.position : after, isEnd: events.length < maxCount };
}

/**
 * One page of `$all` after a position, through the primary key. Safe against concurrent
 * writers because appends become visible in position order (see the events migration).
 */
export const readAll = (pool: pg.Pool | pg.PoolClient, options?: ReadAllOptions): Promise<AllPage> =>
  readPage(pool, READ_ALL, options);

/** The same page with the columns a fold reads only (`EventStore.readAllData`). */
export const readAllData = (pool: pg.Pool | pg.PoolClient, options?: ReadAllOptions): Promise<DataPage> =>
  readPage(pool, READ_ALL_DATA, options);

export async function headPosition(pool: pg.Pool): Promise<bigint> {
  const { rows } = await pool.query<[string | null]>({
    name: 'eventstore.head',
    text: 'SELECT max(global_position) FROM eventstore.events',
    rowMode: 'array',
  });
  return BigInt(rows[0]?.[0] ?? 0);
}
