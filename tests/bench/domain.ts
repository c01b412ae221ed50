/**
 * `pnpm bench domain`: simulates a company of 2,000 employees (seeded), streams its commands to
 * measure the simulator's throughput, derives retention features and labels from the same
 * history, trains the retention model and evaluates it on held-out people.
 *
 * Environment: BENCH_DOMAIN_EMPLOYEES (default 2000), BENCH_DOMAIN_WEEKS (default 60),
 * BENCH_DOMAIN_SEED (default 42).
 */
import {
  compositeScore,
  DEFAULT_SCORING_POLICY,
  retentionByFitBand,
  successProfile,
  trainRetentionModel,
} from '@trackrecord/domain';
import {
  periodFactsFrom,
  retentionDataset,
  simulateCommands,
  simulateFacts,
  simulationConfig,
} from '@trackrecord/simulator';
import { fmt, printResult } from './support.ts';

const employees = Number(process.env.BENCH_DOMAIN_EMPLOYEES ?? 2000);
const weeks = Number(process.env.BENCH_DOMAIN_WEEKS ?? 60);
const seed = Number(process.env.BENCH_DOMAIN_SEED ?? 42);
const horizonWeeks = 12;
const config = simulationConfig({ seed, employees, weeks });

console.log(`simulating ${fmt(employees)} employees over ${weeks} weeks (seed ${seed}) ...`);
let commands = 0;
const byType = new Map<string, number>();
const start = process.hrtime.bigint();
for (const command of simulateCommands(config)) {
  commands++;
  byType.set(command.type, (byType.get(command.type) ?? 0) + 1);
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const commandsPerSecond = commands / seconds;
console.log(`  ${fmt(commands)} commands in ${seconds.toFixed(2)} s = ${fmt(commandsPerSecond)} commands/s`);
const top = [...byType.entries()].sort((a, b) => b[1] - a[1]);
console.log(`  by type: ${top.map(([t, n]) => `${t} ${fmt(n)}`).join(', ')}`);

console.log(
  `deriving retention features (observation every 4 weeks, label: left within ${horizonWeeks} weeks) ...`,
);
const t0 = process.hrtime.bigint();
const data = retentionDataset(simulateFacts(config), { horizonWeeks });
const positives = data.rows.filter((r) => r.left === 1).length;
console.log(
  `  ${fmt(data.rows.length)} rows, ${fmt(positives)} left within ${horizonWeeks} weeks (${((100 * positives) / data.rows.length).toFixed(1)}%), ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(2)} s`,
);

const t1 = process.hrtime.bigint();
const model = trainRetentionModel(data.rows, { horizonDays: horizonWeeks * 7 });
const metrics = model.metrics;
if (!metrics) throw new Error('training produced no metrics');
console.log(
  `trained logistic regression (IRLS, L2 = ${model.l2}) on ${fmt(metrics.trainRows)} rows in ${(Number(process.hrtime.bigint() - t1) / 1e9).toFixed(2)} s; held out ${fmt(metrics.testRows)} rows (the latest 30% by outcome window)`,
);
console.log('  coefficients (log-odds per standard deviation):');
model.features.forEach((f, j) => {
  console.log(`    ${f.padEnd(32)} ${(model.coefficients[j] ?? 0).toFixed(3)}`);
});
console.log(`  held-out AUC ${metrics.auc.toFixed(3)}`);
console.log(
  `  alert threshold ${model.threshold.toFixed(3)} (F1-best on training): precision ${(100 * metrics.precisionAtThreshold).toFixed(1)}%, recall ${(100 * metrics.recallAtThreshold).toFixed(1)}%`,
);
console.log('  calibration (predicted vs observed leaving rate per bin):');
for (const bin of metrics.calibration) {
  if (bin.count === 0) continue;
  console.log(
    `    ${bin.from.toFixed(1)}–${bin.to.toFixed(1)}: ${String(bin.count).padStart(6)} rows, predicted ${(100 * bin.meanPredicted).toFixed(1)}%, observed ${(100 * bin.observedRate).toFixed(1)}%`,
  );
}
const fit = retentionByFitBand(data.fitOutcomes);
console.log(
  `retention of new hires after 26 weeks by recruiting fit: ${fit.bands.map((b) => `${b.label} ${(100 * b.retention).toFixed(0)}% (n=${b.count})`).join(', ')}; high ÷ low = ${fit.highToLowRatio?.toFixed(2) ?? 'n/a'}`,
);

const lastQuarter = periodFactsFrom(simulateFacts(config), weeks - 13, weeks - 1);
const reps = [...lastQuarter.values()].filter(
  (w) => w.rank === 'sales_representative' && w.facts.salesAmount > 0,
);
const profile = successProfile(
  reps.map(({ facts, rank }) => ({
    personId: facts.personId,
    score: compositeScore(facts, rank, DEFAULT_SCORING_POLICY).score,
    behaviours: {
      'weekly follow-ups': facts.followUps / facts.weeks,
      'customer feedback (1–5)': facts.customerRatings.length
        ? facts.customerRatings.reduce((a, b) => a + b, 0) / facts.customerRatings.length
        : 0,
      'weekly demos': facts.demos / facts.weeks,
      'collaboration credits per month': (facts.collaborationCredits * 52) / 12 / facts.weeks,
    },
  })),
);
console.log(
  `success profile of ${fmt(reps.length)} representatives, last quarter (top 20% from score ${profile.cutoffScore}):`,
);
for (const b of profile.behaviours) {
  console.log(
    `    ${b.text} (effect size ${b.effectSize.toFixed(2)}; ${(100 * b.shareOfTopAtBar).toFixed(0)}% of top vs ${(100 * b.shareOfRestAtBar).toFixed(0)}% of the rest)`,
  );
}

printResult('domain', {
  auc: metrics.auc,
  precision_at_threshold: metrics.precisionAtThreshold,
  recall_at_threshold: metrics.recallAtThreshold,
  simulator_commands_per_s: Math.round(commandsPerSecond),
});
