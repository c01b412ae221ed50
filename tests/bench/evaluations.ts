/**
 * `pnpm bench evaluations`: a simulated company (default 500 employees over 27 weeks, seeded)
 * decided through the deciders and appended to a real PostgreSQL store, then the read models
 * of scores, eligibility and retention risk (one projection, `evaluations`) and of KPI facts
 * rebuilt from it, blue/green, with a progress bar. Measures rebuild events/s over every event
 * of `$all` (the projection reads all of them; most are relevant to it).
 *
 * Environment: BENCH_EVAL_EMPLOYEES (default 500), BENCH_EVAL_WEEKS (default 27),
 * BENCH_EVAL_BATCH (events per batch, default 10000, the largest page of $all), BENCH_DATABASE_URL (see support.ts).
 */

import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import {
  type AnyProjection,
  createDb,
  evaluationsProjection,
  kpiFactsProjection,
  migrateReadModels,
  rebuildProjection,
} from '@trackrecord/projections';
import { simulationConfig } from '@trackrecord/simulator';
import { SingleBar } from 'cli-progress';
import {
  appendAll,
  decideSimulation,
  withPolicies,
} from '../../packages/projections/src/evaluations/simulated.testkit.ts';
import { dropDatabase, fmt, freshDatabase, printResult } from './support.ts';

const employees = Number(process.env.BENCH_EVAL_EMPLOYEES ?? 500);
const weeks = Number(process.env.BENCH_EVAL_WEEKS ?? 27);
const batchSize = Number(process.env.BENCH_EVAL_BATCH ?? 10000);
const name = 'tr_bench_evaluations';

const url = await freshDatabase(name);
await migrateEventStore(url);
await migrateReadModels(url);
const store = new PostgresEventStore({ connectionString: url });
const db = createDb<unknown>(url, 4);
try {
  console.log(`simulating ${fmt(employees)} employees over ${weeks} weeks and deciding their commands ...`);
  const simulated = decideSimulation(simulationConfig({ seed: 11, employees, weeks }));
  console.log(
    `  ${fmt(simulated.commands)} commands, ${fmt(simulated.refused)} refused (known simulator issue)`,
  );
  const appendStarted = process.hrtime.bigint();
  const events = await appendAll(store, withPolicies(simulated.decided));
  const appendSeconds = Number(process.hrtime.bigint() - appendStarted) / 1e9;
  console.log(`  ${fmt(events)} events appended in ${appendSeconds.toFixed(1)} s`);

  const rebuild = async (projection: AnyProjection<unknown>) => {
    const bar = new SingleBar({
      format: `  ${projection.name} [{bar}] {percentage}% | {value}/{total} events | {speed} events/s | ETA {eta}s`,
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 5000,
    });
    bar.start(events, 0, { speed: 0 });
    const started = process.hrtime.bigint();
    const result = await rebuildProjection(store, db, projection, {
      batchSize,
      onProgress: (p) => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        bar.update(p.events, { speed: fmt(p.events / Math.max(seconds, 1e-3)) });
      },
    });
    bar.stop();
    const perSecond = result.events / result.seconds;
    console.log(
      `  ${projection.name}: ${fmt(result.events)} events in ${result.seconds.toFixed(1)} s = ${fmt(perSecond)} events/s`,
    );
    return perSecond;
  };
  const evaluations = await rebuild(evaluationsProjection as AnyProjection<unknown>);
  const kpiFacts = await rebuild(kpiFactsProjection as AnyProjection<unknown>);
  printResult('evaluations', {
    events,
    append_events_per_s: events / appendSeconds,
    evaluations_rebuild_events_per_s: evaluations,
    kpi_facts_rebuild_events_per_s: kpiFacts,
  });
} finally {
  await db.destroy();
  await store.close();
  await dropDatabase(name);
}
