import { loadavg } from 'node:os';
import { measureInterventionRecovery, simulationConfig } from '@trackrecord/simulator';

const [emp, weeks, seed, ratio, rev, growth, share] = process.argv.slice(2).map(Number);
const t0 = performance.now();
const r = measureInterventionRecovery(
  simulationConfig({
    seed,
    employees: emp,
    weeks,
    revisionWeek: rev,
    growthPerYear: growth ?? 0.05,
    interventions: { hazardRatio: ratio, share: share ?? 0.5 },
  }),
);
const o = r.outcome;
console.log(
  JSON.stringify({
    emp,
    weeks,
    seed,
    s: ((performance.now() - t0) / 1000).toFixed(1),
    load: loadavg()[0],
    truth: r.truth,
    est: o.difference,
    ci: o.differenceInterval,
    ni: o.intervened,
    nn: o.notIntervened,
    left: o.leftBeforeGraceEnd,
    before: o.intervenedBeforeFlag,
    after: o.intervenedAfterGrace,
    recent: o.tooRecent,
    unflagged: r.unflaggedInterventions,
    covered: r.covered,
  }),
);
