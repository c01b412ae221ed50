/**
 * `pnpm bench audit`: the auditors' recomputations over the demo company (by default 300 employees
 * over 78 weeks), seeded once into the database `bench_audit` (`BENCH_AUDIT_DATABASE`
 * names another) and reused while it holds a completed seed of that size
 * (`BENCH_AUDIT_FRESH=1` reseeds; `BENCH_AUDIT_EMPLOYEES` / `BENCH_AUDIT_WEEKS` resize it).
 *
 * Builds the fold snapshots from nothing (timed), then compares, cold, with and without them:
 * `decisionReplay` of the earliest and the latest decision, `personAsOf` of a person (now, and
 * as of a business date), `policySimulation` of a lenient draft ladder, and the full what-if
 * (`fullWhatIf`: the head, every past decision and every quarter) of the supervisor's score
 * threshold lowered from 90 to 80 (the decided reviews listed beforehand, as the read model
 * holds them). Cold: a new store
 * connection and a new database handle (no fold in memory, no replay cached); the snapshots
 * are what PostgreSQL holds. One warm-up round, then `BENCH_AUDIT_ROUNDS` rounds (3) that
 * alternate which side goes first; each figure is the median, and the speed-up the median of
 * the per-round ratios (without ÷ with). Then the commission what-if of a draft plan (8% above
 * ¥100,000 a month, from the beginning of history), cold (a new store: the payments read from
 * `$all`) and again on the same store (nothing appended since: nothing read), medians of the
 * rounds. Last, `policySimulation` through the API with a draft of every kind (scoring policy,
 * ladder, commission plan, target policy, retention threshold), each round on a new API (no
 * fold, replay or commission history in memory), the snapshots stored and the read models
 * replayed to the head beforehand: `policySimulationColdMs`. `BENCH_AUDIT_DEMO=1` measures the
 * company `pnpm start` seeds (150 employees, the 104 weeks up to this week) instead. The load
 * average is printed with the figures.
 */
import { loadavg } from 'node:os';
import {
  DEFAULT_DEMO_SEED,
  type DecidedReview,
  demoSeedStatus,
  FoldCache,
  FoldSnapshots,
  forgetReplays,
  personAsOf,
  replayDecision,
  seedDemoCompany,
  simulateCommission,
  simulateHistory,
  simulatePolicies,
} from '@trackrecord/api';
import { startApiHarness, toGraphQL } from '@trackrecord/api/testing';
import {
  CommissionPlanSchema,
  DEFAULT_COMMISSION_PLAN,
  DEFAULT_SCORING_POLICY,
  DEFAULT_TARGET_POLICY,
  type Ladder,
  LadderSchema,
  ScoringPolicySchema,
  TargetPolicySchema,
} from '@trackrecord/domain';
import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import {
  createDb,
  type Database,
  migrateReadModels,
  projections,
  rebuildProjections,
} from '@trackrecord/projections';
import { DEFAULT_SIMULATION_POLICIES } from '@trackrecord/simulator';
import { benchServerUrl, fmt, freshDatabase, printResult } from './support.ts';

// `BENCH_AUDIT_DEMO=1`: the company `pnpm start` seeds (the default demo, a living history
// ending this week with its present); else the 300-person demo of 78 weeks (about 390,000
// events) as a fixed history, as docs/testing.md says.
const demo = process.env.BENCH_AUDIT_DEMO === '1';
const employees = Number(process.env.BENCH_AUDIT_EMPLOYEES ?? (demo ? DEFAULT_DEMO_SEED.employees : 300));
const weeks = Number(process.env.BENCH_AUDIT_WEEKS ?? (demo ? DEFAULT_DEMO_SEED.weeks : 78));
const parameters = { ...DEFAULT_DEMO_SEED, employees, weeks };
const name = process.env.BENCH_AUDIT_DATABASE ?? (demo ? 'bench_audit_demo' : 'bench_audit');

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
      status.parameters.seed === parameters.seed &&
      // A living demo (as `pnpm start` seeds it) or a fixed history, as asked.
      (status.history?.through !== undefined) === demo
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
  console.log(
    `seeding ${employees} employees over ${weeks} weeks${demo ? ' up to today, as pnpm start does' : ''} …`,
  );
  const started = performance.now();
  const today = new Date();
  await seedDemoCompany(store, parameters, demo ? { today: () => today } : {});
  console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await store.close();
}
const connection = url;
await migrateReadModels(connection);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`load average ${load()}`);
const loadBefore = loadavg()[0] ?? 0;
const fresh = () => new PostgresEventStore({ connectionString: connection, poolSize: 2 });
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

let store = fresh();
const head = await store.headPosition();
console.log(`${fmt(Number(head))} events`);
const decisions: { reviewId: string; position: bigint }[] = [];
// The decided reviews as the decisions read model lists them (for the full-history what-if).
const nominated = new Map<string, Record<string, unknown>>();
const decided: DecidedReview[] = [];
let anyone = '';
for (let after = 0n; ; ) {
  const page = await store.readAll({ after, maxCount: 10_000 });
  for (const e of page.events) {
    if (e.type === 'PromotionNominated') nominated.set(String(e.data.reviewId), e.data);
    const n = e.type === 'PromotionDecided' ? nominated.get(String(e.data.reviewId)) : undefined;
    if (n)
      decided.push({
        reviewId: String(e.data.reviewId),
        employeeId: String(n.employeeId),
        fromLevel: String(n.fromLevel),
        toLevel: String(n.toLevel),
        track: String(n.track),
        outcome: String(e.data.outcome),
        decidedAt: String(e.data.at),
        evidencePosition: BigInt(String(e.data.evidencePosition)),
        decisionPosition: e.position,
        policyVersions: e.data.policyVersions as Record<string, number>,
      });
    if (e.type === 'PromotionDecided')
      decisions.push({ reviewId: String(e.data.reviewId), position: e.position });
    if (!anyone && e.type === 'EmployeeHired') anyone = String(e.data.employeeId);
  }
  if (page.isEnd || page.events.length === 0) break;
  after = page.nextAfter;
}
await store.close();
console.log(`${decisions.length} decisions`);
const first = decisions[0];
const last = decisions.at(-1);
if (!first || !last) throw new Error('the demo company has no decisions');

// The snapshots, built from nothing as the first cold fold to the head builds them.
const db = createDb<Database>(connection, 2);
await new FoldSnapshots(db).clear();
store = fresh();
const building = new FoldSnapshots(db);
const buildStarted = performance.now();
await new FoldCache(store).at(head, building);
const foldMs = performance.now() - buildStarted;
await building.flush();
const buildMs = performance.now() - buildStarted;
if (building.errors.length > 0) throw building.errors[0];
await store.close();
const sizes = await db
  .selectFrom('projections.fold_snapshots' as never)
  .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.sum<string>('bytes' as never).as('bytes')])
  .executeTakeFirstOrThrow();
const snapshotCount = Number(sizes.n);
const snapshotBytes = Number(sizes.bytes);
console.log(
  `snapshots built: ${snapshotCount} in ${fmt(buildMs)} ms (fold ${fmt(foldMs)} ms), ${fmt(snapshotBytes / 1024)} KiB compressed, ${fmt(snapshotBytes / 1024 / Math.max(1, snapshotCount))} KiB each`,
);
await db.destroy();

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
// The demo criterion's draft: the supervisor's score threshold lowered from 90 to 80.
const lowered: Ladder = {
  ...DEFAULT_SIMULATION_POLICIES.ladder,
  version: DEFAULT_SIMULATION_POLICIES.ladder.version + 1,
  tracks: DEFAULT_SIMULATION_POLICIES.ladder.tracks.map((t) => ({
    ...t,
    levels: t.levels.map((l) => ({
      ...l,
      requirements: l.requirements.map((r) =>
        r.kind === 'score' && l.id === 'sales_supervisor' ? { ...r, min: 80 } : r,
      ),
    })),
  })),
};
const now = new Date();
const businessDate = process.env.BENCH_AUDIT_BUSINESS_DATE ?? '2025-09-30';
type Snap = FoldSnapshots | null;
const queries: Record<string, (s: PostgresEventStore, snapshots: Snap) => Promise<unknown>> = {
  replayEarliest: (s, snapshots) => replayDecision(s, first.reviewId, { snapshots }),
  replayLatest: (s, snapshots) => replayDecision(s, last.reviewId, { snapshots }),
  personAsOf: (s, snapshots) =>
    personAsOf(s, anyone, { at: now, position: null }, null, { riskFactors: true, snapshots }),
  personAsOfBusinessDate: (s, snapshots) =>
    personAsOf(s, anyone, { at: now, position: null }, businessDate, { riskFactors: true, snapshots }),
  simulation: (s, snapshots) => simulatePolicies(s, { ladder: lenient }, { snapshots }),
  // The full what-if (head, every decision, every quarter) of the lowered supervisor threshold.
  fullWhatIf: async (s, snapshots) => {
    const history = await simulateHistory(s, { ladder: lowered }, decided, { snapshots });
    const head = await simulatePolicies(s, { ladder: lowered }, { fold: history.head });
    return {
      head,
      flipped: history.decisions.filter((d) => d.flip).map((d) => d.decision.reviewId),
      quarters: history.quarters.map((q) => [
        q.quarter,
        q.people.length,
        q.people.filter((p) => p.after).length,
      ]),
    };
  },
};
// `BENCH_AUDIT_ONLY=fullWhatIf,simulation`: those queries only, without the replay of every
// decision and the commission what-if (for profiling; not for recording).
const only = process.env.BENCH_AUDIT_ONLY?.split(',').filter(Boolean);
if (only) for (const name of Object.keys(queries)) if (!only.includes(name)) delete queries[name];
/** What a result says, without its timing. */
const said = (v: unknown) =>
  JSON.stringify(v, (k, x) => (k === 'tookMs' ? 0 : typeof x === 'bigint' ? x.toString() : x));

/** One cold run: a new store and database handle, nothing in memory. */
async function cold(name: string, withSnapshots: boolean): Promise<{ ms: number; result: string }> {
  const s = fresh();
  const handle = createDb<Database>(connection, 2);
  forgetReplays();
  try {
    const started = performance.now();
    const value = await (queries[name] as (typeof queries)[string])(
      s,
      withSnapshots ? new FoldSnapshots(handle) : null,
    );
    return { ms: performance.now() - started, result: said(value) };
  } finally {
    await s.close();
    await handle.destroy();
  }
}

const rounds = Number(process.env.BENCH_AUDIT_ROUNDS ?? 3);
const times: Record<string, { with: number[]; without: number[]; ratio: number[] }> = {};
let identical = true;
for (let round = 0; round <= rounds; round++) {
  const warmUp = round === 0;
  for (const name of Object.keys(queries)) {
    const order = round % 2 === 0 ? [true, false] : [false, true];
    const got: Record<string, { ms: number; result: string }> = {};
    for (const withSnapshots of order) got[String(withSnapshots)] = await cold(name, withSnapshots);
    const w = got.true as { ms: number; result: string };
    const wo = got.false as { ms: number; result: string };
    if (w.result !== wo.result) {
      identical = false;
      console.log(`  ${name}: the results with and without snapshots differ`);
    }
    console.log(
      `${warmUp ? 'warm-up' : `round ${round}`} ${name}: with snapshots ${fmt(w.ms)} ms, without ${fmt(wo.ms)} ms (load ${load()})`,
    );
    if (warmUp) continue;
    const t = times[name] ?? { with: [], without: [], ratio: [] };
    times[name] = t;
    t.with.push(w.ms);
    t.without.push(wo.ms);
    t.ratio.push(wo.ms / w.ms);
  }
}

// Every decision in order with the snapshots, each cold.
let differences = 0;
const allStarted = performance.now();
for (const d of only ? [] : decisions) {
  const s = fresh();
  const handle = createDb<Database>(connection, 2);
  forgetReplays();
  differences +=
    (await replayDecision(s, d.reviewId, { snapshots: new FoldSnapshots(handle) }))?.differences.length ?? 0;
  await s.close();
  await handle.destroy();
}
const allMs = performance.now() - allStarted;
if (!only)
  console.log(
    `decisionReplay, all ${decisions.length} decisions, each cold with snapshots: ${fmt(allMs)} ms (${fmt(allMs / decisions.length)} ms each), ${differences} differences`,
  );

// The commission what-if, cold (a new store reads every payment) and then on the same store.
const draftPlan = {
  ...DEFAULT_COMMISSION_PLAN,
  version: 2,
  tiers: [
    { from: 0, rate: 0.03 },
    { from: 10_000_000, rate: 0.08 },
  ],
};
const whatIf = { cold: [] as number[], again: [] as number[] };
let whatIfResult = { payments: 0, difference: 0 };
for (let round = 0; round <= (only ? -1 : rounds); round++) {
  const s = fresh();
  try {
    let started = performance.now();
    const outcome = await simulateCommission(s, draftPlan);
    const coldMs = performance.now() - started;
    started = performance.now();
    await simulateCommission(s, draftPlan);
    const againMs = performance.now() - started;
    whatIfResult = { payments: outcome.payments, difference: outcome.difference };
    console.log(
      `${round === 0 ? 'warm-up' : `round ${round}`} commission what-if: cold ${fmt(coldMs)} ms, again ${fmt(againMs)} ms, ${outcome.payments} payments, difference ${outcome.difference} fen (load ${load()})`,
    );
    if (round === 0) continue;
    whatIf.cold.push(coldMs);
    whatIf.again.push(againMs);
  } finally {
    await s.close();
  }
}
if (!only)
  console.log(
    `commission what-if: cold ${fmt(median(whatIf.cold))} ms, again ${fmt(median(whatIf.again))} ms over ${whatIfResult.payments} payments`,
  );

// `policySimulation` as the API answers it, with a draft of every kind (scoring policy, ladder,
// commission plan, target policy, retention threshold): each round a new API (harness) on the
// database, so nothing is cached in memory; the snapshots are stored. The read models it reads
// (decided reviews, target progress, alerts, employment) are replayed to the head first.
const POLICY_SIMULATION = `query S($draft: PolicyDraftInput!) { policySimulation(draft: $draft) {
  evaluatedPeople basePosition eventsFolded
  becomeEligible { employeeId toLevel name branchId } becomeIneligible { employeeId toLevel name branchId }
  byBranch { branchId eligibleBefore eligibleAfter becomeEligible becomeIneligible }
  decisionsJudged
  flippedDecisions { decisionId employeeId name branchId outcome flip scoreThen scoreUnderDraft thresholdThen thresholdUnderDraft eligibleThen eligibleUnderDraft }
  eligibleByQuarter { quarter month evaluated eligiblePublished eligibleDraft }
  fairness { branchId evaluated people published { selected rate ratioToHighest belowFourFifths } draft { selected rate ratioToHighest belowFourFifths } }
  commission { planId planVersion inForce draft difference payments paymentsChanged byBranchMonth { branchId month inForce draft } }
  targetWarnings { month people raisedBehind raisedPeerGap behindPublished behindDraft peerGapPublished peerGapDraft }
  retention { modelId modelVersion thresholdPublished thresholdDraft months { month people raised flaggedPublished flaggedDraft } }
} }`;
const everyDraft = {
  // The default scoring policy as a new version: everyone is scored again under the draft.
  scoringPolicy: toGraphQL(ScoringPolicySchema, {
    ...DEFAULT_SCORING_POLICY,
    version: DEFAULT_SCORING_POLICY.version + 10,
  }),
  ladder: toGraphQL(LadderSchema, lowered),
  commissionPlan: toGraphQL(CommissionPlanSchema, draftPlan),
  targetPolicy: toGraphQL(TargetPolicySchema, {
    ...DEFAULT_TARGET_POLICY,
    version: DEFAULT_TARGET_POLICY.version + 1,
    earlyWarning: { ...DEFAULT_TARGET_POLICY.earlyWarning, peerGap: 0.2 },
  }),
  retentionThreshold: 0.4,
};
const policySimulation: number[] = [];
if (!only || only.includes('policySimulation')) {
  const checkpoints = createDb<Database>(connection, 2);
  const behind = await checkpoints
    .selectFrom('projections.checkpoints')
    .select('name')
    .where('position', '>=', head.toString())
    .execute();
  await checkpoints.destroy();
  if (behind.length < projections.length) {
    const rebuilding = fresh();
    const handle = createDb<Database>(connection, 2);
    const started = performance.now();
    await rebuildProjections(rebuilding, handle as never, projections);
    console.log(`read models replayed to the head in ${fmt(performance.now() - started)} ms`);
    await rebuilding.close();
    await handle.destroy();
  }
  let said0: string | null = null;
  for (let round = 0; round <= rounds; round++) {
    const api = await startApiHarness(connection, { poolSize: 4 });
    try {
      const token = await api.token({ userId: 'hr', name: 'HR', role: 'hr_admin' });
      const started = performance.now();
      const { body } = await api.graphql<{ policySimulation: unknown }>(POLICY_SIMULATION, {
        token,
        variables: { draft: everyDraft },
      });
      const ms = performance.now() - started;
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      const answer = said(body.data?.policySimulation);
      if (said0 !== null && answer !== said0) {
        identical = false;
        console.log('  policySimulation: the answers of two rounds differ');
      }
      said0 = answer;
      console.log(
        `${round === 0 ? 'warm-up' : `round ${round}`} policySimulation (every draft kind), cold with snapshots: ${fmt(ms)} ms (load ${load()})`,
      );
      if (round > 0) policySimulation.push(ms);
    } finally {
      await api.close();
    }
  }
}

const metrics: Record<string, number> = {
  events: Number(head),
  decisions: decisions.length,
  rounds,
  snapshots: snapshotCount,
  snapshotBytes,
  snapshotBuildMs: buildMs,
  identical: identical ? 1 : 0,
  replayAllWithSnapshotsMs: allMs,
  differences,
  commissionWhatIfColdMs: median(whatIf.cold),
  commissionWhatIfAgainMs: median(whatIf.again),
  commissionWhatIfPayments: whatIfResult.payments,
};
for (const [name, t] of Object.entries(times)) {
  metrics[`${name}WithMs`] = median(t.with);
  metrics[`${name}WithoutMs`] = median(t.without);
  metrics[`${name}Speedup`] = median(t.ratio);
  console.log(
    `${name}: cold with snapshots ${fmt(median(t.with))} ms, without ${fmt(median(t.without))} ms, median ratio ${median(t.ratio).toFixed(1)}×`,
  );
}
if (policySimulation.length > 0) {
  metrics.policySimulationColdMs = median(policySimulation);
  console.log(
    `policySimulation, every draft kind, full history, cold with snapshots: ${fmt(median(policySimulation))} ms (${employees} employees × ${weeks} weeks, ${fmt(Number(head))} events)`,
  );
}
metrics.loadBefore = loadBefore;
metrics.loadAfter = loadavg()[0] ?? 0;
console.log(`load average ${load()}`);
printResult('audit', metrics);
