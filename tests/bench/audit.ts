/**
 * `pnpm bench audit`: the auditors' recomputations over the demo company (by default the one
 * `pnpm start` seeds: 300 employees, 78 weeks, about 386,000 events), seeded once into the
 * database `bench_audit` and reused while it holds a completed seed of that size
 * (`BENCH_AUDIT_FRESH=1` reseeds; `BENCH_AUDIT_EMPLOYEES` / `BENCH_AUDIT_WEEKS` resize it).
 *
 * Measures, each on a new store connection (cold fold cache):
 * - `decisionReplay` of the earliest and the latest decision, then of every decision in order
 *   (each continues the fold from the previous snapshot), and a cached repeat;
 * - `personAsOf` of a person (transaction time now; and with a business date);
 * - `policySimulation` of a lenient draft ladder, cold and with the head snapshot warm.
 */
import {
  DEFAULT_DEMO_SEED,
  demoSeedStatus,
  forgetReplays,
  personAsOf,
  replayDecision,
  seedDemoCompany,
  simulatePolicies,
} from '@trackrecord/api';
import { DEFAULT_SIMULATION_POLICIES, type Ladder } from '@trackrecord/domain';
import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import { benchServerUrl, fmt, freshDatabase, printResult } from './support.ts';

const employees = Number(process.env.BENCH_AUDIT_EMPLOYEES ?? DEFAULT_DEMO_SEED.employees);
const weeks = Number(process.env.BENCH_AUDIT_WEEKS ?? DEFAULT_DEMO_SEED.weeks);
const parameters = { ...DEFAULT_DEMO_SEED, employees, weeks };
const name = process.env.BENCH_AUDIT_DATABASE ?? 'bench_audit';

async function reusable(): Promise<string | null> {
  if (process.env.BENCH_AUDIT_FRESH === '1') return null;
  const url = new URL(benchServerUrl());
  url.pathname = `/${name}`;
  const store = new PostgresEventStore({ connectionString: url.toString() });
  try {
    const status = await demoSeedStatus(store);
    return status.state === 'complete' &&
      status.parameters.employees === employees &&
      status.parameters.weeks === weeks &&
      status.parameters.seed === parameters.seed
      ? url.toString()
      : null;
  } catch {
    return null; // no such database yet
  } finally {
    await store.close().catch(() => {});
  }
}

let url = await reusable();
if (url) console.log(`reusing the demo company in ${name}`);
else {
  url = await freshDatabase(name);
  await migrateEventStore(url);
  const store = new PostgresEventStore({ connectionString: url });
  console.log(`seeding ${employees} employees over ${weeks} weeks …`);
  const started = performance.now();
  await seedDemoCompany(store, parameters);
  console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await store.close();
}
const connection = url;
const fresh = () => new PostgresEventStore({ connectionString: connection });
const time = async <T>(label: string, fn: () => Promise<T>): Promise<{ ms: number; value: T }> => {
  const started = performance.now();
  const value = await fn();
  const ms = performance.now() - started;
  console.log(`${label}: ${fmt(ms)} ms`);
  return { ms, value };
};

let store = fresh();
const head = await store.headPosition();
console.log(`${fmt(Number(head))} events`);
const decisions: { reviewId: string; position: bigint }[] = [];
let anyone = '';
for (let after = 0n; ; ) {
  const page = await store.readAll({ after, maxCount: 10_000 });
  for (const e of page.events) {
    if (e.type === 'PromotionDecided')
      decisions.push({ reviewId: String(e.data.reviewId), position: e.position });
    if (!anyone && e.type === 'EmployeeHired') anyone = String(e.data.employeeId);
  }
  if (page.isEnd || page.events.length === 0) break;
  after = page.nextAfter;
}
console.log(`${decisions.length} decisions`);
const first = decisions[0];
const last = decisions.at(-1);
if (!first || !last) throw new Error('the demo company has no decisions');

const earliest = await time('decisionReplay, earliest decision, cold', () =>
  replayDecision(store, first.reviewId),
);
await store.close();
store = fresh();
forgetReplays();
const latest = await time('decisionReplay, latest decision, cold', () =>
  replayDecision(store, last.reviewId),
);
const cached = await time('decisionReplay, latest decision, cached', () =>
  replayDecision(store, last.reviewId),
);
await store.close();
store = fresh();
forgetReplays();
let differences = 0;
const all = await time(`decisionReplay, all ${decisions.length} decisions in order, cold`, async () => {
  for (const d of decisions)
    differences += (await replayDecision(store, d.reviewId))?.differences.length ?? 0;
});
console.log(
  `  ${differences} differences over all decisions; ${fmt(all.ms / decisions.length)} ms per decision`,
);
await store.close();

store = fresh();
const now = new Date();
const asOf = await time(`personAsOf ${anyone}, now`, () =>
  personAsOf(store, anyone, now, null, { riskFactors: true }),
);
const asOfDate = await time(`personAsOf ${anyone}, business date 2025-09-30`, () =>
  personAsOf(store, anyone, now, '2025-09-30', { riskFactors: true }),
);

const lenient: Ladder = {
  ...DEFAULT_SIMULATION_POLICIES.ladder,
  version: DEFAULT_SIMULATION_POLICIES.ladder.version + 1,
  tracks: DEFAULT_SIMULATION_POLICIES.ladder.tracks.map((t) => ({
    ...t,
    levels: t.levels.map((l, i) => ({
      ...l,
      requirements: i === 0 ? [] : [{ kind: 'experience' as const, months: 6 }],
    })),
  })),
};
const simCold = await time('policySimulation, cold', () => simulatePolicies(store, { ladder: lenient }));
const simWarm = await time('policySimulation, head snapshot warm', () =>
  simulatePolicies(store, { ladder: lenient }),
);
console.log(
  `  ${simCold.value.evaluatedPeople} people, ${simCold.value.becomeEligible.length} become eligible, ${simCold.value.becomeIneligible.length} ineligible`,
);
await store.close();

printResult('audit', {
  events: Number(head),
  decisions: decisions.length,
  differences,
  replayEarliestColdMs: earliest.ms,
  replayEarliestEvents: earliest.value?.eventsReplayed ?? 0,
  replayLatestColdMs: latest.ms,
  replayLatestEvents: latest.value?.eventsReplayed ?? 0,
  replayCachedMs: cached.ms,
  replayAllInOrderMs: all.ms,
  personAsOfMs: asOf.ms,
  personAsOfBusinessDateMs: asOfDate.ms,
  simulationColdMs: simCold.ms,
  simulationWarmMs: simWarm.ms,
  simulationPeople: simCold.value.evaluatedPeople,
});
