/**
 * `pnpm bench api`: the GraphQL API over HTTP on a real PostgreSQL, with the projection
 * runners running, as a dashboard would use it.
 *
 * - team overview: a team of 200 with every member's KPI facts, commission and manager
 *   (dataloaders: 4 SQL statements whatever the team size) — p50/p95/p99 in ms; then teams of
 *   50, 200 and 800 in rounds that alternate which goes first: p50/p95 of each and the growth
 *   in ms per member (the slope of the medians from 50 to 800);
 * - one-stop review of a person: profile, 12 months of KPI facts, commission, score breakdown,
 *   eligibility checklist, risk with factors, target with light, training, alerts, the review
 *   basis (evidence position, policy versions) and the event timeline — p50/p95/p99 in ms;
 * - mutations/s: concurrent clients sending `logFollowUp` for different people;
 * - write-to-read lag: from a `closeSale` mutation's answer to the read models having applied
 *   it (a query with `@waitFor(position:)` returning), p50/p95/p99 in ms;
 * - payment-to-commission lag: from a `collectPayment` answer to the person's commission ledger
 *   (what My path shows) holding the payment, p50/p95/p99 in ms.
 *
 * Environment: BENCH_API_REQUESTS (default 300 per query), BENCH_API_MUTATIONS (default 3000),
 * BENCH_API_CLIENTS (default 32), BENCH_API_LAG_SAMPLES (default 200).
 */

import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { groupCommitterFor } from '@trackrecord/api';
import { seedTeam, startApiHarness, TEAM_OVERVIEW_QUERY } from '@trackrecord/api/testing';
import { SingleBar } from 'cli-progress';
import { sql } from 'kysely';
import { dropDatabase, fmt, freshDatabase, printResult } from './support.ts';

const REQUESTS = Number(process.env.BENCH_API_REQUESTS ?? 300);
const MUTATIONS = Number(process.env.BENCH_API_MUTATIONS ?? 3000);
const CLIENTS = Number(process.env.BENCH_API_CLIENTS ?? 32);
const LAG_SAMPLES = Number(process.env.BENCH_API_LAG_SAMPLES ?? 200);
/** Team sizes of the overview's growth sweep, smallest first; 200 is the team measured above. */
const SWEEP: readonly number[] = [50, 200, 800];
const SWEEP_ROUNDS = 3;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
};
const ms = (n: number) => `${n.toFixed(1)} ms`;
const bar = (label: string, total: number) => {
  const b = new SingleBar({
    format: `  ${label} [{bar}] {value}/{total} | ETA {eta}s`,
    stream: process.stderr,
    noTTYOutput: true,
    notTTYSchedule: 5000,
  });
  b.start(total, 0);
  return b;
};

interface LoadJob {
  readonly base: string;
  readonly token: string;
  readonly from: number;
  readonly to: number;
  readonly clients: number;
}

/** A load worker: sends mutations `from`..`to` with `clients` requests in flight, reporting progress. */
async function runLoad(job: LoadJob): Promise<void> {
  const go = new Promise((resolve) => parentPort?.once('message', resolve));
  parentPort?.postMessage(0);
  await go;
  const MUTATION = `mutation Log($input: LogFollowUpInput!) { logFollowUp(input: $input) { __typename ... on CommandSucceeded { position } } }`;
  let next = job.from;
  await Promise.all(
    Array.from({ length: job.clients }, async () => {
      for (let i = next++; i < job.to; i = next++) {
        const response = await fetch(`${job.base}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/graphql-response+json',
            authorization: `Bearer ${job.token}`,
          },
          body: JSON.stringify({
            query: MUTATION,
            variables: {
              input: {
                employeeId: `large-${String(i % 200).padStart(4, '0')}`,
                customerId: `c-${i}`,
                at: '2026-03-20T10:00:00Z',
              },
            },
          }),
        });
        const body = (await response.json()) as { data?: { logFollowUp: { __typename: string } } };
        if (body.data?.logFollowUp.__typename !== 'CommandSucceeded') throw new Error(JSON.stringify(body));
        parentPort?.postMessage(1);
      }
    }),
  );
}

async function main(): Promise<void> {
  const name = 'tr_bench_api';
  const url = await freshDatabase(name);
  const api = await startApiHarness(url, { runners: true, poolSize: 20 });
  try {
    const hr = await api.token({ userId: 'hr', name: 'HR', role: 'hr_admin' });
    const manager = await api.token({ userId: 'tm', name: 'TM', role: 'team_manager', teamId: 'large' });

    console.log('seeding a team of 200 (hire, one sale and one payment each, through the command bus) ...');
    await seedTeam(api.store, 'large', 200);
    const head = await api.store.headPosition();
    const caughtUp = await api.watermark.waitFor(head, 60_000);
    // The read models were filled seconds ago; autovacuum would analyze them within a minute.
    // Measure the steady state, with the planner's statistics, not a database no one has
    // looked at yet (without them the overview's target join scans the team per person).
    await sql`ANALYZE`.execute(api.db);
    console.log(
      `  ${fmt(Number(head))} events; read models at ${caughtUp.position} after ${caughtUp.waitedMs} ms`,
    );

    async function timeQuery(
      label: string,
      query: string,
      variables: Record<string, unknown>,
      token: string,
    ) {
      for (let i = 0; i < 20; i++) await api.graphql(query, { token, variables }); // warm-up
      const samples: number[] = [];
      const progress = bar(label, REQUESTS);
      for (let i = 0; i < REQUESTS; i++) {
        const start = performance.now();
        const { body } = await api.graphql(query, { token, variables });
        samples.push(performance.now() - start);
        if (body.errors) throw new Error(`${label}: ${JSON.stringify(body.errors)}`);
        progress.increment();
      }
      progress.stop();
      const s = summary(samples);
      console.log(
        `  ${label}: p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)} (${REQUESTS} requests, sequential)`,
      );
      return s;
    }

    console.log('team overview of 200 people over HTTP, as their team manager ...');
    const overview = await timeQuery('team overview', TEAM_OVERVIEW_QUERY, { team: 'large' }, manager);

    // Does the overview grow with the team? Teams of 50, 200 and 800, each round in another
    // order (after a warm-up), the same number of requests each; the growth is the slope of the
    // medians from 50 to 800 people, in ms per member.
    console.log(
      `team overview by team size (${SWEEP.join(', ')} people), ${SWEEP_ROUNDS} rounds alternating ...`,
    );
    for (const size of SWEEP) if (size !== 200) await seedTeam(api.store, `team${size}`, size);
    await api.watermark.waitFor(await api.store.headPosition(), 120_000);
    await sql`ANALYZE`.execute(api.db);
    const teamOf = (size: number) => (size === 200 ? 'large' : `team${size}`);
    const sweepTokens = new Map<number, string>();
    for (const size of SWEEP)
      sweepTokens.set(
        size,
        await api.token({ userId: `tm${size}`, name: 'TM', role: 'team_manager', teamId: teamOf(size) }),
      );
    const bySize = new Map<number, number[]>(SWEEP.map((s) => [s, []]));
    const perRound = Math.max(10, Math.round(REQUESTS / SWEEP_ROUNDS));
    for (let round = 0; round <= SWEEP_ROUNDS; round++) {
      const order = SWEEP.map((_, i) => SWEEP[(i + round) % SWEEP.length] as number);
      for (const size of order) {
        const variables = { team: teamOf(size) };
        const token = sweepTokens.get(size) as string;
        for (let i = 0; i < perRound; i++) {
          const start = performance.now();
          const { body } = await api.graphql(TEAM_OVERVIEW_QUERY, { token, variables });
          const took = performance.now() - start;
          if (body.errors) throw new Error(`team overview of ${size}: ${JSON.stringify(body.errors)}`);
          if (round > 0) bySize.get(size)?.push(took); // round 0 is the warm-up
        }
      }
    }
    const sweep = new Map(SWEEP.map((size) => [size, summary(bySize.get(size) ?? [])]));
    for (const [size, s] of sweep)
      console.log(
        `  ${size} people: p50 ${ms(s.p50)}, p95 ${ms(s.p95)} (${perRound * SWEEP_ROUNDS} requests)`,
      );
    const smallest = SWEEP[0] as number;
    const largest = SWEEP[SWEEP.length - 1] as number;
    const perMember =
      ((sweep.get(largest)?.p50 ?? 0) - (sweep.get(smallest)?.p50 ?? 0)) / (largest - smallest);
    console.log(`  growth: ${perMember.toFixed(3)} ms per member (medians, ${smallest} → ${largest} people)`);

    console.log(
      'one-stop review of a person (evidence, score, eligibility, risk, target, training, alerts, commission, timeline) ...',
    );
    const REVIEW = `query Review($id: String!) {
      person(id: $id) {
        id name level track probation status hiredAt manager { id name }
        kpis(months: { from: "2025-04", to: "2026-03" }) { month salesAmount deals collected collectionRate followUps demos newCustomers }
        commission(month: "2026-03") { collected commission payments planId planVersion }
        score(month: "2026-03") { score rank formula parts { kpi name nameZh raw rawFormula normalised normalisationFormula missing weight points } missing policyId policyVersion position }
        eligibility { track toLevel eligible met required checklist { met actual text { en zh } task { en zh } requirement { kind min kpi courseId } } gaps { met text { en zh } task { en zh } } summaryZh ladderVersion position }
        retentionRisk { band risk flagged method modelVersion factors { formula contributions { feature name nameZh value contribution } signals { rule met text { en zh } } } }
        target(period: "2026-03") { amount achieved stageTarget attainment light behindWarning }
        training { courseId state testScore }
        alerts { kind mustAct { role id } messageZh state }
        reviewBasis(month: "2026-03") { evidencePosition scoringPolicy { id version } ladder { id version } riskModel { id version } commissionPlan { id version } }
        timeline(first: 50) { type position recordedAt data actor }
        compositeScore scoreTrend targetLight eligible riskBand
        feedback360 { at from rating comment }
        mentoring { mentorId weeks { weekStart state missing } ratings { rating } overdueWeeks }
        recommendations { courseId titleZh reasonZh kpi }
        reviews { id state votes { vote comment } decision { outcome evidencePosition } }
        lineageFlags { kind ref saleId amountBefore amountAfter }
      }
    }`;
    const review = await timeQuery('review', REVIEW, { id: 'large-0007' }, hr);

    console.log('people(first: 100) by score, best first, with the overview figures, as HR ...');
    // `first` as a variable, as the dashboard sends it (a literal `first: 100` multiplies the
    // document's static cost by 100 in the cost limit).
    const PEOPLE = `query People($first: Int!) {
      people(first: $first, sort: SCORE, dir: DESC) {
        edges { cursor node { id name level compositeScore scoreMonth scoreTrend targetLight eligible riskBand manager { name } } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    const people = await timeQuery('people page', PEOPLE, { first: 100 }, hr);

    console.log(`mutations over HTTP: ${fmt(MUTATIONS)} logFollowUp from ${CLIENTS} concurrent clients ...`);
    // The load runs in worker threads, so that the clients do not share the server's event loop.
    const WORKERS = 2;
    // Workers load first (tsx, modules) and say "ready"; the clock starts when all are told to go.
    const workers = Array.from({ length: WORKERS }, (_, w) => {
      const worker = new Worker(
        // Node 20 workers do not inherit tsx's loader: register it, then load this file.
        `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`,
        {
          eval: true,
          workerData: {
            base: api.base,
            token: hr,
            from: Math.floor((w * MUTATIONS) / WORKERS),
            to: Math.floor(((w + 1) * MUTATIONS) / WORKERS),
            clients: Math.ceil(CLIENTS / WORKERS),
          } satisfies LoadJob,
        },
      );
      const ready = new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
      });
      return { worker, ready };
    });
    await Promise.all(workers.map((w) => w.ready));
    const progress = bar('mutations', MUTATIONS);
    const groupBefore = { ...groupCommitterFor(api.store).stats };
    const started = performance.now();
    await Promise.all(
      workers.map(
        ({ worker }) =>
          new Promise<void>((resolve, reject) => {
            worker.on('message', (n: number) => progress.increment(n));
            worker.on('error', reject);
            worker.on('exit', (code) =>
              code === 0 ? resolve() : reject(new Error(`load worker exited with ${code}`)),
            );
            worker.postMessage('go');
          }),
      ),
    );
    progress.stop();
    const mutationsPerSecond = MUTATIONS / ((performance.now() - started) / 1000);
    const group = { ...groupCommitterFor(api.store).stats };
    group.commands -= groupBefore.commands;
    group.flushes -= groupBefore.flushes;
    console.log(
      `  ${fmt(mutationsPerSecond)} mutations/s; group commit: ${fmt(group.commands)} commands in ${fmt(group.flushes)} transactions (${(group.commands / Math.max(1, group.flushes)).toFixed(1)} per transaction, largest ${group.largest})`,
    );
    await api.watermark.waitFor(await api.store.headPosition(), 60_000);

    console.log(
      `write-to-read lag: ${LAG_SAMPLES} closeSale mutations, each followed by a @waitFor query ...`,
    );
    const lags: number[] = [];
    const lagBar = bar('lag', LAG_SAMPLES);
    for (let i = 0; i < LAG_SAMPLES; i++) {
      const { body } = await api.graphql<{ closeSale: { __typename: string; position: string } }>(
        `mutation Sale($input: CloseSaleInput!) { closeSale(input: $input) { __typename ... on CommandSucceeded { position } } }`,
        {
          token: hr,
          variables: {
            input: {
              saleId: `lag-${i}`,
              employeeId: `large-${String(i % 200).padStart(4, '0')}`,
              amount: 10_000 + i,
              grossMargin: 0.3,
              productLine: 'crm',
              customerId: `lag-c-${i}`,
              customerType: 'smb',
              channel: 'direct',
              newCustomer: false,
              cycleDays: 5,
              closedAt: '2026-03-21T10:00:00Z',
            },
          },
        },
      );
      const position = body.data?.closeSale.position;
      if (!position) throw new Error(JSON.stringify(body));
      const start = performance.now();
      const read = await api.graphql(`query Mine @waitFor(position: "${position}") { headPosition }`, {
        token: hr,
      });
      const waited = read.body.extensions?.waitFor as { reached: boolean } | undefined;
      if (!waited?.reached) throw new Error(`position ${position} not reached within 5 s`);
      lags.push(performance.now() - start);
      lagBar.increment();
    }
    lagBar.stop();
    const lag = summary(lags);
    console.log(`  lag: p50 ${ms(lag.p50)}, p95 ${ms(lag.p95)}, p99 ${ms(lag.p99)}`);

    console.log(
      `payment-to-commission lag: ${LAG_SAMPLES} collectPayment mutations, each followed by the person's commission ledger read with @waitFor ...`,
    );
    const paymentLags: number[] = [];
    const paymentBar = bar('payment lag', LAG_SAMPLES);
    for (let i = 0; i < LAG_SAMPLES; i++) {
      const employeeId = `large-${String(i % 200).padStart(4, '0')}`;
      const { body } = await api.graphql<{ collectPayment: { __typename: string; position: string } }>(
        `mutation Pay($input: CollectPaymentInput!) { collectPayment(input: $input) { __typename ... on CommandSucceeded { position } } }`,
        {
          token: hr,
          variables: {
            input: {
              paymentId: `lag-p-${i}`,
              saleId: `lag-${i}`,
              amount: 5_000,
              collectedAt: '2026-03-22T10:00:00Z',
              reason: 'recorded by hand in the benchmark',
            },
          },
        },
      );
      const position = body.data?.collectPayment.position;
      if (!position) throw new Error(JSON.stringify(body));
      const start = performance.now();
      const read = await api.graphql<{ commissionLedger: { paymentId: string }[] }>(
        `query Ledger @waitFor(position: "${position}") { commissionLedger(employeeId: "${employeeId}", month: "2026-03") { paymentId } }`,
        { token: hr },
      );
      if (!read.body.data?.commissionLedger.some((l) => l.paymentId === `lag-p-${i}`))
        throw new Error(`payment lag-p-${i} not in the ledger after @waitFor: ${JSON.stringify(read.body)}`);
      paymentLags.push(performance.now() - start);
      paymentBar.increment();
    }
    paymentBar.stop();
    const paymentLag = summary(paymentLags);
    console.log(
      `  payment to commission: p50 ${ms(paymentLag.p50)}, p95 ${ms(paymentLag.p95)}, p99 ${ms(paymentLag.p99)}`,
    );

    printResult('api', {
      team_overview_p50_ms: overview.p50,
      team_overview_p95_ms: overview.p95,
      team_overview_p99_ms: overview.p99,
      ...Object.fromEntries(
        [...sweep].flatMap(([size, s]) => [
          [`team_overview_${size}_p50_ms`, s.p50],
          [`team_overview_${size}_p95_ms`, s.p95],
        ]),
      ),
      team_overview_ms_per_member: perMember,
      review_p50_ms: review.p50,
      review_p95_ms: review.p95,
      review_p99_ms: review.p99,
      people_page_p50_ms: people.p50,
      people_page_p95_ms: people.p95,
      people_page_p99_ms: people.p99,
      mutations_per_s: mutationsPerSecond,
      mutations_per_transaction: group.commands / Math.max(1, group.flushes),
      lag_p50_ms: lag.p50,
      lag_p99_ms: lag.p99,
      payment_lag_p50_ms: paymentLag.p50,
      payment_lag_p99_ms: paymentLag.p99,
    });
  } finally {
    await api.close();
    await dropDatabase(name);
  }
}

if (isMainThread) await main();
else await runLoad(workerData as LoadJob);
