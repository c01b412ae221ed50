import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent } from '../contract/index.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { migrateEventStore } from './migrate.ts';
import { PostgresEventStore } from './store.ts';

let db: TestDatabase;
let store: PostgresEventStore;
beforeAll(async () => {
  db = await createTestDatabase('read');
  await migrateEventStore(db.url);
  store = new PostgresEventStore({ connectionString: db.url });
  // Enough rows over enough streams that the planner prefers indexes on its own.
  for (let s = 0; s < 20; s++) {
    await store.appendToStream(
      `plan-${s}`,
      Array.from({ length: 250 }, (_, i) => newEvent('Planned', { s, i })),
    );
  }
  await store.pool.query('ANALYZE eventstore.events');
});
afterAll(async () => {
  await store?.close();
  await db?.drop();
});

async function plan(sql: string, values: unknown[]): Promise<string> {
  const client = await store.pool.connect();
  try {
    await client.query('SET enable_seqscan = on');
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, values);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    client.release();
  }
}

describe('reads use indexes', () => {
  it('reads $all through the primary key', async () => {
    const text = await plan(
      'SELECT * FROM eventstore.events WHERE global_position > $1 ORDER BY global_position LIMIT $2',
      ['2500', 1000],
    );
    expect(text).toMatch(/Index Scan using events_pkey/);
    expect(text).not.toMatch(/Seq Scan/);
  });

  it('reads a stream forward and backward through the stream index', async () => {
    const forward = await plan(
      'SELECT * FROM eventstore.events WHERE stream_id = $1 AND stream_revision >= $2 ORDER BY stream_revision LIMIT $3',
      ['plan-3', '0', null],
    );
    // A whole-stream read may be a bitmap scan; either way it goes through the stream index.
    expect(forward).toMatch(
      /Index Scan (Backward )?on events_stream_revision_unique|Index Scan using events_stream_revision_unique/,
    );
    expect(forward).not.toMatch(/Seq Scan/);
    const backward = await plan(
      'SELECT * FROM eventstore.events WHERE stream_id = $1 AND stream_revision <= $2 ORDER BY stream_revision DESC LIMIT $3',
      ['plan-3', '100', 10],
    );
    expect(backward).toMatch(/Index Scan Backward using events_stream_revision_unique/);
  });

  it('reads the head through the primary key', async () => {
    expect(await plan('SELECT max(global_position) FROM eventstore.events', [])).toMatch(/events_pkey/);
    expect(await store.headPosition()).toBe(5000n);
  });

  it('pages through all of $all without gaps or repeats', async () => {
    const seen: bigint[] = [];
    let after = 0n;
    for (;;) {
      const page = await store.readAll({ after, maxCount: 777 });
      seen.push(...page.events.map((e) => e.position));
      after = page.nextAfter;
      if (page.isEnd) break;
    }
    expect(seen).toEqual(Array.from({ length: 5000 }, (_, i) => BigInt(i + 1)));
  });
});

describe('migrations', () => {
  it('can run again without changing anything', async () => {
    expect(await migrateEventStore(db.url)).toEqual([]);
  });
});
