/**
 * `pnpm bench upsert`: how the projections write a batch of rows. `upsert` sends the rows as one
 * JSON parameter per 5,000, unpacked on the server with the table's column types; the path it
 * keeps for rows that leave a column out (`upsertValues`) sends a placeholder per value. Both
 * write the same rows into `read.customer_contacts` (a rep's customers: seven columns, a
 * two-column key), each round from an empty table: the rows inserted, then the same keys
 * updated. One warm-up round, then BENCH_UPSERT_ROUNDS rounds (7) alternating which goes
 * first; it reports each side's rows per second and the median of the per-round ratios, and
 * checks that both leave the same table (md5 of its rows).
 *
 * Environment: BENCH_UPSERT_ROWS (20,000), BENCH_UPSERT_ROUNDS (7), BENCH_UPSERT_DATABASE
 * (`tr_bench_upsert`, created afresh and dropped at the end).
 */
import { loadavg } from 'node:os';
import { createDb, migrateReadModels } from '@trackrecord/projections';
import { upsert, upsertValues } from '@trackrecord/projections/testing';
import { sql } from 'kysely';
import { dropDatabase, fmt, freshDatabase, printResult } from './support.ts';

const ROWS = Number(process.env.BENCH_UPSERT_ROWS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_UPSERT_ROUNDS ?? 7);
const NAME = process.env.BENCH_UPSERT_DATABASE ?? 'tr_bench_upsert';
if (!Number.isInteger(ROWS) || ROWS < 1) throw new Error('BENCH_UPSERT_ROWS must be a positive integer');
if (!Number.isInteger(ROUNDS) || ROUNDS < 1)
  throw new Error('BENCH_UPSERT_ROUNDS must be a positive integer');

const url = await freshDatabase(NAME);
await migrateReadModels(url);
// biome-ignore lint/suspicious/noExplicitAny: the bench writes one table by name, as projections do.
const db = createDb<any>(url, 2).withSchema('read');
const KEYS = ['employee_id', 'customer_id'];

const rowsOf = (round: number, pass: number) =>
  Array.from({ length: ROWS }, (_, i) => ({
    employee_id: `emp-${String(i % 300).padStart(6, '0')}`,
    customer_id: `cust-${String(i).padStart(6, '0')}`,
    contacts: pass + 1,
    last_at: `2026-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`,
    last_kind: ['call', 'visit', 'demo', 'sale'][i % 4] as string,
    last_source: i % 3 === 0 ? null : 'crm',
    position: String(1_000_000 + round * 10 * ROWS + pass * ROWS + i),
  }));

const write = { json: upsert, values: upsertValues } as const;
type Side = keyof typeof write;

/** Seconds for one side: into an empty table, then the same keys again (every row updated). */
async function run(side: Side, round: number): Promise<{ seconds: number; md5: string }> {
  await sql`TRUNCATE read.customer_contacts`.execute(db);
  const inserted = rowsOf(round, 0);
  const updated = rowsOf(round, 1);
  const start = process.hrtime.bigint();
  await write[side](db, 'customer_contacts', inserted, KEYS);
  await write[side](db, 'customer_contacts', updated, KEYS);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const { rows } = await sql<{ md5: string }>`
    SELECT md5(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE "C")) AS md5 FROM read.customer_contacts t`.execute(
    db,
  );
  return { seconds, md5: rows[0]?.md5 ?? '' };
}

const loadStart = loadavg()[0] ?? 0;
console.log(
  `upsert of ${fmt(ROWS)} rows into an empty read.customer_contacts, then the same keys updated (${fmt(2 * ROWS)} rows a side), load average ${loadStart.toFixed(2)}`,
);
await run('json', -1);
await run('values', -1);
const ratios: number[] = [];
const perSide: Record<Side, number[]> = { json: [], values: [] };
let identical = true;
for (let round = 0; round < ROUNDS; round++) {
  const order: Side[] = round % 2 === 0 ? ['json', 'values'] : ['values', 'json'];
  const result = {} as Record<Side, { seconds: number; md5: string }>;
  for (const side of order) result[side] = await run(side, round);
  identical &&= result.json.md5 === result.values.md5;
  perSide.json.push(result.json.seconds);
  perSide.values.push(result.values.seconds);
  ratios.push(result.values.seconds / result.json.seconds);
  console.log(
    `  round ${round + 1}/${ROUNDS} (${order.join(' first, then ')}): JSON ${(result.json.seconds * 1000).toFixed(0)} ms, placeholders ${(result.values.seconds * 1000).toFixed(0)} ms, ${(ratios.at(-1) ?? 0).toFixed(2)}× ${result.json.md5 === result.values.md5 ? '(same rows)' : '(ROWS DIFFER)'}`,
  );
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const loadEnd = loadavg()[0] ?? 0;
const jsonRate = (2 * ROWS) / median(perSide.json);
const valuesRate = (2 * ROWS) / median(perSide.values);
console.log(
  `JSON ${fmt(jsonRate)} rows/s, placeholders ${fmt(valuesRate)} rows/s; median of per-round ratios ${median(ratios).toFixed(2)}× (placeholders' time over JSON's); ${identical ? 'both left the same rows' : 'THE ROWS DIFFER'}; load average ${loadStart.toFixed(2)} → ${loadEnd.toFixed(2)}`,
);
await db.destroy();
await dropDatabase(NAME);
printResult('upsert', {
  json_rows_per_s: jsonRate,
  values_rows_per_s: valuesRate,
  ratio_values_over_json: median(ratios),
  identical,
  rows: ROWS,
  rounds: ROUNDS,
  load_start: loadStart,
  load_end: loadEnd,
});
