/**
 * `pnpm bench models`: the product's own training of the retention model on a simulated
 * company. The company's commands go through the deciders (in memory, in order), the events are
 * folded and trained on exactly as `trainRetentionModel` does it (time-based hold-out, 90-day
 * horizon), and the held-out AUC, ECE and the training seconds are printed.
 *
 * Then the intervention recovery: a simulated company with the retention programme
 * (`SimulationConfig.interventions`: half of the people the product's published model flags
 * are intervened on, at random; the hidden effect a hazard ratio on leaving voluntarily), the
 * product's landmark estimate against the simulator's truth, and whether the 95% interval
 * covers it.
 *
 * Environment: BENCH_MODELS_EMPLOYEES (default 1000), BENCH_MODELS_WEEKS (default 60),
 * BENCH_MODELS_SEED (default 42); BENCH_INTERVENTIONS_EMPLOYEES (default 1000),
 * BENCH_INTERVENTIONS_WEEKS (default 80), BENCH_INTERVENTIONS_HAZARD_RATIO (default
 * INTERVENTION_HAZARD_RATIO, 0.4); the programme's company trains its model at week 26.
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
  INTERVENTION_HAZARD_RATIO,
  measureInterventionRecovery,
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
const ivEmployees = Number(process.env.BENCH_INTERVENTIONS_EMPLOYEES ?? 1000);
const ivWeeks = Number(process.env.BENCH_INTERVENTIONS_WEEKS ?? 80);
const hazardRatio = Number(process.env.BENCH_INTERVENTIONS_HAZARD_RATIO ?? INTERVENTION_HAZARD_RATIO);
console.log(
  `intervention recovery: ${fmt(ivEmployees)} employees over ${ivWeeks} weeks (seed ${seed}), model trained at week 26, half of the newly flagged intervened on, hidden hazard ratio ${hazardRatio} ...`,
);
const t2 = performance.now();
const recovery = measureInterventionRecovery(
  simulationConfig({
    seed,
    employees: ivEmployees,
    weeks: ivWeeks,
    revisionWeek: 26,
    interventions: { hazardRatio },
  }),
);
const recoverySeconds = (performance.now() - t2) / 1000;
const { truth, outcome } = recovery;
const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? 'n/a' : `${(100 * x).toFixed(1)}%`;
const signed = (x: number | null | undefined) =>
  x === null || x === undefined ? 'n/a' : `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;
console.log(
  `  ${fmt(recovery.events)} events; the model (threshold ${truth.threshold?.toFixed(3) ?? 'n/a'}) first flagged ${fmt(truth.flagged)} people, ${fmt(truth.intervened)} intervened on, in ${recoverySeconds.toFixed(1)} s`,
);
console.log(
  `  compared (first flags ${outcome.flaggedFrom} to ${outcome.flaggedTo}, ${outcome.graceDays}-day grace, ${outcome.followUpDays}-day follow-up): intervened ${outcome.intervened.people} (retention ${pct(outcome.intervened.retention)}), not ${outcome.notIntervened.people} (${pct(outcome.notIntervened.retention)}); left within the grace ${outcome.leftBeforeGraceEnd}, too recent ${outcome.tooRecent}, intervened before the flag ${outcome.intervenedBeforeFlag}, after the grace ${outcome.intervenedAfterGrace}, on people never flagged ${recovery.unflaggedInterventions}`,
);
console.log(
  `  truth ${signed(truth.truth)} (expected retention ${pct(truth.retentionWith)} vs ${pct(truth.retentionWithout)}; the hazard ratio alone implies ${signed(truth.statedTruth)}), estimate ${signed(outcome.difference)}, 95% interval ${signed(outcome.differenceInterval?.[0])} … ${signed(outcome.differenceInterval?.[1])}: covered ${recovery.covered}`,
);
printResult('models', {
  auc: m.auc,
  ece: m.ece ?? 0,
  training_seconds: trainingSeconds,
  train_rows: m.trainRows,
  test_rows: m.testRows,
  intervention_hazard_ratio: hazardRatio,
  intervention_truth: truth.truth ?? Number.NaN,
  intervention_stated_truth: truth.statedTruth ?? Number.NaN,
  intervention_estimate: outcome.difference ?? Number.NaN,
  intervention_ci_low: outcome.differenceInterval?.[0] ?? Number.NaN,
  intervention_ci_high: outcome.differenceInterval?.[1] ?? Number.NaN,
  intervention_n_intervened: outcome.intervened.people,
  intervention_n_not_intervened: outcome.notIntervened.people,
  intervention_covered: recovery.covered,
  intervention_excludes_zero: (outcome.differenceInterval?.[0] ?? 0) > 0,
  intervention_seconds: recoverySeconds,
  load_average_1m: loadavg()[0] as number,
});
