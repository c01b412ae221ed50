import type pg from 'pg';
import type { AllPage, ReadAllOptions } from '../port.ts';
import { validateReadAll } from '../validation.ts';
import { EVENT_COLUMNS, type EventRow, toRecordedEvent } from './rows.ts';

const READ_ALL = `SELECT ${EVENT_COLUMNS} FROM eventstore.events
  WHERE global_position > $1 ORDER BY global_position ASC LIMIT $2`;
// The other types are skipped in the server: their rows are neither sent nor parsed.
const READ_ALL_OF_TYPES = `SELECT ${EVENT_COLUMNS} FROM eventstore.events
  WHERE global_position > $1 AND event_type = ANY($3::text[]) ORDER BY global_position ASC LIMIT $2`;

/**
 * One page of `$all` after a position, through the primary key. Safe against concurrent
 * writers because appends become visible in position order (see the events migration).
 */
export async function readAll(pool: pg.Pool | pg.PoolClient, options?: ReadAllOptions): Promise<AllPage> {
  const { after, maxCount, types } = validateReadAll(options);
  const { rows } = await pool.query<EventRow>(
    types
      ? {
          name: 'eventstore.readAllOfTypes',
          text: READ_ALL_OF_TYPES,
          values: [after.toString(), maxCount, types],
          rowMode: 'array',
        }
      : {
          name: 'eventstore.readAll',
          text: READ_ALL,
          values: [after.toString(), maxCount],
          rowMode: 'array',
        },
  );
  const events = rows.map(toRecordedEvent);
  const last = events[events.length - 1];
  return { events, nextAfter: last ? last.position : after, isEnd: events.length < maxCount };
}

export async function headPosition(pool: pg.Pool): Promise<bigint> {
  const { rows } = await pool.query<[string | null]>({
    name: 'eventstore.head',
    text: 'SELECT max(global_position) FROM eventstore.events',
    rowMode: 'array',
  });
  return BigInt(rows[0]?.[0] ?? 0);
}
