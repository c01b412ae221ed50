/**
 * `pnpm bench readmodels`: rebuild speed of the training, mentoring, targets, alerts, decisions
 * and lineage read models over a simulated company seeded through the command bus.
 * `BENCH_RM_EMPLOYEES` (default 40) and `BENCH_RM_WEEKS` (default 26) size the company.
 */

import { seedDemoCompany } from '@trackrecord/api';
import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import {
  type AnyProjection,
  alertsProjection,
  createDb,
  decisionsProjection,
  kpiFactsProjection,
  lineageProjection,
  mentoringProjection,
  migrateReadModels,
  peopleProjection,
  rebuildProjection,
  targetsProjection,
  trainingProjection,
} from '@trackrecord/projections';
import { Presets, SingleBar } from 'cli-progress';
import { dropDatabase, fmt, freshDatabase, printResult } from './support.ts';

const employees = Number(process.env.BENCH_RM_EMPLOYEES ?? 40);
const weeks = Number(process.env.BENCH_RM_WEEKS ?? 26);
const name = 'bench_readmodels';
const url = await freshDatabase(name);
await migrateEventStore(url);
await migrateReadModels(url);
const store = new PostgresEventStore({ connectionString: url });
// biome-ignore lint/suspicious/noExplicitAny: one pool for read models of different table sets.
const db = createDb<any>(url, 4);

console.log(`seeding ${employees} employees over ${weeks} weeks through the command bus …`);
const bar = new SingleBar(
  { format: '  seeding [{bar}] week {value}/{total} | {commands} commands', noTTYOutput: true },
  Presets.shades_classic,
);
bar.start(0, 0);
await seedDemoCompany(
  store,
  { seed: 42, employees, weeks },
  {
    onProgress: (p) => {
      bar.setTotal(p.weeks);
      bar.update(p.week, { commands: p.commands });
    },
  },
);
bar.stop();
const events = Number(await store.headPosition());
console.log(`${fmt(events)} events`);
await rebuildProjection(store, db, peopleProjection);
await rebuildProjection(store, db, kpiFactsProjection);

const metrics: Record<string, number> = { events };
let total = 0;
// biome-ignore lint/suspicious/noExplicitAny: projections of different table sets.
const six: AnyProjection<any>[] = [
  trainingProjection,
  mentoringProjection,
  targetsProjection,
  alertsProjection,
  decisionsProjection,
  lineageProjection,
];
for (const projection of six) {
  const started = process.hrtime.bigint();
  await rebuildProjection(store, db, projection, { batchSize: 2000 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  total += seconds;
  metrics[`${projection.name}_events_per_s`] = events / seconds;
  console.log(
    `${projection.name.padEnd(10)} rebuilt from ${fmt(events)} events in ${seconds.toFixed(2)} s: ${fmt(events / seconds)} events/s`,
  );
}
metrics.all_six_events_per_s = events / total;
console.log(`all six one after another: ${fmt(events / total)} events/s (each reads $all itself)`);
await db.destroy();
await store.close();
await dropDatabase(name);
printResult('readmodels', metrics);
