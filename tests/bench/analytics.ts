/**
 * `pnpm bench analytics`: the analytics and target-planning queries over HTTP on a simulated
 * company (the demo seed: BENCH_ANALYTICS_EMPLOYEES, default 300, over BENCH_ANALYTICS_WEEKS,
 * default 78), every read model rebuilt first. Per query p50/p95 in ms over
 * BENCH_ANALYTICS_REQUESTS (default 30) requests, as HR (the whole company) and, for the trend,
 * as a branch manager.
 */
import { seedDemoCompany } from '@trackrecord/api';
import { startApiHarness } from '@trackrecord/api/testing';
import { dropDatabase, fmt, freshDatabase, printResult } from './support.ts';

const EMPLOYEES = Number(process.env.BENCH_ANALYTICS_EMPLOYEES ?? 300);
const WEEKS = Number(process.env.BENCH_ANALYTICS_WEEKS ?? 78);
const REQUESTS = Number(process.env.BENCH_ANALYTICS_REQUESTS ?? 30);
const NAME = 'tr_bench_analytics';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

const url = await freshDatabase(NAME);
const api = await startApiHarness(url);
try {
  let start = performance.now();
  const seeded = await seedDemoCompany(api.store, { employees: EMPLOYEES, weeks: WEEKS, seed: 42 });
  const head = await api.store.headPosition();
  console.log(
    `seeded ${EMPLOYEES} employees × ${WEEKS} weeks: ${fmt(Number(head))} events in ${((performance.now() - start) / 1000).toFixed(1)} s (refused ${seeded.refused})`,
  );
  start = performance.now();
  await api.rebuild();
  console.log(`rebuilt every read model in ${((performance.now() - start) / 1000).toFixed(1)} s`);

  const hr = await api.token({ userId: 'hr', name: 'HR', role: 'hr_admin' });
  const sample = await api.graphql<{
    organisation: { id: string; teams: { id: string }[] }[];
    people: { edges: { node: { id: string } }[] };
    salesTotals: { group: { month: string } }[];
  }>(
    '{ organisation { id teams { id } } people(first: 1) { edges { node { id } } } salesTotals(months: { from: "2000-01", to: "2099-12" }, groupBy: [MONTH]) { group { month } } }',
    { token: hr },
  );
  const org = sample.body.data?.organisation ?? [];
  const branch = org[0]?.id ?? 'none';
  const team = org[0]?.teams[0]?.id ?? 'none';
  const person = sample.body.data?.people.edges[0]?.node.id ?? 'none';
  const months = (sample.body.data?.salesTotals ?? []).map((r) => r.group.month).sort();
  const from = months[0] ?? '2025-01';
  const to = months.at(-1) ?? '2025-12';
  // The last month may be partial (the seed ends mid-month): plan the one before.
  const period = months.at(-2) ?? to;
  const manager = await api.token({ userId: 'm', name: 'M', role: 'branch_manager', branchId: branch });
  console.log(`months ${from}..${to}; branch ${branch}, team ${team}, person ${person}`);

  const queries: [string, string, string][] = [
    [
      'trendCompany',
      `{ trend(metric: SALES, months: { from: "${from}", to: "${to}" }, horizon: 6) { key forecast { value lower upper } } }`,
      hr,
    ],
    [
      'trendPerson',
      `{ trend(metric: SALES, months: { from: "${from}", to: "${to}" }, groupBy: PERSON, top: 50) { key label forecast { value } } }`,
      hr,
    ],
    [
      'trendBranchManager',
      `{ trend(metric: COLLECTION_RATE, months: { from: "${from}", to: "${to}" }, groupBy: TEAM) { key forecast { value } } }`,
      manager,
    ],
    ['modelQuality', '{ modelQuality { modelId version auc } }', hr],
    ['fairness', '{ fairness { branchId people flagged precision recall } }', hr],
    ['courseEffects', '{ courseEffects { courseId trainees peers effect } }', hr],
    ['policies', '{ policies { id version } }', hr],
    ['teamTargets', `{ teamTargets(period: "${period}") { teamId light red yellow green } }`, hr],
    [
      'targetPlan',
      `{ targetPlan(employeeId: "${person}", period: "${period}") { baseline probability curve { probability } peers { employeeId } } }`,
      hr,
    ],
    [
      'teamSplit',
      `{ teamSplit(teamId: "${team}", period: "${period}", amount: 100000000) { strategy sumsUp flags } }`,
      hr,
    ],
  ];
  const metrics: Record<string, number> = { events: Number(head), employees: EMPLOYEES };
  for (const [name, query, token] of queries) {
    const first = await api.graphql(query, { token });
    if (first.body.errors) throw new Error(`${name}: ${JSON.stringify(first.body.errors)}`);
    console.log(
      `  ${name}: ${JSON.stringify(first.body.data).slice(0, Number(process.env.BENCH_ANALYTICS_SHOW ?? 300))}`,
    );
    const samples: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t0 = performance.now();
      const r = await api.graphql(query, { token });
      samples.push(performance.now() - t0);
      if (r.status !== 200) throw new Error(`${name}: HTTP ${r.status}`);
    }
    samples.sort((a, b) => a - b);
    const p50 = percentile(samples, 50);
    const p95 = percentile(samples, 95);
    console.log(`  ${name.padEnd(20)} p50 ${p50.toFixed(1)} ms  p95 ${p95.toFixed(1)} ms`);
    metrics[`${name}P50Ms`] = p50;
    metrics[`${name}P95Ms`] = p95;
  }
  printResult('analytics', metrics);
} finally {
  await api.close();
  await dropDatabase(NAME);
}
