/**
 * `pnpm bench models`: the product's own training of the retention model on a simulated
 * company. The company's commands go through the deciders (in memory, in order), the events are
 * folded and trained on exactly as `trainRetentionModel` does it (time-based hold-out, 90-day
 * horizon), and the held-out AUC, ECE and the training seconds are printed.
 *
 * Environment: BENCH_MODELS_EMPLOYEES (default 1000), BENCH_MODELS_WEEKS (default 60),
 * BENCH_MODELS_SEED (default 42).
 */
import { loadavg } from 'node:os';
import {
  createInMemoryDecider,
  createRetentionObserver,
  DEFAULT_TRAINING_EVERY_WEEKS,
  type PositionedEvent,
  trainFromObserver,
} from '@trackrecord/domain';
import {
  needsEvidencePosition,
  simulateCommands,
  simulationConfig,
  withEvidencePosition,
} from '@trackrecord/simulator';
import { fmt, printResult } from './support.ts';

const employees = Number(process.env.BENCH_MODELS_EMPLOYEES ?? 1000);
const weeks = Number(process.env.BENCH_MODELS_WEEKS ?? 60);
const seed = Number(process.env.BENCH_MODELS_SEED ?? 42);
const config = simulationConfig({ seed, employees, weeks });

console.log(
  `simulating ${fmt(employees)} employees over ${weeks} weeks (seed ${seed}), decided in memory ...`,
);
const t0 = performance.now();
const decider = createInMemoryDecider();
const events: PositionedEvent[] = [];
let position = 0n;
for (const c of simulateCommands(config)) {
  // The simulator's own training request is left out: the bench trains at the end.
  if ('needs' in c && c.needs === 'training') continue;
  const command = needsEvidencePosition(c) ? withEvidencePosition(c, position) : c;
  const outcome = decider.decide(command as Parameters<typeof decider.decide>[0]);
  if (outcome.ok && !outcome.duplicate)
    for (const event of outcome.events) events.push({ position: ++position, event });
}
console.log(`  ${fmt(events.length)} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const t1 = performance.now();
const observer = createRetentionObserver({ seed: 1, everyWeeks: DEFAULT_TRAINING_EVERY_WEEKS });
for (const e of events) observer.apply(e);
const model = trainFromObserver(observer, { id: 'retention-bench', version: 1, seed: 1 });
const trainingSeconds = (performance.now() - t1) / 1000;
const m = model.metrics;
const r = model.training;
if (!m || !r) throw new Error('training produced no metrics');
console.log(
  `trained as of position ${r.position} (cut-off ${r.cutOff}, horizon ${r.horizonDays} days, every ${r.everyWeeks} weeks) in ${trainingSeconds.toFixed(2)} s (fold and fit)`,
);
console.log(
  `  ${fmt(m.trainRows)} training observations (${fmt(r.trainPeople)} people), ${fmt(m.testRows)} held out (${fmt(r.testPeople)} people; windows closing from ${r.splitOn})`,
);
console.log(`  auc ${m.auc.toFixed(3)} (held out, ties count half)`);
console.log(`  ece ${(m.ece ?? 0).toFixed(4)} (10 equal-width bins)`);
console.log(
  `  threshold ${model.threshold.toFixed(3)} (${r.thresholdRule}): precision ${(100 * m.precisionAtThreshold).toFixed(1)}%, recall ${(100 * m.recallAtThreshold).toFixed(1)}%`,
);
for (const b of m.byBranch ?? [])
  console.log(
    `    ${b.branchId.padEnd(16)} ${String(b.rows).padStart(6)} observations, auc ${b.auc === null ? 'n/a' : b.auc.toFixed(3)}, ece ${b.ece.toFixed(3)}`,
  );
printResult('models', {
  auc: m.auc,
  ece: m.ece ?? 0,
  training_seconds: trainingSeconds,
  train_rows: m.trainRows,
  test_rows: m.testRows,
  load_average_1m: loadavg()[0] as number,
});
