/**
 * The process the crash test kills: runs a ProjectionRunner for every projection in the
 * registry against the database in argv[2] until every one has reached the head of `$all`,
 * then exits 0. Prints `progress <projection> <position>` as batches commit and `done` at the end.
 */
import { PostgresEventStore } from '@trackrecord/eventstore';
import { createDb } from '../db.ts';
import { projections } from '../registry.ts';
import { ProjectionRunner } from './runner.ts';

const url = process.argv[2];
if (!url) throw new Error('usage: crash.child.ts <database url> [batch size]');
const batchSize = Number(process.argv[3] ?? 500);

const store = new PostgresEventStore({ connectionString: url, pollIntervalMs: 200 });
const db = createDb(url);
const head = await store.headPosition();
const controller = new AbortController();
const runners = projections.map(
  (projection) =>
    new ProjectionRunner(store, db, url, projection, {
      batchSize,
      leaseRetryMs: 100,
      log: (line) => console.log(`log ${line}`),
      onRebuildProgress: (p) => console.log(`progress ${p.projection} ${p.position}`),
    }),
);
const running = runners.map((runner) => runner.run(controller.signal));
console.log(`started ${runners.length} head ${head}`);
const reported = new Map<string, bigint>();
for (;;) {
  for (const runner of runners) {
    const { projection, position } = runner.status;
    if (reported.get(projection) !== position) {
      reported.set(projection, position);
      console.log(`progress ${projection} ${position}`);
    }
  }
  if (runners.every((r) => r.status.caughtUp && r.status.position >= head)) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
controller.abort();
await Promise.all(running);
await db.destroy();
await store.close();
console.log('done');
