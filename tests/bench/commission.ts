/**
 * `pnpm bench commission`: a simulated company (default 500 employees over 52 weeks, seeded,
 * with the monthly payout closes and the halfway plan revision) decided and appended to a real
 * PostgreSQL store; then the commission read models (ledger, adjustments, summaries, payout
 * periods, statements, disputes) rebuilt from it, blue/green, with a progress bar, and the
 * statements of the last close recomputed from the store alone (what an auditor's check costs).
 * Reports the rebuild's events/s over the events the projection handles and over all of `$all`.
 *
 * Environment: BENCH_COMMISSION_EMPLOYEES (default 500), BENCH_COMMISSION_WEEKS (default 52),
 * BENCH_DATABASE_URL (see support.ts).
 */

import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import {
  type CommissionDb,
  commissionProjection,
  createDb,
  migrateReadModels,
  rebuildProjection,
  recomputeCommissionStatements,
} from '@trackrecord/projections';
import { simulationConfig } from '@trackrecord/simulator';
import { SingleBar } from 'cli-progress';
import { sql } from 'kysely';
import {
  appendAll,
  decideSimulation,
  withPolicies,
} from '../../packages/projections/src/evaluations/simulated.testkit.ts';
import { dropDatabase, fmt, freshDatabase, printResult } from './support.ts';

const employees = Number(process.env.BENCH_COMMISSION_EMPLOYEES ?? 500);
const weeks = Number(process.env.BENCH_COMMISSION_WEEKS ?? 52);
const name = 'tr_bench_commission';

const url = await freshDatabase(name);
await migrateEventStore(url);
await migrateReadModels(url);
const store = new PostgresEventStore({ connectionString: url });
const db = createDb<CommissionDb>(url, 4);
try {
  console.log(`simulating ${fmt(employees)} employees over ${weeks} weeks and deciding their commands ...`);
  const simulated = decideSimulation(simulationConfig({ seed: 11, employees, weeks }));
  const events = await appendAll(store, withPolicies(simulated.decided));
  console.log(`  ${fmt(events)} events appended`);

  const bar = new SingleBar({
    format: '  commission [{bar}] {percentage}% | {value}/{total} events of $all | ETA {eta}s',
    stream: process.stderr,
    noTTYOutput: true,
    notTTYSchedule: 5000,
  });
  bar.start(events, 0);
  const result = await rebuildProjection(store, db, commissionProjection, {
    onProgress: (p) => bar.update(p.events),
  });
  bar.update(events);
  bar.stop();
  const read = db.withSchema('read');
  const count = async (table: keyof CommissionDb) =>
    Number(
      (
        await read
          .selectFrom(table)
          .select((e) => e.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const relevant = await count('commission_ledger');
  const [adjustments, statements, periods] = [
    await count('commission_adjustments'),
    await count('commission_statements'),
    await count('commission_periods'),
  ];
  const handled = Number(
    (
      await sql<{ n: string }>`
        SELECT count(*) AS n FROM eventstore.events WHERE event_type = ANY(${[...(commissionProjection.eventTypes ?? [])]})`.execute(
        db,
      )
    ).rows[0]?.n ?? 0,
  );
  const perSecond = result.events / result.seconds;
  const handledPerSecond = handled / result.seconds;
  console.log(
    `  rebuild: ${fmt(result.events)} events of $all in ${result.seconds.toFixed(1)} s = ${fmt(perSecond)} events/s; ` +
      `${fmt(handled)} commission events = ${fmt(handledPerSecond)} handled events/s`,
  );
  console.log(
    `  rows: ${fmt(relevant)} ledger lines, ${fmt(adjustments)} adjustments, ${fmt(statements)} statements over ${fmt(periods)} locked months`,
  );

  const last = await read
    .selectFrom('commission_periods')
    .select('position')
    .orderBy('month', 'desc')
    .limit(1)
    .executeTakeFirst();
  let recomputeSeconds = 0;
  if (last) {
    const started = process.hrtime.bigint();
    const recomputed = await recomputeCommissionStatements(store, db, BigInt(last.position));
    recomputeSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const stored = await read
      .selectFrom('commission_statements')
      .selectAll()
      .where('position', '=', last.position)
      .orderBy('employee_id')
      .orderBy('month')
      .execute();
    const identical = JSON.stringify(recomputed) === JSON.stringify(stored);
    console.log(
      `  last close's ${fmt(stored.length)} statements recomputed from the store in ${recomputeSeconds.toFixed(2)} s: ${identical ? 'identical' : 'DIFFERENT'}`,
    );
    if (!identical) process.exitCode = 1;
  }
  printResult('commission', {
    events,
    ledger_lines: relevant,
    rebuild_events_per_s: perSecond,
    rebuild_handled_events_per_s: handledPerSecond,
    statement_recompute_s: recomputeSeconds,
  });
} finally {
  await db.destroy();
  await store.close();
  await dropDatabase(name);
}
