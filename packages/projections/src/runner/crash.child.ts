/**
 * The process the crash test kills: runs a ProjectionRunner for every projection in the
 * registry against the database in argv[2] until every one has reached the head of `$all`,
 * then exits 0. Prints `progress <projection> <position>` as live batches commit, `rebuild
 * <projection> <position> <events read by this process>` as rebuild batches commit, `done` at the end.
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
// Each projection reports when its batch's rows are written, just before the runner commits
// them with the checkpoint: the test kills at such moments too, where a runner that wrote rows
// and checkpoint in separate transactions would be caught between them.
const reporting = projections.map((projection) => ({
  ...projection,
  async apply(
    scoped: Parameters<typeof projection.apply>[0],
    events: Parameters<typeof projection.apply>[1],
  ) {
    await projection.apply(scoped, events);
    console.log(`applied ${projection.name}`);
  },
}));
const runners = reporting.map(
  (projection) =>
    new ProjectionRunner(store, db, url, projection, {
      batchSize,
      leaseRetryMs: 100,
      log: (line) => console.log(`log ${line}`),
      onRebuildProgress: (p) => console.log(`rebuild ${p.projection} ${p.position} ${p.events}`),
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
